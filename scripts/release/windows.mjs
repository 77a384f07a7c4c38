// The Windows installers, both per-user (HKCU, %LOCALAPPDATA%\CardFill, no administrator):
//   MSI for IT departments (msitools `wixl`), setup.exe for people (NSIS `makensis`).
// Both carry the win-x64 executable with its addons beside it, the win-ia32 executable (addons
// embedded) for 32-bit vendor libraries, and two static host manifests whose `path` is relative to
// the manifest (Chrome and Firefox resolve it from the manifest's folder on Windows).
// Static checks read back what was built: msiinfo tables, 7z listing of setup.exe.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root, version, hostManifest, storeIds, sourceDateEpoch, STORE_UPDATE_URLS, HOST_NAME } from './common.mjs';
import { signWindowsFile } from './sign.mjs';

/** The installers' name for the 32-bit build (native-host/native-addon.ts WIN_IA32_HELPER_FILE). */
export const IA32_FILE = /export const WIN_IA32_HELPER_FILE = '([^']+)'/.exec(
  readFileSync(path.join(root, 'native-host/native-addon.ts'), 'utf8'),
)[1];

/** The HKCU keys both installers write; a check compares the built MSI against this list. */
export const REGISTRY_KEYS = [
  ['Software\\Google\\Chrome\\NativeMessagingHosts\\cn.cardfill.host', 'cn.cardfill.host.json'],
  ['Software\\Chromium\\NativeMessagingHosts\\cn.cardfill.host', 'cn.cardfill.host.json'],
  ['Software\\Microsoft\\Edge\\NativeMessagingHosts\\cn.cardfill.host', 'cn.cardfill.host.json'],
  ['Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts\\cn.cardfill.host', 'cn.cardfill.host.json'],
  ['Software\\Mozilla\\NativeMessagingHosts\\cn.cardfill.host', 'cn.cardfill.host.firefox.json'],
];
export const INSTALLED_FILES = [
  'cardfill-host.exe',
  IA32_FILE,
  'koffi.node',
  'serialport.node',
  'usb.node',
  `${HOST_NAME}.json`,
  `${HOST_NAME}.firefox.json`,
];

function tool(name) {
  return !spawnSync(name, ['--version']).error || !spawnSync('which', [name]).status;
}

/** Chrome/Edge external-extension keys: the browser offers the store extension to the person. */
function externalExtensionKeys(env) {
  const ids = storeIds(env);
  return [
    ...ids.chrome.map((id) => [`Software\\Google\\Chrome\\Extensions\\${id}`, STORE_UPDATE_URLS.chrome]),
    ...ids.edge.map((id) => [`Software\\Microsoft\\Edge\\Extensions\\${id}`, STORE_UPDATE_URLS.edge]),
  ];
}

function fill(template, values) {
  return Object.entries(values).reduce((t, [k, v]) => t.split(`@${k}@`).join(v), template);
}

/**
 * x64Dir: the win-x64 "beside" build; ia32Exe: the win-ia32 "embed" executable.
 * Returns the list of artifacts with their checks.
 */
