#!/usr/bin/env node
// `npm run release`: every artifact of a release into dist/release/, with SHA256SUMS and
// manifest.json (what was built, from which inputs, and what was checked here). docs/release.md
// says what each artifact is for and what could not be checked on this machine.
//   --out DIR            default dist/release
//   --targets LIST       host targets (default all: linux-x64,win-x64,win-ia32,darwin-x64,darwin-arm64)
//   --no-extensions      skip the store zips (npm run package) and the AMO source archive
//   --no-installers      skip the .deb, MSI and setup.exe
// Environment: RELEASE_CHROME_IDS / RELEASE_EDGE_IDS (store ids; none → development build),
// CARDFILL_SIGN_* (scripts/release/sign.mjs), CARDFILL_DEB_COMPRESSION (xz|gzip),
// CARDFILL_NSIS_COMPRESSOR (lzma|zlib), CARDFILL_RELEASE_CACHE (downloads), SOURCE_DATE_EPOCH.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSea } from './build-sea.mjs';
import { makeDeb } from './make-deb.mjs';
import { buildWindowsInstallers } from './windows.mjs';
import { probeHost } from './nm-probe.mjs';
import { sha256File } from './fetch.mjs';
import { NODE_VERSION, PINNED, TARGETS } from './pins.mjs';
import { root, version, storeIds, sourceDateEpoch, walk } from './common.mjs';
import { writeTarGz, writeZip } from '../package.mjs';

const SEA_FUSE_SET = Buffer.from('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1');

/** Every SEA must carry the flipped fuse and the blob (section, segment or resource name). */
export function checkSeaInjected(file) {
  const bytes = readFileSync(file);
  const fuse = bytes.includes(SEA_FUSE_SET);
  const blob =
    bytes.includes(Buffer.from('NODE_SEA_BLOB')) ||
    bytes.includes(Buffer.from('NODE_SEA_BLOB', 'utf16le')) ||
    bytes.includes(Buffer.from('__NODE_SEA_BLOB'));
  return { ok: fuse && blob, fuseSet: fuse, blobFound: blob };
}

