/**
 * `npm run release`, checked in CI: every artifact is built and listed with its checksum; the Linux
 * executable speaks native messaging; the .deb installs, Chromium with a fresh profile finds the
 * system manifest and reads a card through the real extension, and `dpkg -r` leaves nothing; the
 * Windows installers hold every file and the five per-user keys (docs/release.md).
 *
 * Heavy (downloads ~210 MB once into the cache, builds ~600 MB, installs a package as root): runs
 * only with CI=true or CARDFILL_RELEASE_TEST=1. The .deb part also needs root and dpkg, and is
 * skipped when cardfill-host is already installed (this test never replaces someone's package).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { probeHost, DEV_ORIGIN } from '../../scripts/release/nm-probe.mjs';
import { buildSea, bundleForSea } from '../../scripts/release/build-sea.mjs';
import { checkMsi, checkSetupExe, REGISTRY_KEYS } from '../../scripts/release/windows.mjs';
import { findWine, wineChecks } from '../../scripts/release/wine-check.mjs';
import { HOST_NAME } from '../../src/protocol/messages';
import { launchExtension, startFixtureServer, type ExtensionBrowser, type FixtureServer } from '../browser/harness';
import { routeSiteToFixtures } from '../browser/routing';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(ROOT, '.tmp/release-ci');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const enabled = process.env['CI'] === 'true' || process.env['CARDFILL_RELEASE_TEST'] === '1';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasDpkg = spawnSync('dpkg', ['--version']).status === 0;
const alreadyInstalled =
  hasDpkg && spawnSync('dpkg-query', ['-W', '-f=${Status}', 'cardfill-host'], { encoding: 'utf8' }).stdout.includes('installed');
const canInstallDeb = enabled && isRoot && hasDpkg && !alreadyInstalled && process.platform === 'linux';

interface Artifact {
  file?: string;
  kind: string;
  bytes?: number;
  sha256?: string;
  skipped?: string;
  checks?: Record<string, { ok: boolean | null } | undefined>;
}
interface ReleaseManifest {
  version: string;
  build: string;
  node: string;
  artifacts: Artifact[];
  notChecked: string[];
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function runRelease(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/release/release.mjs', '--out', OUT], {
      cwd: ROOT,
      // The faster compressors in CI: the same files and keys, bigger archives (docs/release.md).
      env: {
        ...process.env,
        CARDFILL_DEB_COMPRESSION: 'gzip',
        CARDFILL_NSIS_COMPRESSOR: 'zlib',
        CARDFILL_RELEASE_WINE: '0',
        RELEASE_CHROME_IDS: '',
        RELEASE_EDGE_IDS: '',
      },
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe.runIf(enabled)('npm run release', () => {
  let manifest: ReleaseManifest;
  let output = '';

  beforeAll(async () => {
    // CARDFILL_RELEASE_TEST_REUSE=1 checks the last build again instead of building (for working on this file).
    if (!(process.env['CARDFILL_RELEASE_TEST_REUSE'] === '1' && existsSync(path.join(OUT, 'manifest.json')))) {
      const r = await runRelease();
      output = r.output;
      if (r.code !== 0) throw new Error(`release failed (${r.code}):\n${output.slice(-4000)}`);
    }
    manifest = JSON.parse(readFileSync(path.join(OUT, 'manifest.json'), 'utf8')) as ReleaseManifest;
  }, 900_000);

  it('writes every artifact with SHA256SUMS and a manifest of what was built and checked', () => {
    const names = manifest.artifacts.filter((a) => a.file).map((a) => a.file!);
    for (const want of [
      `cardfill-host-${VERSION}-linux-x64`,
      `cardfill-host-${VERSION}-win-x64.exe`,
      `cardfill-host-${VERSION}-win-ia32.exe`,
      `cardfill-host-${VERSION}-darwin-x64.tar.gz`,
      `cardfill-host-${VERSION}-darwin-arm64.tar.gz`,
      `cardfill-host_${VERSION}_amd64.deb`,
      `cardfill-host-${VERSION}-x64.msi`,
      `cardfill-host-${VERSION}-setup.exe`,
      `cardfill-chrome-${VERSION}.zip`,
      `cardfill-firefox-${VERSION}.zip`,
      `cardfill-${VERSION}-source.tar.gz`,
      `cardfill-chrome-unpacked-dev-${VERSION}.zip`,
    ]) {
      expect(names).toContain(want);
    }
    const sums = readFileSync(path.join(OUT, 'SHA256SUMS'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/));
    const top = readdirSync(OUT).filter((n) => !['SHA256SUMS', 'manifest.json', 'store-screenshots'].includes(n));
    expect(sums.map(([, n]) => n).sort()).toEqual([...top].sort());
    for (const [hash, name] of sums) expect(sha256(path.join(OUT, name!))).toBe(hash);
    for (const a of manifest.artifacts.filter((x) => x.file && !x.file.endsWith('.png')))
      expect(sha256(path.join(OUT, a.file!))).toBe(a.sha256);
    // No check the release ran may have failed, and the manifest says what was not checked.
    const failed = manifest.artifacts.flatMap((a) =>
      Object.entries(a.checks ?? {})
        .filter(([, c]) => c?.ok === false)
        .map(([k]) => `${a.file}: ${k}`),
    );
    expect(failed).toEqual([]);
    expect(manifest.node).toBe('22.23.2');
    expect(manifest.build).toBe('development');
    expect(manifest.notChecked.join('\n')).toMatch(/real Windows/);
  });

  it('the Linux executable speaks native messaging: hello, status, read from the simulator, exit at end of input', async () => {
    const exe = path.join(OUT, `cardfill-host-${VERSION}-linux-x64`);
    const r = await probeHost(exe, [DEV_ORIGIN], { env: { CARDFILL_READER: 'sim:foreign-2023', NODE_OPTIONS: '' } });
    expect(r.hello).toMatchObject({ type: 'hello', protocol: 1, version: VERSION });
    expect(r.status).toMatchObject({ type: 'status', reader: { kind: 'sim' }, cardPresent: true });
    expect(r.card).toMatchObject({ type: 'card', card: { kind: 'foreign-permanent-2023' } });
    expect(r.exitCode).toBe(0);
    // An origin that is not trusted is refused, also from the executable.
    const other = await probeHost(exe, [`chrome-extension://${'b'.repeat(32)}/`]);
    expect(other.stderr).toMatch(/NOT_ALLOWED/);
    expect(other.exitCode).not.toBe(0);
    expect(other.messages).toEqual([]);
  }, 60_000);

  it('is byte-reproducible: the same inputs build the same executable', async () => {
    const again = mkdtempSync(path.join(ROOT, '.tmp/sea-again-'));
    try {
      const b = await buildSea('linux-x64', { addons: 'embed', outRoot: again });
      expect(sha256(b.exe)).toBe(sha256(path.join(OUT, `cardfill-host-${VERSION}-linux-x64`)));
      const w = await buildSea('win-x64', { addons: 'embed', outRoot: again });
      expect(sha256(w.exe)).toBe(sha256(path.join(OUT, `cardfill-host-${VERSION}-win-x64.exe`)));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  }, 300_000);

  it('a release with store ids trusts them and not the development id', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cardfill-storeids-'));
    const storeId = 'c'.repeat(32);
    try {
      const bundle = path.join(dir, 'host.cjs');
      await bundleForSea(bundle, [storeId]);
      const dev = await probeHost(process.execPath, [bundle, DEV_ORIGIN]);
      expect(dev.stderr).toMatch(/NOT_ALLOWED/);
      expect(dev.messages).toEqual([]);
      const store = await probeHost(process.execPath, [bundle, `chrome-extension://${storeId}/`]);
      expect(store.card).toMatchObject({ type: 'card' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('signs a Windows file with a certificate from the environment, and says so when there is none', async () => {
    const { signWindowsFile, signingConfig } = await import('../../scripts/release/sign.mjs');
    expect(signingConfig({})).toBeNull();
    expect(signWindowsFile(path.join(OUT, 'SHA256SUMS'), 'x', null)).toMatchObject({
      signed: false,
      reason: expect.stringMatching(/no certificate/),
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'cardfill-sign-'));
    try {
      const key = path.join(dir, 'test.key');
      const crt = path.join(dir, 'test.crt');
      const gen = spawnSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '2', '-subj', '/CN=CardFill test signing'],
        { encoding: 'utf8' },
      );
      expect(gen.status, gen.stderr).toBe(0);
      const exe = path.join(dir, 'cardfill-host.exe');
      copyFileSync(path.join(OUT, `cardfill-host-${VERSION}-win-ia32.exe`), exe);
      const env = { CARDFILL_SIGN_CERT: crt, CARDFILL_SIGN_KEY: key, CARDFILL_SIGN_CAFILE: crt };
      const r = signWindowsFile(exe, 'CardFill card reader host', signingConfig(env));
      expect(r).toMatchObject({ signed: true, verified: true });
      const shown = spawnSync('osslsigncode', ['verify', '-CAfile', crt, '-in', exe], { encoding: 'utf8' }).stdout;
      expect(shown).toContain('CardFill test signing');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('the MSI and setup.exe hold every file and register the five browsers per user', () => {
    const msi = checkMsi(path.join(OUT, `cardfill-host-${VERSION}-x64.msi`));
    expect(msi).toMatchObject({ ok: true, problems: [] });
    expect(msi.wordCount! & 8).toBe(8); // no elevation: a per-user install
    expect(REGISTRY_KEYS).toHaveLength(5);
    expect(checkSetupExe(path.join(OUT, `cardfill-host-${VERSION}-setup.exe`))).toMatchObject({ ok: true, problems: [] });
    const script = readFileSync(path.join(ROOT, 'packaging/windows/cardfill.nsi.in'), 'utf8');
    for (const [key] of REGISTRY_KEYS) {
      const nsisKey = key.replace('cn.cardfill.host', '${HOST}');
      expect(script).toContain(`WriteRegStr HKCU "${nsisKey}"`);
      expect(script).toContain(`DeleteRegKey HKCU "${nsisKey}"`);
    }
    expect(script).toContain('RequestExecutionLevel user');
  });

  it.runIf(findWine() !== null)(
    'under Wine: the win-x64 executable reads a card; the MSI and setup.exe install per user, pass doctor and uninstall cleanly',
    () => {
      const r = wineChecks({
        exe: path.join(OUT, `cardfill-host-${VERSION}-win-x64.exe`),
        msi: path.join(OUT, `cardfill-host-${VERSION}-x64.msi`),
        setupExe: path.join(OUT, `cardfill-host-${VERSION}-setup.exe`),
      });
      expect(r.problems).toEqual([]);
      expect(r.steps['nativeMessaging']).toMatchObject({
        ok: true,
        hello: { protocol: 1, version: VERSION },
        read: 'foreign-permanent-2023',
      });
      for (const kind of ['msi', 'nsis']) {
        expect(r.steps[`${kind}Install`], kind).toMatchObject({ files: true, keys: 5, doctorRegistered: 5 });
        expect(r.steps[`${kind}Uninstall`], kind).toMatchObject({ folderGone: true, keys: 0 });
      }
      expect(r.steps['nsisInstall']).toMatchObject({ uninstallEntry: true });
      expect(r.steps['nsisUninstall']).toMatchObject({ uninstallEntryGone: true });
    },
    600_000,
  );

  describe.runIf(canInstallDeb)('the .deb on this machine (root, dpkg)', () => {
    const deb = path.join(OUT, `cardfill-host_${VERSION}_amd64.deb`);
    let server: FixtureServer | undefined;
    let browser: ExtensionBrowser | undefined;

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      // Restore: never leave the package behind, even when a step failed.
      spawnSync('dpkg', ['-r', 'cardfill-host']);
    });

    it('installs, registers all five browsers system-wide, and Chromium with a fresh profile reads a card through it', async () => {
      const inst = spawnSync('dpkg', ['-i', deb], { encoding: 'utf8' });
      expect(inst.status, inst.stderr).toBe(0);
      expect(existsSync(`/etc/chromium/native-messaging-hosts/${HOST_NAME}.json`)).toBe(true);
      const doctor = spawnSync('/usr/bin/cardfill-host', ['doctor', '--system'], { encoding: 'utf8' });
      expect(doctor.stdout.match(/registered, host/g)?.length).toBe(5);

      server = await startFixtureServer();
      // register: false → no per-user manifest; Chromium must find /etc/chromium/native-messaging-hosts.
      browser = await launchExtension({ register: false, sim: { card: 'resident' } });
      expect(existsSync(path.join(browser.profileDir, 'NativeMessagingHosts', `${HOST_NAME}.json`))).toBe(false);
      const page = await browser.context.newPage();
      await routeSiteToFixtures(browser.context, 'https://kyfw.12306.cn', {
        '/otn/view/passenger_edit.html': '/pages/12306-passenger.html',
      });
      await page.goto('https://kyfw.12306.cn/otn/view/passenger_edit.html?type=add');
      const popup = await browser.openPopup(page);
      await popup.click('[data-action=read]');
      await popup.waitForSelector('.card [data-field]', { timeout: 30_000 });
      expect(await popup.textContent('.card')).toContain('陈思远');
    }, 180_000);

    it('dpkg -r leaves nothing: no files, no manifests, no package state', async () => {
      await browser?.close();
      browser = undefined;
      const r = spawnSync('dpkg', ['-r', 'cardfill-host'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      for (const p of [
        '/usr/lib/cardfill',
        '/usr/bin/cardfill-host',
        `/etc/chromium/native-messaging-hosts/${HOST_NAME}.json`,
        `/etc/opt/chrome/native-messaging-hosts/${HOST_NAME}.json`,
        `/etc/opt/edge/native-messaging-hosts/${HOST_NAME}.json`,
        `/usr/lib/mozilla/native-messaging-hosts/${HOST_NAME}.json`,
        '/usr/lib/udev/rules.d/60-cardfill-readers.rules',
      ]) {
        expect(existsSync(p), p).toBe(false);
      }
      // Not even "rc" (config files remaining): nothing for `dpkg -P` to do.
      const q = spawnSync('dpkg-query', ['-W', '-f=${Status}', 'cardfill-host'], { encoding: 'utf8' });
      expect(q.stdout.includes('installed') || q.stdout.includes('config-files')).toBe(false);
    }, 60_000);
  });
});
