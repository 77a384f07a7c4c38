// The Windows artifacts under Wine (Debian `wine64`, 64-bit only), in a fresh prefix:
//   the win-x64 executable speaks native messaging (probed by a Windows node.exe inside Wine:
//   Wine cannot hand Unix pipes to a Windows program as its stdio, so the probe runs on the Windows side);
//   the MSI (msiexec /i /qn) and setup.exe (/S) install per user: files in %LOCALAPPDATA%\CardFill,
//   the five HKCU keys, `doctor` says every browser is registered; and they uninstall, leaving
//   neither files nor keys. Wine is not Windows: docs/release.md says what this does not prove.
//   node scripts/release/wine-check.mjs EXE MSI SETUP.EXE
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchPinned } from './fetch.mjs';
import { NODE_VERSION, TARGETS } from './pins.mjs';
import { REGISTRY_KEYS } from './windows.mjs';

export function findWine() {
  for (const c of ['/usr/lib/wine/wine64', 'wine64', 'wine']) {
    const r = spawnSync(c, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return { bin: c, version: r.stdout.trim() };
  }
  return null;
}

export function wineChecks({ exe, msi, setupExe, keep = false }) {
  const wine = findWine();
  if (!wine) return { ok: null, reason: 'wine64 is not installed' };
  const started = Date.now();
  const prefix = mkdtempSync(path.join(tmpdir(), 'cardfill-wine-'));
  const env = { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', DISPLAY: '' };
  const logs = path.join(prefix, 'logs');
  mkdirSync(logs);
  let n = 0;
  /** Run a Windows program with its stdio on files (never pipes), return { code, out }. */
  const run = (args, timeoutMs = 120_000) => {
    const file = path.join(logs, `${n++}.txt`);
    const fd = openSync(file, 'w');
    const r = spawnSync(wine.bin, args, { env, stdio: ['ignore', fd, fd], timeout: timeoutMs });
    closeSync(fd);
    return { code: r.status, out: readFileSync(file, 'utf8') };
  };
  const result = { wine: wine.version, steps: {} };
  const problems = [];
  try {
    run(['wineboot', '--init'], 180_000);
    // Node 22 refuses to start on Wine's default Windows 7.
    run(['winecfg', '/v', 'win10']);
    const cf = path.join(prefix, 'drive_c/cf');
    mkdirSync(cf);
    copyFileSync(exe, path.join(cf, 'cardfill-host.exe'));
    copyFileSync(msi, path.join(cf, 'cardfill.msi'));
    copyFileSync(setupExe, path.join(cf, 'setup.exe'));
    copyFileSync(path.join(fetchPinned(`${TARGETS['win-x64'].node}@${NODE_VERSION}`), 'bin/node.exe'), path.join(cf, 'node.exe'));
    copyFileSync(fileURLToPath(new URL('./nm-probe.mjs', import.meta.url)), path.join(cf, 'nm-probe.mjs'));

    const probe = run(['C:\\cf\\node.exe', 'C:\\cf\\nm-probe.mjs', 'C:\\cf\\cardfill-host.exe']);
    let probed = null;
    try {
      probed = JSON.parse(probe.out.slice(probe.out.indexOf('{')));
    } catch {
      /* reported below */
    }
    result.steps.nativeMessaging = {
      ok:
        probed?.hello?.type === 'hello' &&
        probed?.status === 'status' &&
        probed?.card === 'foreign-permanent-2023' &&
        probed?.exitCode === 0,
      hello: probed?.hello ? { protocol: probed.hello.protocol, version: probed.hello.version } : null,
      read: probed?.card ?? null,
    };

    const user = userInfo().username;
    const installDir = path.join(prefix, 'drive_c/users', user, 'AppData/Local/CardFill');
    const installedExe = `C:\\users\\${user}\\AppData\\Local\\CardFill\\cardfill-host.exe`;
    const keysPresent = () => REGISTRY_KEYS.filter(([key]) => run(['reg', 'query', `HKCU\\${key}`]).code === 0).length;
    const installed = (name) => {
      const doctor = run([installedExe, 'doctor']);
      const step = {
        files: existsSync(path.join(installDir, 'cardfill-host.exe')) && existsSync(path.join(installDir, 'cn.cardfill.host.json')),
        keys: keysPresent(),
        doctorRegistered: (doctor.out.match(/registered, host/g) ?? []).length,
      };
      step.ok = step.files && step.keys === 5 && step.doctorRegistered === 5;
      result.steps[`${name}Install`] = step;
    };
    const removed = (name) => {
      // NSIS's uninstaller copies itself away and returns at once: wait for the folder to go.
      for (let i = 0; i < 60 && existsSync(installDir); i++) spawnSync('sleep', ['1']);
      const step = { folderGone: !existsSync(installDir), keys: keysPresent() };
      step.ok = step.folderGone && step.keys === 0;
      result.steps[`${name}Uninstall`] = step;
    };

    const mi = run(['msiexec', '/i', 'C:\\cf\\cardfill.msi', '/qn'], 300_000);
    if (mi.code !== 0) problems.push(`msiexec /i exited ${mi.code}`);
    installed('msi');
    const mx = run(['msiexec', '/x', 'C:\\cf\\cardfill.msi', '/qn'], 300_000);
    if (mx.code !== 0) problems.push(`msiexec /x exited ${mx.code}`);
    removed('msi');

    const si = run(['C:\\cf\\setup.exe', '/S'], 300_000);
    if (si.code !== 0) problems.push(`setup.exe /S exited ${si.code}`);
    installed('nsis');
    result.steps.nsisInstall.uninstallEntry =
      run(['reg', 'query', 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\CardFill']).code === 0;
    run([`C:\\users\\${user}\\AppData\\Local\\CardFill\\uninstall.exe`, '/S'], 300_000);
    removed('nsis');
    result.steps.nsisUninstall.uninstallEntryGone =
      run(['reg', 'query', 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\CardFill']).code !== 0;
  } finally {
    const server = path.join(path.dirname(wine.bin), 'wineserver');
    spawnSync(existsSync(server) ? server : 'wineserver', ['-k'], { env });
    if (!keep) rmSync(prefix, { recursive: true, force: true });
  }
  result.problems = problems;
  result.ok = problems.length === 0 && Object.values(result.steps).every((s) => s.ok);
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [exe, msi, setupExe] = process.argv.slice(2);
  process.stdout.write(`${JSON.stringify(wineChecks({ exe, msi, setupExe }), null, 2)}\n`);
}
