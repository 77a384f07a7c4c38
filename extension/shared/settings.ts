/**
 * Settings (no personal data): storage.local for the user's choices, storage.managed for policy
 * set by IT (managed values win, docs/architecture.md §7). Card data never goes here.
 * Values of the wrong type — from a hand-edited policy or an old version — are ignored key by
 * key, so one bad policy value never breaks the extension.
 */
import { isLoopbackHost } from '../../src/fill/loopback';
import browser from 'webextension-polyfill';
import { SITE_HOSTS } from '../../src/sites/index';

type LanguageSetting = 'en' | 'zh_CN' | null;

export interface Settings {
  /** Reader SPEC sent to the host, or null to use the host's own default. */
  reader: string | null;
  clearAfterSeconds: number;
  clearAfterFill: boolean;
  staffMode: boolean;
  /**
   * Where filling is allowed: host names for https pages (a name also allows its subdomains), and
   * exact `http://` origins of intranet systems (see isIntranetHost; docs/enterprise.md).
   */
  siteAllowList: string[];
  /** UI language override: null = the browser's language. */
  language: LanguageSetting;
}

export const DEFAULT_SETTINGS: Settings = {
  reader: null,
  clearAfterSeconds: 120,
  clearAfterFill: true,
  staffMode: false,
  siteAllowList: [...SITE_HOSTS],
  language: null,
};

/** Keys IT can set through policy (extension/public/managed-schema.json has the same names). */
const MANAGEABLE_KEYS = ['siteAllowList', 'clearAfterSeconds', 'clearAfterFill', 'staffMode', 'reader', 'language'] as const;
export type ManageableKey = (typeof MANAGEABLE_KEYS)[number];

/** The options page offers 15 s … 1 h (as the policy schema does). */
export const CLEAR_AFTER_MIN_UI = 15;
export const CLEAR_AFTER_MAX = 3600;

export interface EffectiveSettings extends Settings {
  /** Keys fixed by policy; the options page shows them locked. */
  locked: ManageableKey[];
}

const HOST_NAME_RE = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?$/i;

const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
/**
 * Name endings that only resolve inside an organisation's network: `.lan` and `.home.arpa` (home
 * and office routers), `.internal` (reserved for private use), `.local` (multicast DNS, and the
 * Active Directory domains many hospitals and hotels still use), `.intranet`, `.corp`. This list
 * is a decision, not a standard: docs/enterprise.md says why each is here.
 */
export const INTRANET_SUFFIXES = ['.lan', '.internal', '.local', '.home.arpa', '.intranet', '.corp'] as const;

/**
 * True for a host that can only be an intranet system: a private IPv4 address (10/8, 172.16/12,
 * 192.168/16), a single-label name (`his`, `frontdesk`) or a name under INTRANET_SUFFIXES.
 * Loopback is not "intranet": it is this computer and always allowed.
 */
export function isIntranetHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  const ip = IPV4_RE.exec(h);
  if (ip) {
    const [a, b] = [Number(ip[1]), Number(ip[2])];
    if (ip.slice(1).some((x) => Number(x) > 255)) return false;
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  if (!HOST_NAME_RE.test(h) || h === 'localhost' || /^[\d.]+$/.test(h)) return false;
  if (!h.includes('.')) return true;
  return INTRANET_SUFFIXES.some((suffix) => h.endsWith(suffix) && h.length > suffix.length);
}

/** True for this computer's own names (one definition with the engine's: src/fill/loopback.ts). */
export { isLoopbackHost };

/** `http://host[:port]` for an http address on an intranet host, else null. */
export function intranetHttpOrigin(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || url.username || url.password || !isIntranetHost(url.hostname)) return null;
  return url.origin;
}

/** A site list entry in canonical form (lower case, no scheme/path/wildcard), or null if it is not a host name. */
export function normaliseSite(input: string): string | null {
  // An intranet system over http is kept as its exact origin (scheme, host and port).
  if (/^\s*http:\/\//i.test(input)) {
    const origin = intranetHttpOrigin(input);
    if (origin) return origin;
  }
  let s = input.trim().toLowerCase();
  // People paste addresses: keep only the host part.
  s = s
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d+$/, '');
  if (s === '' || s.length > 253 || !HOST_NAME_RE.test(s)) return null;
  s = s.replace(/^\*\./, '').replace(/\.$/, '');
  return s.includes('.') || s === 'localhost' ? s : null;
}

/** Keep only values of the right type; anything else is dropped (the default or user value applies). */
export function sanitiseSettings(raw: unknown): Partial<Settings> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const o = raw as Record<string, unknown>;
  const out: Partial<Settings> = {};
  if (o['reader'] === null || (typeof o['reader'] === 'string' && o['reader'].length <= 512 && !/[\0\n\r]/.test(o['reader']))) {
    const r = (o['reader'] as string | null)?.trim() ?? null;
    out.reader = r === '' || r === 'auto' ? null : r;
  }
  if (typeof o['clearAfterSeconds'] === 'number' && Number.isFinite(o['clearAfterSeconds'])) {
    // No lower bound of 15 here: tests (and IT, knowingly) may set a few seconds through storage.
    out.clearAfterSeconds = Math.min(CLEAR_AFTER_MAX, Math.max(1, Math.round(o['clearAfterSeconds'])));
  }
  if (typeof o['clearAfterFill'] === 'boolean') out.clearAfterFill = o['clearAfterFill'];
  if (typeof o['staffMode'] === 'boolean') out.staffMode = o['staffMode'];
  if (Array.isArray(o['siteAllowList'])) {
    const sites = o['siteAllowList']
      .filter((s): s is string => typeof s === 'string')
      .map(normaliseSite)
      .filter((s): s is string => s !== null);
    out.siteAllowList = [...new Set(sites)];
  }
  if (o['language'] === null || o['language'] === 'en' || o['language'] === 'zh_CN') out.language = o['language'];
  return out;
}

