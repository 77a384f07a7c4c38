/**
 * Pure planning of `install` and `uninstall`: which folders, files and registry keys, with what
 * content, for which browsers. No I/O here, so `--dry-run` prints exactly what a real run does and
 * the tests check every OS from Linux. ./execute.ts carries the plan out.
 */
import { CardFillError } from '../../src/errors';
import {
  BROWSERS,
  FIREFOX_MANIFEST_FILE_WINDOWS,
  LAUNCHER_FILE_POSIX,
  LAUNCHER_FILE_WINDOWS,
  MANIFEST_FILE,
  flavourOf,
  lastErrorPath,
  manifestDir,
  pathApi,
  profileManifestDir,
  registryKey,
  windowsInstallDir,
  type BrowserId,
  type LocationContext,
  type ManifestFlavour,
  type TargetOs,
} from './locations';
import { classifyExtensionIds, manifestText, posixLauncherText, windowsLauncherText } from './manifest';

/** Who an action is for: a browser, or the Chromium user-data-dir given with --profile. */
export type Target = BrowserId | 'profile';

export type InstallAction = { for: Target[] } & (
  | { kind: 'mkdir'; path: string }
  | { kind: 'write-file'; path: string; content: string; mode: number }
  | { kind: 'chmod'; path: string; mode: number }
  /** Windows: set the key's default value to the manifest path. `command` is the exact `reg` argv. */
  | { kind: 'registry-add'; key: string; value: string; command: string[] }
  | { kind: 'registry-delete'; key: string; command: string[] }
  /** Remove a file (nothing if absent); with `emptyDirOnly`, remove a folder only when it is empty. */
  | { kind: 'remove'; path: string; emptyDirOnly?: boolean }
);

interface PlanInput {
  os: TargetOs;
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Empty or undefined: every supported browser (or, with profileDir, the Chromium profile only). */
  browsers?: readonly BrowserId[];
  /** Raw `--extension-id` values (Chrome ids, Chrome origins or Firefox ids). */
  extensionIds?: readonly string[];
  system?: boolean;
  /** A Chromium user-data-dir: write DIR/NativeMessagingHosts/ instead of the browsers' own folders. */
  profileDir?: string;
  /** Absolute path of the bundled host (native-host/dist/cardfill-host.mjs). */
  hostBundle: string;
  /** Absolute path of the Node.js that runs it (process.execPath of `install`). */
  nodePath: string;
  /** `--reader SPEC`: the computer's reader, set in the launcher (CARDFILL_READER). */
  reader?: string;
}

type UninstallInput = Omit<PlanInput, 'hostBundle' | 'nodePath' | 'extensionIds' | 'reader'>;

const LAUNCHER_MODE = 0o755;
const MANIFEST_MODE = 0o644;

function bad(message: string): never {
  throw new CardFillError('BAD_REQUEST', message);
}

/** The browsers a command applies to; checks the combinations that cannot work. */
export function resolveTargets(input: UninstallInput): { browsers: BrowserId[]; profile: boolean } {
  const explicit = input.browsers && input.browsers.length > 0 ? [...new Set(input.browsers)] : null;
  if (input.profileDir !== undefined) {
    if (input.os === 'win32') bad('--profile is not available on Windows: Chrome finds hosts there through the registry only');
    if (input.system) bad('--profile and --system cannot be combined');
    if (!pathApi(input.os).isAbsolute(input.profileDir)) bad('--profile needs an absolute folder path');
    if (explicit?.includes('firefox')) bad('--profile is a Chromium user-data folder; Firefox does not read host manifests from a profile');
    return { browsers: [], profile: true };
  }
  return { browsers: explicit ?? [...BROWSERS], profile: false };
}

interface FolderTarget {
  dir: string;
  flavour: ManifestFlavour;
  for: Target[];
}

/** Linux/macOS: one entry per distinct folder (Brave shares Chrome's system folder on Linux). */
function posixFolders(input: UninstallInput): FolderTarget[] {
  const { browsers, profile } = resolveTargets(input);
  if (profile) return [{ dir: profileManifestDir(input.os, input.profileDir!), flavour: 'chrome', for: ['profile'] }];
  const ctx: LocationContext = { os: input.os, home: input.home, env: input.env, system: input.system ?? false };
  const folders: FolderTarget[] = [];
  for (const browser of browsers) {
    const dir = manifestDir(browser, ctx);
    const existing = folders.find((f) => f.dir === dir);
    if (existing) existing.for.push(browser);
    else folders.push({ dir, flavour: flavourOf(browser), for: [browser] });
  }
  return folders;
}

function regAddCommand(key: string, value: string): string[] {
  return ['reg', 'add', key, '/ve', '/t', 'REG_SZ', '/d', value, '/f'];
}
function regDeleteCommand(key: string): string[] {
  return ['reg', 'delete', key, '/f'];
}

