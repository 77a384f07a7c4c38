/**
 * Where each browser looks for a native messaging host manifest, per OS, per user or system-wide.
 * Pure data and pure path arithmetic: the target OS is a parameter, so the planner can describe a
 * Windows or macOS install while running on Linux (and the tests check all three).
 *
 * Sources (checked with the project's search tool, 2026-11-27):
 * - Chrome / Chromium: developer.chrome.com/docs/extensions/develop/concepts/native-messaging
 *   ("Native messaging host location"): Linux /etc/opt/chrome/native-messaging-hosts,
 *   /etc/chromium/native-messaging-hosts, ~/.config/google-chrome/NativeMessagingHosts,
 *   ~/.config/chromium/NativeMessagingHosts; macOS /Library/Google/Chrome/NativeMessagingHosts,
 *   /Library/Application Support/Chromium/NativeMessagingHosts and the same under
 *   ~/Library/Application Support/{Google/Chrome,Chromium}; Windows HKCU|HKLM\SOFTWARE\Google\Chrome\
 *   NativeMessagingHosts\<name> whose default value is the manifest path. The same table is in
 *   soyuka/native-installer paths.json.
 * - Firefox: developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Native_manifests ("Manifest
 *   location"): ~/.mozilla/native-messaging-hosts, /usr/lib/mozilla/native-messaging-hosts,
 *   ~/Library/Application Support/Mozilla/NativeMessagingHosts, /Library/Application Support/Mozilla/
 *   NativeMessagingHosts, HKCU|HKLM\SOFTWARE\Mozilla\NativeMessagingHosts\<name>.
 * - Edge: learn.microsoft.com/microsoft-edge/extensions-chromium/developer-guide/native-messaging
 *   (HKCU|HKLM\SOFTWARE\Microsoft\Edge\NativeMessagingHosts\<name>). The macOS and Linux folders
 *   (~/Library/Application Support/Microsoft Edge/…, /Library/Microsoft/Edge/…,
 *   ~/.config/microsoft-edge/…, /etc/opt/edge/native-messaging-hosts) are from installers in the
 *   field (egovelox/mozeidon-app src-tauri/native-manifests/README.md), not an Edge page [U].
 * - The per-user directory sits under the browser's user-data dir, so a custom --user-data-dir needs
 *   its own NativeMessagingHosts/ (docs/prior-art.md §A6; verified for Chromium 156 in
 *   docs/tooling.md §3): that is what `--profile DIR` writes.
 */
import { posix, win32 } from 'node:path';
import { HOST_NAME } from '../../src/protocol/messages';

export const BROWSERS = ['chrome', 'chromium', 'edge', 'brave', 'firefox'] as const;
export type BrowserId = (typeof BROWSERS)[number];
export type TargetOs = 'linux' | 'darwin' | 'win32';
/** Chrome-family manifests carry allowed_origins, Firefox manifests allowed_extensions. */
export type ManifestFlavour = 'chrome' | 'firefox';

export const BROWSER_NAMES: Record<BrowserId, string> = {
  chrome: 'Google Chrome',
  chromium: 'Chromium',
  edge: 'Microsoft Edge',
  brave: 'Brave',
  firefox: 'Mozilla Firefox',
};

export function flavourOf(browser: BrowserId): ManifestFlavour {
  return browser === 'firefox' ? 'firefox' : 'chrome';
}

export function pathApi(os: TargetOs): typeof posix {
  return os === 'win32' ? win32 : posix;
}

/** Any platform Node reports that is not Windows or macOS is treated like Linux (the BSDs use the same XDG paths). */
export function targetOsOf(platform: NodeJS.Platform): TargetOs {
  return platform === 'win32' || platform === 'darwin' ? platform : 'linux';
}