/** Run the Linux executable as a browser and as a person would. */
export async function checkLinuxExecutable(exe) {
  const checks = {};
  /** @type {any} the host's replies, as the probe read them */
  const probe = await probeHost(exe);
  checks.nativeMessaging = {
    ok: probe.hello?.type === 'hello' && probe.status?.type === 'status' && probe.card?.type === 'card' && probe.exitCode === 0,
    hello: probe.hello && { protocol: probe.hello.protocol, version: probe.hello.version },
    status: probe.status?.type,
    read: probe.card?.type === 'card' ? probe.card.card.kind : probe.card?.error?.code,
    exitCode: probe.exitCode,
  };
  const v = spawnSync(exe, ['--version'], { encoding: 'utf8' });
  checks.version = { ok: v.status === 0 && v.stdout.trim() === version, printed: v.stdout.trim() };
  const profile = mkdtempSync(path.join(tmpdir(), 'cardfill-release-profile-'));
  const inst = spawnSync(exe, ['install', '--profile', profile], { encoding: 'utf8' });
  const doc = spawnSync(exe, ['doctor', '--profile', profile], { encoding: 'utf8' });
  const launcher = existsSync(path.join(profile, 'NativeMessagingHosts/cn.cardfill.host.sh'))
    ? readFileSync(path.join(profile, 'NativeMessagingHosts/cn.cardfill.host.sh'), 'utf8')
    : '';
  checks.installProfile = {
    ok: inst.status === 0 && /registered, host/.test(doc.stdout) && launcher.includes(`exec '${exe}' "$@"`),
    installExit: inst.status,
    doctorSaysRegistered: /registered, host/.test(doc.stdout),
  };
  rmSync(profile, { recursive: true, force: true });
  // Readers that need the native addons: serial (serialport.node) against the simulator on a
  // pseudo-terminal, and the vendor-library reader as far as koffi.node (the library is absent).
  const sim = spawn(exe, ['simulate', '--pty', '--card', 'foreign-2023'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const pty = await new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve(null), 20_000);
    sim.stdout.on('data', (c) => {
      text += c;
      const m = /--reader (serial:\S+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    sim.on('exit', () => resolve(null));
  });
  const serial = pty ? spawnSync(exe, ['read', '--reader', pty, '--json'], { encoding: 'utf8', timeout: 20_000 }) : null;
  sim.kill();
  checks.serialRead = {
    ok: Boolean(serial && serial.status === 0 && /foreign-permanent-2023/.test(serial.stdout)),
    pty: pty ?? 'simulator did not start (socat missing?)',
  };
  const vendor = spawnSync(exe, ['read', '--reader', 'sdtapi:/nonexistent/libsdtapi.so#1001'], { encoding: 'utf8' });
  checks.koffiLoads = {
    ok: /could not be loaded/.test(vendor.stderr + vendor.stdout) && !/koffi did not load/.test(vendor.stderr + vendor.stdout),
  };
  return checks;
}

/** The .deb's contents, read back with dpkg-deb. */
export function checkDebContents(deb) {
  const list = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8' });
  const must = [
    './usr/lib/cardfill/cardfill-host',
    './usr/lib/cardfill/koffi.node',
    './usr/lib/cardfill/serialport.node',
    './usr/lib/cardfill/usb.node',
    './etc/chromium/native-messaging-hosts/cn.cardfill.host.json -> /usr/lib/cardfill/cn.cardfill.host.json',
    './etc/opt/chrome/native-messaging-hosts/cn.cardfill.host.json -> /usr/lib/cardfill/cn.cardfill.host.json',
    './etc/opt/edge/native-messaging-hosts/cn.cardfill.host.json -> /usr/lib/cardfill/cn.cardfill.host.json',
    './usr/lib/mozilla/native-messaging-hosts/cn.cardfill.host.json -> /usr/lib/cardfill/cn.cardfill.host.firefox.json',
    './usr/lib/udev/rules.d/60-cardfill-readers.rules',
  ];
  const problems = must.filter((m) => !list.includes(m)).map((m) => `missing ${m}`);
  const info = execFileSync('dpkg-deb', ['-I', deb], { encoding: 'utf8' });
  if (/conffiles/.test(info)) problems.push('has conffiles (they outlive dpkg -r)');
  if (/postrm/.test(info)) problems.push('has a postrm (dpkg -r would leave state "rc")');
  return { ok: problems.length === 0, problems };
}

const MAC_README = (arch) => `CardFill card reader host ${version} for macOS (${arch})
=====================================================

NOT SIGNED, NOT NOTARISED. This program was built on Linux. It carries no Apple Developer ID
signature, and Apple has not notarised it, so macOS blocks it when it was downloaded with a browser.
Only use it if you know what that means. To run it anyway, in Terminal, in this folder:

  xattr -d com.apple.quarantine cardfill-host      # remove the "downloaded" mark
  codesign --force --sign - cardfill-host          # an ad-hoc signature (Apple Silicon needs one)
  ./cardfill-host install                          # register it with Chrome, Edge, Brave, Chromium, Firefox
  ./cardfill-host doctor                           # check

Keep the file where it is after "install": the browsers start it from this folder.
Remove with: ./cardfill-host uninstall
`;

function listFiles(dir) {
  return readdirSync(dir)
    .filter((n) => statSync(path.join(dir, n)).isFile())
    .sort();
}

export async function release({
  out = path.join(root, 'dist/release'),
  targets = Object.keys(TARGETS),
  extensions = true,
  installers = true,
  env = process.env,
} = {}) {
  const started = Date.now();
  const epoch = sourceDateEpoch();
  const ids = storeIds(env);
  if (ids.development)
    process.stderr.write(
      "release: no RELEASE_CHROME_IDS / RELEASE_EDGE_IDS: this is a DEVELOPMENT build (the host trusts the development key's id)\n",
    );
  const log = (s) => process.stdout.write(`release: ${s}\n`);
  if (extensions) {
    // The development build (with the development key, so its id is the one a development host
    // trusts) for people who load the extension unpacked before it is in the stores. Built first:
    // vite empties dist/, and the default output folder is inside it.
    log('development extension build (scripts/build.mjs --chrome-only), to load unpacked');
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--chrome-only'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const artifacts = [];
  const add = (file, kind, extra = {}) =>
    artifacts.push({ file: path.basename(file), kind, bytes: statSync(file).size, sha256: sha256File(file), ...extra });

  const builds = {};
  for (const target of targets) {
    const t = TARGETS[target];
    /** @type {('embed' | 'beside')[]} */
    const layouts =
      t.os === 'darwin' ? ['embed'] : installers && (target === 'linux-x64' || target === 'win-x64') ? ['embed', 'beside'] : ['embed'];
    for (const addons of layouts) {
      log(`${target} executable (addons ${addons})`);
      builds[`${target}/${addons}`] = await buildSea(target, { addons });
    }
    const b = builds[`${target}/embed`];
    const injected = checkSeaInjected(b.exe);
    const checks = { injected };
    if (target === 'linux-x64' && process.platform === 'linux' && process.arch === 'x64') {
      log('checking the linux-x64 executable (native messaging, install --profile, doctor)');
      Object.assign(checks, await checkLinuxExecutable(b.exe));
    }
    if (t.os === 'darwin') {
      const file = path.join(out, `cardfill-host-${version}-${target}.tar.gz`);
      const dir = `cardfill-host-${version}-${target}`;
      writeFileSync(
        file,
        writeTarGz(
          [
            { name: `${dir}/cardfill-host`, data: readFileSync(b.exe), mode: 0o755 },
            { name: `${dir}/README.txt`, data: Buffer.from(MAC_README(t.arch)), mode: 0o644 },
          ],
          epoch,
        ),
      );
      add(file, 'macos-tar.gz', { target, node: NODE_VERSION, signed: false, notarised: false, checks });
    } else {
      const file = path.join(out, `cardfill-host-${version}-${target}${t.os === 'win32' ? '.exe' : ''}`);
      copyFileSync(b.exe, file);
      /** @type {{ signed: boolean, reason?: string, verified?: boolean, timestamped?: boolean }} */
      let signing = { signed: false, reason: 'not a Windows file' };
      if (t.os === 'win32') {
        const { signWindowsFile } = await import('./sign.mjs');
        signing = signWindowsFile(file, 'CardFill card reader host');
      }
      add(file, 'portable-executable', { target, node: NODE_VERSION, addons: 'embedded', stripped: b.stripped, signing, checks });
    }
  }

  if (installers && builds['linux-x64/beside']) {
    log('.deb (dpkg-deb)');
    const deb = makeDeb(builds['linux-x64/beside'].dir, path.join(out, `cardfill-host_${version}_amd64.deb`), { env });
    add(deb.path, 'deb', { compression: deb.compression, seconds: deb.seconds, checks: { contents: checkDebContents(deb.path) } });
  }
  if (installers && builds['win-x64/beside'] && builds['win-ia32/embed']) {
    log('Windows installers (wixl MSI, NSIS setup.exe)');
    const win = buildWindowsInstallers({ x64Dir: builds['win-x64/beside'].dir, ia32Exe: builds['win-ia32/embed'].exe, outDir: out, env });
    // Under Wine when it is installed (CARDFILL_RELEASE_WINE=0 skips: the CI test runs it itself).
    const msi = win.results.find((r) => r.kind === 'msi' && !r.skipped);
    const nsis = win.results.find((r) => r.kind === 'nsis' && !r.skipped);
    /** @type {any} */
    let wine = { ok: null, reason: 'skipped (CARDFILL_RELEASE_WINE=0)' };
    if (env.CARDFILL_RELEASE_WINE !== '0' && msi && nsis) {
      log('Windows executable and installers under Wine (install, doctor, uninstall)');
      const { wineChecks } = await import('./wine-check.mjs');
      wine = wineChecks({ exe: builds['win-x64/embed'].exe, msi: String(msi.path), setupExe: String(nsis.path) });
    }
    for (const r of win.results) {
      if (r.skipped) artifacts.push({ kind: r.kind, skipped: r.skipped });
      else
        add(r.path, r.kind, {
          seconds: r.seconds,
          signing: r.signing,
          contentsSigning: win.signing,
          checks: {
            contents: r.checks,
            wine: wine.ok === null ? { ok: null, reason: wine.reason } : { ok: wine.ok, steps: wine.steps, seconds: wine.seconds },
          },
          ...(r.compressor ? { compressor: r.compressor } : {}),
        });
    }
  }

  if (extensions) {
    log('store zips (scripts/package.mjs: release builds, web-ext lint)');
    const { packageRelease } = await import('../package.mjs');
    const pkgOut = path.join(root, '.tmp/release-package');
    const { written } = await packageRelease({ out: pkgOut });
    for (const w of written) {
      const file = path.join(out, path.basename(w.file));
      copyFileSync(w.file, file);
      add(file, file.endsWith('.zip') ? 'store-zip' : 'host-npm-tarball', {
        checks: { webExtLint: file.includes('firefox') ? { ok: true } : undefined, releaseProblems: { ok: true } },
      });
    }
    rmSync(pkgOut, { recursive: true, force: true });
    if (ids.development) {
      const dist = path.join(root, 'dist');
      const entries = walk(dist)
        .filter((rel) => !rel.startsWith('release') && rel !== 'fill-engine.js' && statSync(path.join(dist, rel)).isFile())
        .map((rel) => ({ name: rel.split(path.sep).join('/'), data: readFileSync(path.join(dist, rel)), mode: 0o644 }));
      const file = path.join(out, `cardfill-chrome-unpacked-dev-${version}.zip`);
      writeFileSync(file, writeZip(entries, epoch));
      add(file, 'unpacked-extension', { note: 'development key: unzip, then chrome://extensions → Developer mode → Load unpacked' });
    }
    log('AMO source archive (git archive HEAD)');
    const src = path.join(out, `cardfill-${version}-source.tar.gz`);
    execFileSync('git', ['archive', '--format=tar.gz', `--prefix=cardfill-${version}/`, '-o', src, 'HEAD'], { cwd: root });
    add(src, 'source-archive', {
      commit: execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(),
      buildInstructions: 'store/amo-build.md',
    });
    const shots = collectScreenshots(path.join(out, 'store-screenshots'));
    for (const s of shots) add(s, 'store-screenshot');
  }

  const sums = listFiles(out).map((n) => `${sha256File(path.join(out, n))}  ${n}`);
  writeFileSync(path.join(out, 'SHA256SUMS'), `${sums.join('\n')}\n`);
  const manifest = {
    name: 'cardfill',
    version,
    sourceDateEpoch: epoch,
    commit: spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim() || null,
    build: ids.development ? 'development' : 'store',
    trustedChromeIds: ids.development ? 'development key id only' : ids.all,
    node: NODE_VERSION,
    inputs: PINNED,
    artifacts,
    notChecked: [
      'Windows executables and installers on real Windows (checked statically and under Wine here; docs/release.md)',
      'macOS executables on a Mac (not signed, not notarised)',
      'win-ia32 executable run (no 32-bit Wine here)',
      ...(artifacts.some((a) => a.signing?.signed) ? [] : ['Authenticode signatures (no certificate given)']),
      'store review',
    ],
    seconds: (Date.now() - started) / 1000,
  };
  writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Store screenshots from the browser tests (artifacts/store-*.png), when they ran. */
function collectScreenshots(dir) {
  const from = path.join(root, 'artifacts');
  if (!existsSync(from)) return [];
  const shots = readdirSync(from)
    .filter((n) => /^store-.*\.png$/.test(n))
    .sort();
  if (shots.length === 0) return [];
  mkdirSync(dir, { recursive: true });
  return shots.map((n) => {
    copyFileSync(path.join(from, n), path.join(dir, n));
    return path.join(dir, n);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  /** @type {(name: string) => string | undefined} */
  const opt = (name) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
  const wanted = opt('targets');
  const targets = !wanted || wanted === 'all' ? Object.keys(TARGETS) : wanted.split(',');
  try {
    const m = await release({
      out: opt('out') ? path.resolve(String(opt('out'))) : undefined,
      targets,
      extensions: !argv.includes('--no-extensions'),
      installers: !argv.includes('--no-installers'),
    });
    for (const a of m.artifacts) {
      const failed = Object.entries(a.checks ?? {}).filter(([, c]) => c && c.ok === false);
      process.stdout.write(
        `release: ${a.file ?? a.kind}  ${a.bytes ? `${(a.bytes / 1e6).toFixed(1)} MB` : a.skipped}${failed.length ? `  CHECK FAILED: ${failed.map(([k]) => k).join(', ')}` : ''}\n`,
      );
    }
    const anyFailed = m.artifacts.some((a) => Object.values(a.checks ?? {}).some((c) => c && c.ok === false));
    process.stdout.write(
      `release: ${m.artifacts.length} artifacts in ${path.relative(process.cwd(), opt('out') ?? path.join(root, 'dist/release'))} (${m.seconds.toFixed(0)} s)${anyFailed ? ' — SOME CHECKS FAILED' : ''}\n`,
    );
    process.exitCode = anyFailed ? 1 : 0;
  } catch (e) {
    process.stderr.write(`release: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  }
}