export function buildWindowsInstallers({ x64Dir, ia32Exe, outDir: out0, env = process.env }) {
  const outDir = path.resolve(out0);
  const stage = path.join(root, '.tmp/win-stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const f of ['cardfill-host.exe', 'koffi.node', 'serialport.node', 'usb.node'])
    copyFileSync(path.join(x64Dir, f), path.join(stage, f));
  copyFileSync(ia32Exe, path.join(stage, IA32_FILE));
  writeFileSync(path.join(stage, `${HOST_NAME}.json`), hostManifest('chrome', 'cardfill-host.exe', env));
  writeFileSync(path.join(stage, `${HOST_NAME}.firefox.json`), hostManifest('firefox', 'cardfill-host.exe', env));
  const signing = {
    'cardfill-host.exe': signWindowsFile(path.join(stage, 'cardfill-host.exe'), 'CardFill card reader host'),
    [IA32_FILE]: signWindowsFile(path.join(stage, IA32_FILE), 'CardFill card reader host (32-bit)'),
  };
  const ext = externalExtensionKeys(env);
  const results = [];

  if (tool('wixl')) {
    const started = Date.now();
    const out = path.join(outDir, `cardfill-host-${version}-x64.msi`);
    const wxs = fill(readFileSync(path.join(root, 'packaging/windows/cardfill.wxs.in'), 'utf8'), {
      VERSION: version,
      IA32_FILE,
      EXTERNAL_EXTENSIONS_WXS: ext
        .map(([key, url]) => `            <RegistryValue Root="HKCU" Key="${key}" Name="update_url" Type="string" Value="${url}" />\n`)
        .join(''),
    });
    writeFileSync(path.join(stage, 'cardfill.wxs'), wxs);
    rmSync(out, { force: true });
    const r = spawnSync('wixl', ['-a', 'x64', '-o', out, 'cardfill.wxs'], { cwd: stage, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`wixl failed: ${r.stderr}`);
    const sign = signWindowsFile(out, 'CardFill card reader host');
    results.push({ kind: 'msi', path: out, seconds: (Date.now() - started) / 1000, signing: sign, checks: checkMsi(out, ext) });
  } else {
    results.push({ kind: 'msi', skipped: 'wixl (Debian package msitools) is not installed' });
  }

  if (tool('makensis')) {
    const started = Date.now();
    const out = path.join(outDir, `cardfill-host-${version}-setup.exe`);
    const nsi = fill(readFileSync(path.join(root, 'packaging/windows/cardfill.nsi.in'), 'utf8'), {
      VERSION: version,
      IA32_FILE,
      OUTFILE: out,
      EXTERNAL_EXTENSIONS_NSI_INSTALL: ext.map(([key, url]) => `  WriteRegStr HKCU "${key}" "update_url" "${url}"`).join('\n'),
      EXTERNAL_EXTENSIONS_NSI_UNINSTALL: ext.map(([key]) => `  DeleteRegKey HKCU "${key}"`).join('\n'),
    });
    writeFileSync(path.join(stage, 'cardfill.nsi'), nsi);
    rmSync(out, { force: true });
    // CARDFILL_NSIS_COMPRESSOR=zlib trades size for time (CI: LZMA takes 1-2 minutes on 2 cores).
    const compressor = env.CARDFILL_NSIS_COMPRESSOR === 'zlib' ? 'zlib' : 'lzma';
    const r = spawnSync('makensis', ['-V2', '-INPUTCHARSET', 'UTF8', `-X SetCompressor /SOLID ${compressor}`, 'cardfill.nsi'], {
      cwd: stage,
      encoding: 'utf8',
      env: { ...process.env, SOURCE_DATE_EPOCH: String(sourceDateEpoch()) },
    });
    if (r.status !== 0) throw new Error(`makensis failed: ${r.stdout}\n${r.stderr}`);
    const sign = signWindowsFile(out, 'CardFill setup');
    results.push({
      kind: 'nsis',
      compressor,
      path: out,
      seconds: (Date.now() - started) / 1000,
      signing: sign,
      checks: checkSetupExe(out),
    });
  } else {
    results.push({ kind: 'nsis', skipped: 'makensis (Debian package nsis) is not installed' });
  }
  rmSync(stage, { recursive: true, force: true });
  return { results, signing };
}

/** Read the MSI's tables back: per-user, every file, the five HKCU keys with the right manifest. */
export function checkMsi(msi, ext = []) {
  const q = (args) => spawnSync('msiinfo', args, { encoding: 'utf8' });
  if (q(['--version']).error) return { ok: null, reason: 'msiinfo not installed' };
  const problems = [];
  const files = q(['export', msi, 'File']).stdout;
  for (const f of INSTALLED_FILES)
    if (!files.split('\n').some((l) => l.split('\t')[2]?.split('|').pop() === f)) problems.push(`File table lacks ${f}`);
  const reg = q(['export', msi, 'Registry']).stdout;
  for (const [key, manifest] of REGISTRY_KEYS) {
    const row = reg.split('\n').find((l) => l.split('\t')[2] === key);
    if (!row) problems.push(`Registry table lacks ${key}`);
    else if (row.split('\t')[1] !== '1') problems.push(`${key} is not under HKCU`);
    else if (!row.split('\t')[4]?.endsWith(`]${manifest}`)) problems.push(`${key} does not point at ${manifest}`);
  }
  for (const [key] of ext) if (!reg.includes(key)) problems.push(`Registry table lacks ${key}`);
  const summary = q(['suminfo', msi]).stdout;
  // The summary's word count (msiinfo prints it as "Source"): 2 = compressed, 8 = no elevation (per-user).
  const words = Number(/^Source:\s*(\d+)/m.exec(summary)?.[1] ?? NaN);
  if (!(words & 8)) problems.push(`the summary says elevation is needed (word count ${words})`);
  const dirs = q(['export', msi, 'Directory']).stdout;
  if (!/LocalAppDataFolder/.test(dirs)) problems.push('not installed under LocalAppDataFolder');
  return { ok: problems.length === 0, problems, wordCount: words };
}

/** List setup.exe with 7z: the payload must hold every file and an uninstaller. */
export function checkSetupExe(exe) {
  const r = spawnSync('7z', ['l', exe], { encoding: 'utf8' });
  if (r.error) return { ok: null, reason: '7z (Debian package p7zip-full) not installed' };
  const problems = [];
  for (const f of INSTALLED_FILES) if (!r.stdout.includes(f)) problems.push(`setup.exe lacks ${f}`);
  if (!/uninstall\.exe/i.test(r.stdout) && !/\$R0|\$PLUGINSDIR|Uninstall/i.test(r.stdout)) problems.push('no uninstaller in the listing');
  return { ok: problems.length === 0, problems };
}