/**
 * Brave's locations are less well documented than the others (docs/tooling.md does not cover
 * Brave). Kept in this one place so they can be corrected:
 * - Linux per-user ~/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts (asamuzaK/withExEditorHost#61,
 *   andy-portmen/native-client#84); Linux system-wide Brave reads Chrome's /etc/opt/chrome/…
 *   (browserpass/browserpass-legacy#295) — uncertain [U].
 * - macOS ~/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts (seen in
 *   the field, e.g. reports on third-party hosts written there); system-wide the same under /Library [U].
 * - Windows HKCU\Software\BraveSoftware\Brave-Browser\NativeMessagingHosts is what many installers
 *   write; some reports say Chromium forks read Chrome's key instead (keepassxreboot/keepassxc-browser#48
 *   for Vivaldi) — uncertain [U]. `doctor` says so when Brave cannot find the host.
 */
const BRAVE_LOCATIONS = {
  linuxUser: 'BraveSoftware/Brave-Browser',
  linuxSystem: '/etc/opt/chrome/native-messaging-hosts',
  darwinUser: 'BraveSoftware/Brave-Browser',
  darwinSystem: '/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts',
  windowsKey: 'Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts',
} as const;

/** Linux per-user config folder names under $XDG_CONFIG_HOME (default ~/.config). */
const LINUX_USER_CONFIG: Record<Exclude<BrowserId, 'firefox'>, string> = {
  chrome: 'google-chrome',
  chromium: 'chromium',
  edge: 'microsoft-edge',
  brave: BRAVE_LOCATIONS.linuxUser,
};
const LINUX_SYSTEM_DIR: Record<BrowserId, string> = {
  chrome: '/etc/opt/chrome/native-messaging-hosts',
  chromium: '/etc/chromium/native-messaging-hosts',
  edge: '/etc/opt/edge/native-messaging-hosts',
  brave: BRAVE_LOCATIONS.linuxSystem,
  // MDN: /usr/lib/mozilla/… (some 64-bit distributions also read /usr/lib64/mozilla/…).
  firefox: '/usr/lib/mozilla/native-messaging-hosts',
};
/** macOS per-user folders under ~/Library/Application Support. */
const DARWIN_USER_SUPPORT: Record<BrowserId, string> = {
  chrome: 'Google/Chrome',
  chromium: 'Chromium',
  edge: 'Microsoft Edge',
  brave: BRAVE_LOCATIONS.darwinUser,
  firefox: 'Mozilla',
};
const DARWIN_SYSTEM_DIR: Record<BrowserId, string> = {
  // Chrome's system folder on macOS is /Library/Google/…, not /Library/Application Support/… (Chrome docs).
  chrome: '/Library/Google/Chrome/NativeMessagingHosts',
  chromium: '/Library/Application Support/Chromium/NativeMessagingHosts',
  edge: '/Library/Microsoft/Edge/NativeMessagingHosts',
  brave: BRAVE_LOCATIONS.darwinSystem,
  firefox: '/Library/Application Support/Mozilla/NativeMessagingHosts',
};
/** Windows registry keys (under HKCU or HKLM) whose subkey <name> has the manifest path as default value. */
const WINDOWS_KEY: Record<BrowserId, string> = {
  chrome: 'Software\\Google\\Chrome\\NativeMessagingHosts',
  chromium: 'Software\\Chromium\\NativeMessagingHosts',
  edge: 'Software\\Microsoft\\Edge\\NativeMessagingHosts',
  brave: BRAVE_LOCATIONS.windowsKey,
  firefox: 'Software\\Mozilla\\NativeMessagingHosts',
};

export interface LocationContext {
  os: TargetOs;
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  system: boolean;
}