export function planInstall(input: PlanInput): InstallAction[] {
  const p = pathApi(input.os);
  if (!p.isAbsolute(input.hostBundle)) bad(`The host bundle path must be absolute: ${input.hostBundle}`);
  if (!p.isAbsolute(input.nodePath)) bad(`The Node.js path must be absolute: ${input.nodePath}`);
  const ids = classifyExtensionIds(input.extensionIds ?? []);
  const launcher = {
    nodePath: input.nodePath,
    hostBundle: input.hostBundle,
    extraIds: [...ids.chrome, ...ids.firefox],
    reader: input.reader,
  };
  const actions: InstallAction[] = [];

  if (input.os === 'win32') {
    const { browsers } = resolveTargets(input);
    const dir = windowsInstallDir({ os: 'win32', home: input.home, env: input.env, system: input.system ?? false });
    const launcherPath = p.join(dir, LAUNCHER_FILE_WINDOWS);
    const chromeFamily = browsers.filter((b) => flavourOf(b) === 'chrome');
    actions.push({ for: browsers, kind: 'mkdir', path: dir });
    actions.push({ for: browsers, kind: 'write-file', path: launcherPath, content: windowsLauncherText(launcher), mode: LAUNCHER_MODE });
    const manifestFor = (b: BrowserId) => p.join(dir, flavourOf(b) === 'chrome' ? MANIFEST_FILE : FIREFOX_MANIFEST_FILE_WINDOWS);
    if (chromeFamily.length > 0) {
      actions.push({
        for: chromeFamily,
        kind: 'write-file',
        path: p.join(dir, MANIFEST_FILE),
        content: manifestText('chrome', launcherPath, ids),
        mode: MANIFEST_MODE,
      });
    }
    if (browsers.includes('firefox')) {
      actions.push({
        for: ['firefox'],
        kind: 'write-file',
        path: p.join(dir, FIREFOX_MANIFEST_FILE_WINDOWS),
        content: manifestText('firefox', launcherPath, ids),
        mode: MANIFEST_MODE,
      });
    }
    for (const browser of browsers) {
      const key = registryKey(browser, input.system ?? false);
      const value = manifestFor(browser);
      actions.push({ for: [browser], kind: 'registry-add', key, value, command: regAddCommand(key, value) });
    }
    return actions;
  }

  for (const folder of posixFolders(input)) {
    const launcherPath = p.join(folder.dir, LAUNCHER_FILE_POSIX);
    actions.push({ for: folder.for, kind: 'mkdir', path: folder.dir });
    actions.push({ for: folder.for, kind: 'write-file', path: launcherPath, content: posixLauncherText(launcher), mode: LAUNCHER_MODE });
    // The exec bit must not depend on the umask: without it the browser says only
    // "Error when communicating with the native messaging host" (docs/tooling.md §3).
    actions.push({ for: folder.for, kind: 'chmod', path: launcherPath, mode: LAUNCHER_MODE });
    actions.push({
      for: folder.for,
      kind: 'write-file',
      path: p.join(folder.dir, MANIFEST_FILE),
      content: manifestText(folder.flavour, launcherPath, ids),
      mode: MANIFEST_MODE,
    });
  }
  return actions;
}

export function planUninstall(input: UninstallInput): InstallAction[] {
  const p = pathApi(input.os);
  const actions: InstallAction[] = [];
  const { browsers, profile } = resolveTargets(input);
  const everything = !profile && BROWSERS.every((b) => browsers.includes(b));

  if (input.os === 'win32') {
    const dir = windowsInstallDir({ os: 'win32', home: input.home, env: input.env, system: input.system ?? false });
    for (const browser of browsers) {
      const key = registryKey(browser, input.system ?? false);
      actions.push({ for: [browser], kind: 'registry-delete', key, command: regDeleteCommand(key) });
    }
    // The Chrome-format manifest is shared by every Chrome-family browser: remove it only when
    // all of them are uninstalled, or the others would point at a missing file.
    const chromeFamily = BROWSERS.filter((b) => flavourOf(b) === 'chrome');
    if (chromeFamily.every((b) => browsers.includes(b)))
      actions.push({ for: chromeFamily, kind: 'remove', path: p.join(dir, MANIFEST_FILE) });
    if (browsers.includes('firefox')) actions.push({ for: ['firefox'], kind: 'remove', path: p.join(dir, FIREFOX_MANIFEST_FILE_WINDOWS) });
    if (everything) {
      actions.push({ for: browsers, kind: 'remove', path: p.join(dir, LAUNCHER_FILE_WINDOWS) });
      if (!input.system) actions.push({ for: browsers, kind: 'remove', path: lastErrorPath('win32', input.home, input.env) });
      actions.push({ for: browsers, kind: 'remove', path: dir, emptyDirOnly: true });
    }
    return actions;
  }

  for (const folder of posixFolders(input)) {
    // Only our two files: the folder belongs to the browser and may hold other hosts.
    actions.push({ for: folder.for, kind: 'remove', path: p.join(folder.dir, MANIFEST_FILE) });
    actions.push({ for: folder.for, kind: 'remove', path: p.join(folder.dir, LAUNCHER_FILE_POSIX) });
  }
  if (everything && !input.system) {
    const stateFile = lastErrorPath(input.os, input.home, input.env);
    actions.push({ for: browsers, kind: 'remove', path: stateFile });
    actions.push({ for: browsers, kind: 'remove', path: p.dirname(stateFile), emptyDirOnly: true });
  }
  return actions;
}
