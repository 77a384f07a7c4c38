/**
 * `doctor` finds what is wrong with a registration the way users break them in the field:
 * a relative path, a lost exec bit, a manifest for another extension id, a missing trailing
 * slash, a moved host, an old version — and says what to do. Real files in a temporary HOME.
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInstall } from '../../native-host/commands/install';
import { doctor, runDoctor, type DoctorIo, type DoctorReport } from '../../native-host/commands/doctor';
import { CardFillError } from '../../src/errors';
import { makeTempHome, STAND_IN_VERSION, tempHomeIo } from './temp-home';

const DEV = 'kgmcdhopppdlggghpgbcmpgemaccdmoc';
const OTHER = 'abcdefghijklmnopabcdefghijklmnop';

let home: string;
let fakeHost: string;
let output: string;
let errors: string;

const io = (overrides: Partial<DoctorIo> = {}): DoctorIo =>
  tempHomeIo(home, fakeHost, { out: (t) => void (output += t), err: (t) => void (errors += t) }, {
    expectedVersion: STAND_IN_VERSION,
    discoverReaders: async () => [{ spec: 'sim:resident', kind: 'sim', name: 'Simulated reader (Resident ID card)' }],
    ...overrides,
  });

const chromiumDir = () => join(home, '.config/chromium/NativeMessagingHosts');
const codes = (report: DoctorReport, target = 'chromium') => report.registrations.find((r) => r.target === target)!.problems.map((p) => p.code);

function writeManifest(manifest: Record<string, unknown>): void {
  mkdirSync(chromiumDir(), { recursive: true });
  writeFileSync(join(chromiumDir(), 'cn.cardfill.host.json'), JSON.stringify(manifest));
}

beforeEach(() => {
  ({ home, fakeHost } = makeTempHome('cardfill-doctor-'));
  output = '';
  errors = '';
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('doctor', () => {
  it('reports a healthy registration: found, host started, version, reader, exit 0', async () => {
    expect(await runInstall(['--browser', 'chromium'], io())).toBe(0);
    output = '';
    expect(await runDoctor(['--browser', 'chromium'], io())).toBe(0);
    expect(output).toContain(`✓ Chromium: registered, host 0.1.0 / 已注册 — ${join(chromiumDir(), 'cn.cardfill.host.json')}`);
    expect(output).toContain('✓ Simulated reader (Resident ID card) (sim:resident)');
    expect(output).toContain('All good');
  });

  it('finds a relative path in the manifest', async () => {
    writeManifest({ name: 'cn.cardfill.host', description: 'x', path: 'cn.cardfill.host.sh', type: 'stdio', allowed_origins: [`chrome-extension://${DEV}/`] });
    const { report } = await doctor(['--browser', 'chromium'], io());
    expect(codes(report)).toEqual(['RELATIVE_PATH']);
    expect(report.ok).toBe(false);
  });

  it('finds a launcher without its exec bit and says how to fix it', async () => {
    expect(await runInstall(['--browser', 'chromium'], io())).toBe(0);
    const launcher = join(chromiumDir(), 'cn.cardfill.host.sh');
    chmodSync(launcher, 0o644);
    output = '';
    expect(await runDoctor(['--browser', 'chromium'], io())).toBe(1);
    expect(output).toContain(`✗ The program ${launcher} is not executable`);
    expect(output).toContain(`What to do: Run "chmod 755 '${launcher}'"`);
    expect(output).toContain('解决办法');
  });

  it('finds a manifest written for another extension id, and accepts it when that id is named', async () => {
    expect(await runInstall(['--browser', 'chromium'], io())).toBe(0);
    const manifestFile = join(chromiumDir(), 'cn.cardfill.host.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, allowed_origins: [`chrome-extension://${OTHER}/`] }));
    const wrong = (await doctor(['--browser', 'chromium'], io())).report;
    expect(codes(wrong)).toEqual(['WRONG_EXTENSION_ID']);
    expect(wrong.registrations[0]!.problems[0]!.message.en).toBe(`The manifest allows ${OTHER}, not CardFill (${DEV}).`);
    expect(codes((await doctor(['--browser', 'chromium', '--extension-id', OTHER], io())).report)).toEqual([]);
  });

  it('finds an allowed_origins entry without the trailing slash', async () => {
    expect(await runInstall(['--browser', 'chromium'], io())).toBe(0);
    const manifestFile = join(chromiumDir(), 'cn.cardfill.host.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, allowed_origins: [`chrome-extension://${DEV}`] }));
    expect(codes((await doctor(['--browser', 'chromium'], io())).report)).toEqual(['ORIGIN_MALFORMED', 'WRONG_EXTENSION_ID']);
  });

  it('finds a manifest that is not JSON', async () => {
    mkdirSync(chromiumDir(), { recursive: true });
    writeFileSync(join(chromiumDir(), 'cn.cardfill.host.json'), '{ "name": "cn.cardfill.host", ');
    expect(codes((await doctor(['--browser', 'chromium'], io())).report)).toEqual(['MANIFEST_NOT_JSON']);
  });

  it('finds a host that no longer starts (the bundle was moved away)', async () => {
    expect(await runInstall(['--browser', 'chromium'], io())).toBe(0);
    rmSync(fakeHost);
    const { report } = await doctor(['--browser', 'chromium'], io());
    expect(codes(report)).toEqual(['HOST_DOES_NOT_START']);
    expect(report.registrations[0]!.problems[0]!.message.en).toContain('did not start the CardFill host');
  });

  it('compares the registered host version with its own: another major is an error, another minor a warning', async () => {
    expect(await runInstall(['--browser', 'chromium'], io())).toBe(0);
    const major = await doctor(['--browser', 'chromium'], io({ expectedVersion: '1.0.0' }));
    expect(codes(major.report)).toEqual(['VERSION_MISMATCH']);
    expect(major.report.ok).toBe(false);
    const minor = await doctor(['--browser', 'chromium'], io({ expectedVersion: '0.2.0' }));
    expect(codes(minor.report)).toEqual(['VERSION_DIFFERENT']);
    expect(minor.report.ok).toBe(true);
  });

  it('says when nothing is registered, and names the installed browser that lacks CardFill', async () => {
    // Chrome has run for this user (it wrote its Local State); Edge's folder exists but only because
    // an earlier install/uninstall left an empty NativeMessagingHosts/ there.
    mkdirSync(join(home, '.config/google-chrome'), { recursive: true });
    writeFileSync(join(home, '.config/google-chrome/Local State'), '{}');
    mkdirSync(join(home, '.config/microsoft-edge/NativeMessagingHosts'), { recursive: true });
    output = '';
    expect(await runDoctor([], io())).toBe(1);
    expect(output).toContain('CardFill is not registered with any browser');
    expect(output).toContain('Google Chrome is installed, but CardFill is not registered for it.');
    expect(output).toContain('What to do: Run "cardfill-host install --browser chrome".');
    expect(output).toContain('· Microsoft Edge: not registered / 未注册 (browser not found / 未发现该浏览器)');
  });

  it('warns about snap and flatpak browsers, which may not start native hosts', async () => {
    expect(await runInstall(['--browser', 'chromium'], io())).toBe(0);
    mkdirSync(join(home, 'snap/chromium'), { recursive: true });
    mkdirSync(join(home, '.var/app/org.mozilla.firefox'), { recursive: true });
    const { report } = await doctor(['--browser', 'chromium'], io());
    expect(report.problems.map((p) => [p.code, p.severity, p.message.en])).toEqual([
      ['SANDBOXED_BROWSER', 'warning', 'Sandboxed browsers found: Chromium (snap), Firefox (flatpak). They may not be able to start the CardFill host.'],
    ]);
    expect(report.ok).toBe(true);
  });

  it('shows the last error as a code and a time only', async () => {
    mkdirSync(join(home, '.local/state/cardfill'), { recursive: true });
    // Even if something else ended up in the file, doctor shows only code and time.
    writeFileSync(join(home, '.local/state/cardfill/last-error.json'), JSON.stringify({ code: 'NO_CARD', at: '2026-11-27T08:00:00.000Z', nameZh: '测试人' }));
    output = '';
    await runDoctor(['--json'], io());
    const report = JSON.parse(output) as DoctorReport;
    expect(report.lastError).toEqual({
      code: 'NO_CARD',
      at: '2026-11-27T08:00:00.000Z',
      en: 'No card is on the reader. Place the card flat on the reader and try again.',
      zh: '读卡器上没有证件。请将证件平放在读卡器上后重试。',
    });
    expect(output).not.toContain('测试人');
  });

  it('--json gives the whole report for the options page', async () => {
    expect(await runInstall([], io())).toBe(0);
    output = '';
    expect(await runDoctor(['--json'], io())).toBe(0);
    const report = JSON.parse(output) as DoctorReport;
    expect(report.ok).toBe(true);
    expect(report.registrations.map((r) => [r.target, r.found, r.hostVersion, r.problems.length])).toEqual([
      ['chrome', true, '0.1.0', 0],
      ['chromium', true, '0.1.0', 0],
      ['edge', true, '0.1.0', 0],
      ['brave', true, '0.1.0', 0],
      ['firefox', true, '0.1.0', 0],
    ]);
    expect(report.registrations.find((r) => r.target === 'firefox')!.allowed).toEqual(['cardfill@cardfill.cn']);
    expect(report.readers).toEqual({ checked: true, readers: [{ spec: 'sim:resident', name: 'Simulated reader (Resident ID card)' }], problems: [] });
  });

  it('degrades gracefully when no reader answers or reader discovery fails', async () => {
    expect(await runInstall(['--browser', 'chromium'], io())).toBe(0);
    const none = await doctor(['--browser', 'chromium'], io({ discoverReaders: async () => [] }));
    expect(none.report.readers.problems.map((p) => p.code)).toEqual(['NO_READER']);
    expect(none.report.ok).toBe(true);
    const failing = await doctor(['--browser', 'chromium'], io({ discoverReaders: async () => Promise.reject(new CardFillError('SAM_ERROR', 'SAM did not answer')) }));
    expect(failing.report.readers.checked).toBe(false);
    expect(failing.report.readers.problems[0]!.message.en).toBe('Could not look for readers: SAM_ERROR SAM did not answer.');
    // Without an injected discovery, doctor loads the reader module itself, or says it cannot.
    const real = await doctor(['--browser', 'chromium'], io({ discoverReaders: undefined }));
    expect(real.report.readers.checked || real.report.readers.problems[0]?.code === 'READER_CHECK_FAILED').toBe(true);
  });

  it('reads the registry on Windows and checks the manifest the key points at', async () => {
    const manifestFile = join(home, 'cn.cardfill.host.json');
    writeFileSync(manifestFile, JSON.stringify({ name: 'cn.cardfill.host', description: 'x', path: fakeHost, type: 'stdio', allowed_origins: [`chrome-extension://${DEV}/`] }));
    const commands: string[][] = [];
    const run = async (argv: readonly string[]) => {
      commands.push([...argv]);
      if (argv[0] === 'reg' && argv[2] === 'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\cn.cardfill.host') {
        return { code: 0, stdout: `\r\n${argv[2]}\r\n    (Default)    REG_SZ    ${manifestFile}\r\n\r\n`, stderr: '' };
      }
      if (argv[0] === 'cmd.exe') return { code: 0, stdout: '0.1.0\r\n', stderr: '' };
      return { code: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.' };
    };
    const { report } = await doctor([], io({ platform: 'win32', env: { LOCALAPPDATA: join(home, 'local') }, run }));
    const edge = report.registrations.find((r) => r.target === 'edge')!;
    expect(edge).toMatchObject({ found: true, manifestPath: manifestFile, hostVersion: '0.1.0', problems: [] });
    expect(report.registrations.filter((r) => r.found).map((r) => r.target)).toEqual(['edge']);
    expect(commands).toContainEqual(['cmd.exe', '/d', '/c', fakeHost, '--version']);
    expect(commands).toContainEqual(['reg', 'query', 'HKCU\\Software\\Mozilla\\NativeMessagingHosts\\cn.cardfill.host', '/ve']);
  });

  it('rejects unknown options with exit code 2', async () => {
    expect(await runDoctor(['--fix'], io())).toBe(2);
    expect(errors).toContain('Unknown option "--fix"');
  });
});