/** Linux/macOS: the folder the browser reads `<HOST_NAME>.json` from. Windows has no such folder (registry). */
export function manifestDir(browser: BrowserId, ctx: LocationContext): string {
  const p = pathApi(ctx.os);
  if (ctx.os === 'linux') {
    if (ctx.system) return LINUX_SYSTEM_DIR[browser];
    if (browser === 'firefox') return p.join(ctx.home, '.mozilla', 'native-messaging-hosts');
    // Chromium puts its user-data dir under $XDG_CONFIG_HOME when that is an absolute path.
    const xdg = ctx.env['XDG_CONFIG_HOME'];
    const config = xdg && p.isAbsolute(xdg) ? xdg : p.join(ctx.home, '.config');
    return p.join(config, LINUX_USER_CONFIG[browser], 'NativeMessagingHosts');
  }
  if (ctx.os === 'darwin') {
    if (ctx.system) return DARWIN_SYSTEM_DIR[browser];
    return p.join(ctx.home, 'Library', 'Application Support', DARWIN_USER_SUPPORT[browser], 'NativeMessagingHosts');
  }
  throw new Error('Windows browsers find hosts through the registry, not a folder');
}

/** Windows: the full registry key for this host, e.g. HKCU\Software\Google\Chrome\NativeMessagingHosts\cn.cardfill.host. */
export function registryKey(browser: BrowserId, system: boolean): string {
  return `${system ? 'HKLM' : 'HKCU'}\\${WINDOWS_KEY[browser]}\\${HOST_NAME}`;
}

/** Windows: the folder that holds CardFill's manifests and launcher (the registry points here). */
export function windowsInstallDir(ctx: LocationContext): string {
  const p = win32;
  if (ctx.system) return p.join(ctx.env['ProgramFiles'] ?? 'C:\\Program Files', 'CardFill');
  return p.join(ctx.env['LOCALAPPDATA'] ?? p.join(ctx.home, 'AppData', 'Local'), 'CardFill');
}

/** A Chromium user-data-dir given with --profile: the browser reads DIR/NativeMessagingHosts/. */
export function profileManifestDir(os: TargetOs, profileDir: string): string {
  return pathApi(os).join(profileDir, 'NativeMessagingHosts');
}

/**
 * Where the host records the code and time of its last error (never card data) for `doctor`;
 * native-host/state.ts writes it here.
 */
export function lastErrorPath(os: TargetOs, home: string, env: Readonly<Record<string, string | undefined>>): string {
  const p = pathApi(os);
  if (os === 'win32') return p.join(env['LOCALAPPDATA'] ?? p.join(home, 'AppData', 'Local'), 'CardFill', 'last-error.json');
  if (os === 'darwin') return p.join(home, 'Library', 'Application Support', 'CardFill', 'last-error.json');
  return p.join(env['XDG_STATE_HOME'] ?? p.join(home, '.local', 'state'), 'cardfill', 'last-error.json');
}

export const MANIFEST_FILE = `${HOST_NAME}.json`;
/** Windows keeps both manifests in one folder, so the Firefox one needs its own name. */
export const FIREFOX_MANIFEST_FILE_WINDOWS = `${HOST_NAME}.firefox.json`;
export const LAUNCHER_FILE_POSIX = `${HOST_NAME}.sh`;
export const LAUNCHER_FILE_WINDOWS = 'cardfill-host.bat';

/**
 * Linux browsers packaged as snap or flatpak run sandboxed: they may not read the usual folders,
 * and may start hosts without the caller argument or not at all (docs/prior-art.md §A1 "Linux
 * sandboxes": keepassxreboot/keepassxc-browser#804; a snap browser goes through
 * xdg-desktop-portal). Which of them work, and from where, is uncertain [U]; doctor only warns.
 * Paths are relative to HOME.
 */
export const SANDBOXED_BROWSER_DIRS: ReadonlyArray<{ name: string; dir: string }> = [
  { name: 'Chromium (snap)', dir: 'snap/chromium' },
  { name: 'Firefox (snap)', dir: 'snap/firefox' },
  { name: 'Chromium (flatpak)', dir: '.var/app/org.chromium.Chromium' },
  { name: 'Google Chrome (flatpak)', dir: '.var/app/com.google.Chrome' },
  { name: 'Microsoft Edge (flatpak)', dir: '.var/app/com.microsoft.Edge' },
  { name: 'Brave (flatpak)', dir: '.var/app/com.brave.Browser' },
  { name: 'Firefox (flatpak)', dir: '.var/app/org.mozilla.firefox' },
];