async function managedValues(): Promise<Partial<Settings>> {
  try {
    return sanitiseSettings(await browser.storage.managed.get(null));
  } catch {
    return {}; // No policy installed (or not supported, e.g. Firefox without a policy file).
  }
}

/** The settings in force: defaults, then the user's choices, then policy (which wins). */
export function mergeSettings(user: Partial<Settings>, managed: Partial<Settings>): EffectiveSettings {
  const merged: Settings = { ...DEFAULT_SETTINGS, ...user };
  const locked: ManageableKey[] = [];
  for (const key of MANAGEABLE_KEYS) {
    if (managed[key] !== undefined) {
      (merged as unknown as Record<string, unknown>)[key] = managed[key];
      locked.push(key);
    }
  }
  return { ...merged, locked };
}

export async function loadSettings(): Promise<EffectiveSettings> {
  const [local, managed] = await Promise.all([browser.storage.local.get('settings'), managedValues()]);
  return mergeSettings(sanitiseSettings(local['settings']), managed);
}

export async function saveSettings(patch: Partial<Settings>): Promise<void> {
  const local = await browser.storage.local.get('settings');
  const current = sanitiseSettings(local['settings']);
  await browser.storage.local.set({ settings: { ...current, ...patch } });
}

/** Calls `listener` whenever the user's settings or the policy change. */
export function onSettingsChanged(listener: () => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if ((area === 'local' && 'settings' in changes) || area === 'managed') listener();
  });
}

/**
 * The reader SPEC to send with a request, or undefined for the host's own default. The host
 * accepts only auto, sim and serial devices from the browser; a vendor library (sdtapi:) is local
 * configuration (`cardfill-host install --reader sdtapi:…`, native-host/messaging.ts
 * assertRequestableSpec), so such a choice is not sent: the host then uses what was installed.
 */
export function requestReader(reader: string | null): string | undefined {
  if (reader === null || reader.startsWith('sdtapi:')) return undefined;
  return reader;
}

/** True when `hostname` is an allowed site or a subdomain of one (https; http origins are never matched here). */
export function siteAllowed(hostname: string, allowList: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return allowList.some((entry) => {
    if (entry.includes('://')) return false;
    const site = entry.trim().toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
    return site !== '' && (host === site || host.endsWith('.' + site));
  });
}

/** How CardFill treats a page address: where it may fill, and what the person can allow. */
export type PageAccess =
  | { kind: 'allowed'; insecure: boolean }
  /** Not on the site list; `entry` is what "Allow CardFill on <site>" adds, `pattern` the host permission it asks for. */
  | { kind: 'not-listed'; entry: string; pattern: string; insecure: boolean }
  | { kind: 'refused'; reason: 'insecure' | 'scheme' };

/**
 * https pages on the site list; http on this computer; http on an intranet host only when that
 * exact origin is on the list; any other http page never (docs/enterprise.md, SECURITY.md).
 */
export function pageAccess(address: string, allowList: readonly string[]): PageAccess {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { kind: 'refused', reason: 'scheme' };
  }
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return { kind: 'allowed', insecure: false };
  if (url.protocol === 'http:') {
    const origin = intranetHttpOrigin(address);
    if (!origin) return { kind: 'refused', reason: 'insecure' };
    return allowList.includes(origin)
      ? { kind: 'allowed', insecure: true }
      : { kind: 'not-listed', entry: origin, pattern: `http://${url.hostname}/*`, insecure: true };
  }
  if (url.protocol !== 'https:') return { kind: 'refused', reason: 'scheme' };
  if (isLoopbackHost(url.hostname) || siteAllowed(url.hostname, allowList)) return { kind: 'allowed', insecure: false };
  const entry = normaliseSite(url.hostname) ?? url.hostname;
  return { kind: 'not-listed', entry, pattern: `https://${url.hostname}/*`, insecure: false };
}

/**
 * True when the match pattern `pattern` (e.g. `https://kyfw.12306.cn/*`) lies inside one of
 * `grantable` (the manifest's optional host permissions, e.g. `https://*.12306.cn/*`): only then
 * can the browser be asked for it. CardFill's manifest lists no wildcard host (SECURITY.md P10),
 * so for other sites the fill relies on activeTab — the person's click on CardFill's button.
 */
export function patternGrantable(pattern: string, grantable: readonly string[]): boolean {
  const parse = (p: string) => /^(https?|\*):\/\/([^/]+)\//.exec(p);
  const want = parse(pattern);
  if (!want) return false;
  return grantable.some((g) => {
    const have = parse(g);
    if (!have || (have[1] !== '*' && have[1] !== want[1])) return false;
    const host = have[2]!;
    if (host === '*') return true;
    if (host.startsWith('*.')) return want[2] === host.slice(2) || want[2]!.endsWith(host.slice(1));
    return want[2] === host;
  });
}
