/**
 * The text of the files `install` writes: the host manifests the browsers read, and the small
 * launcher each manifest's `path` points at. Pure functions of their inputs, so the tests can
 * compare exact text for every OS.
 */
import { HOST_NAME } from '../../src/protocol/messages';
import { CardFillError } from '../../src/errors';
import { DEV_CHROME_ID, FIREFOX_ID, RELEASE_CHROME_IDS } from './ids';
import type { ManifestFlavour } from './locations';

export const MANIFEST_DESCRIPTION =
  'CardFill card reader host: reads Chinese identity cards from a desktop reader for the CardFill browser extension';

/** Chrome extension ids are 32 letters a–p (docs/tooling.md §2). */
export const CHROME_ID = /^[a-p]{32}$/;
/** Firefox add-on ids are email-like or a braced UUID (MDN browser_specific_settings). */
const GECKO_ID = /^(?:[A-Za-z0-9._+-]*@[A-Za-z0-9._-]+|\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\})$/;

interface ExtensionIds {
  chrome: string[];
  firefox: string[];
}

/**
 * Sort `--extension-id` values into Chrome and Firefox ids. A Chrome origin
 * (`chrome-extension://ID/`) is accepted too, because that is what people copy from the browser.
 */
export function classifyExtensionIds(values: readonly string[]): ExtensionIds {
  const out: ExtensionIds = { chrome: [], firefox: [] };
  for (const raw of values) {
    const value = raw.trim();
    const origin = /^chrome-extension:\/\/([^/]+)\/?$/.exec(value);
    const id = origin ? origin[1]! : value;
    if (CHROME_ID.test(id)) {
      if (!out.chrome.includes(id)) out.chrome.push(id);
    } else if (!origin && GECKO_ID.test(id)) {
      if (!out.firefox.includes(id)) out.firefox.push(id);
    } else {
      throw new CardFillError(
        'BAD_REQUEST',
        `"${value.slice(0, 80)}" is not an extension id: a Chrome/Edge id is 32 letters a to p, a Firefox id looks like name@example.org`,
      );
    }
  }
  return out;
}

/**
 * Chrome-family extension ids written into allowed_origins. Known store ids always; the dev id only
 * while no store id exists (RELEASE_CHROME_IDS is empty until the first upload), so that a default
 * install works with the unpacked build; plus any id given with --extension-id.
 */
export function chromeIdsToAllow(extra: readonly string[]): string[] {
  const base = RELEASE_CHROME_IDS.length > 0 ? [...RELEASE_CHROME_IDS] : [DEV_CHROME_ID];
  return [...new Set([...base, ...extra])];
}

export function firefoxIdsToAllow(extra: readonly string[]): string[] {
  return [...new Set([FIREFOX_ID, ...extra])];
}

/** `allowed_origins` entries need the trailing slash, or Chrome rejects the manifest (docs/tooling.md §3). */
export function chromeOrigin(id: string): string {
  return `chrome-extension://${id}/`;
}

export function manifestText(flavour: ManifestFlavour, launcherPath: string, ids: ExtensionIds): string {
  const common = { name: HOST_NAME, description: MANIFEST_DESCRIPTION, path: launcherPath, type: 'stdio' as const };
  const manifest =
    flavour === 'chrome'
      ? { ...common, allowed_origins: chromeIdsToAllow(ids.chrome).map(chromeOrigin) }
      : { ...common, allowed_extensions: firefoxIdsToAllow(ids.firefox) };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

interface LauncherInput {
  nodePath: string;
  hostBundle: string;
  /** Every id given with --extension-id; the host accepts these callers (native-host/callers.ts). */
  extraIds: readonly string[];
  /** `install --reader SPEC`: the reader this computer uses (e.g. a vendor library), as local configuration. */
  reader?: string | undefined;
}

/** POSIX shell single quotes: everything literal except the quote itself. */
function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Linux/macOS launcher. The browser runs the manifest's `path` directly, with the browser's
 * environment: a browser started from a desktop menu often has no `node` on PATH (nvm, Homebrew),
 * so the launcher pins the absolute Node.js that ran `install`, and the absolute bundle path.
 */
export function posixLauncherText(input: LauncherInput): string {
  const lines = [
    '#!/bin/sh',
    '# CardFill native messaging launcher, written by "cardfill-host install".',
    '# The browser starts this file; it runs the CardFill host with a fixed Node.js.',
  ];
  if (input.extraIds.length > 0) {
    lines.push(`CARDFILL_EXTENSION_IDS=${shQuote(input.extraIds.join(','))}`, 'export CARDFILL_EXTENSION_IDS');
  }
  if (input.reader) lines.push(`CARDFILL_READER=${shQuote(input.reader)}`, 'export CARDFILL_READER');
  // The single executable is its own Node.js: it is started alone (docs/release.md).
  const program = input.hostBundle === input.nodePath ? shQuote(input.nodePath) : `${shQuote(input.nodePath)} ${shQuote(input.hostBundle)}`;
  lines.push(`exec ${program} "$@"`);
  return `${lines.join('\n')}\n`;
}

/** In a .bat file `%` starts a variable even inside quotes; `%%` is a literal percent sign. */
function batLiteral(s: string): string {
  if (/["\r\n]/.test(s)) throw new CardFillError('BAD_REQUEST', 'A path for the Windows launcher contains a quote or a line break');
  return s.replace(/%/g, '%%');
}

/**
 * Windows launcher. Chrome starts Windows hosts through `cmd.exe`, so the manifest may point at a
 * .bat file (Chrome docs; docs/prior-art.md §A6). `%*` passes the caller origin and
 * `--parent-window=…` on to the host. CRLF line endings, as cmd.exe expects.
 */
export function windowsLauncherText(input: LauncherInput): string {
  const lines = ['@echo off', 'rem CardFill native messaging launcher, written by "cardfill-host install".', 'setlocal'];
  if (input.extraIds.length > 0) lines.push(`set "CARDFILL_EXTENSION_IDS=${batLiteral(input.extraIds.join(','))}"`);
  if (input.reader) lines.push(`set "CARDFILL_READER=${batLiteral(input.reader)}"`);
  const program =
    input.hostBundle === input.nodePath
      ? `"${batLiteral(input.nodePath)}"`
      : `"${batLiteral(input.nodePath)}" "${batLiteral(input.hostBundle)}"`;
  lines.push(`${program} %*`);
  return `${lines.join('\r\n')}\r\n`;
}
