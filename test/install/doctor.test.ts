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
import { absentServiceUrl, startServiceEmulator } from '../emulators/services';

const DEV = 'kgmcdhopppdlggghpgbcmpgemaccdmoc';
const OTHER = 'abcdefghijklmnopabcdefghijklmnop';

let home: string;
let fakeHost: string;
let output: string;
let errors: string;

const io = (overrides: Partial<DoctorIo> = {}): DoctorIo =>
  tempHomeIo(
    home,
    fakeHost,
    { out: (t) => void (output += t), err: (t) => void (errors += t) },
    {
      expectedVersion: STAND_IN_VERSION,
      discoverReaders: async () => [{ spec: 'sim:resident', kind: 'sim', name: 'Simulated reader (Resident ID card)' }],
      listUsb: async () => [],
      findServices: async () => [],
      ...overrides,
    },
  );

const chromiumDir = () => join(home, '.config/chromium/NativeMessagingHosts');
const codes = (report: DoctorReport, target = 'chromium') =>
  report.registrations.find((r) => r.target === target)!.problems.map((p) => p.code);

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
    writeManifest({
      name: 'cn.cardfill.host',
      description: 'x',
      path: 'cn.cardfill.host.sh',
      type: 'stdio',
      allowed_origins: [`chrome-extension://${DEV}/`],
    });
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
      [
        'SANDBOXED_BROWSER',
        'warning',
        'Sandboxed browsers found: Chromium (snap), Firefox (flatpak). They may not be able to start the CardFill host.',
      ],
    ]);
    expect(report.ok).toBe(true);
  });

  it('shows the last error as a code and a time only', async () => {
    mkdirSync(join(home, '.local/state/cardfill'), { recursive: true });
    // Even if something else ended up in the file, doctor shows only code and time.
    writeFileSync(
      join(home, '.local/state/cardfill/last-error.json'),
      JSON.stringify({ code: 'NO_CARD', at: '2026-11-27T08:00:00.000Z', nameZh: '测试人' }),
    );
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
    expect(report.readers).toEqual({
      checked: true,
      readers: [{ spec: 'sim:resident', name: 'Simulated reader (Resident ID card)' }],
      usb: [],
      services: [],
      auto: { spec: 'sim:resident', name: 'Simulated reader (Resident ID card)' },
      udevRule: expect.any(Boolean),
      problems: [],
    });
  });

  it('degrades gracefully when no reader answers or reader discovery fails', async () => {
    expect(await runInstall(['--browser', 'chromium'], io())).toBe(0);
    const none = await doctor(['--browser', 'chromium'], io({ discoverReaders: async () => [] }));
    expect(none.report.readers.problems.map((p) => p.code)).toEqual(['NO_READER']);
    expect(none.report.ok).toBe(true);
    const failing = await doctor(
      ['--browser', 'chromium'],
      io({ discoverReaders: async () => Promise.reject(new CardFillError('SAM_ERROR', 'SAM did not answer')) }),
    );
    expect(failing.report.readers.checked).toBe(false);
    expect(failing.report.readers.problems[0]!.message.en).toBe('Could not look for readers: SAM_ERROR SAM did not answer.');
    // Without an injected discovery, doctor loads the reader module itself, or says it cannot.
    const real = await doctor(['--browser', 'chromium'], io({ discoverReaders: undefined }));
    expect(real.report.readers.checked || real.report.readers.problems[0]?.code === 'READER_CHECK_FAILED').toBe(true);
  });

  it('reads the registry on Windows and checks the manifest the key points at', async () => {
    const manifestFile = join(home, 'cn.cardfill.host.json');
    writeFileSync(
      manifestFile,
      JSON.stringify({
        name: 'cn.cardfill.host',
        description: 'x',
        path: fakeHost,
        type: 'stdio',
        allowed_origins: [`chrome-extension://${DEV}/`],
      }),
    );
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

  it('names the reader: the USB devices (known and unknown), the services that answer, what auto picks', async () => {
    expect(await runInstall(['--browser', 'chromium'], io())).toBe(0);
    const emulator = await startServiceEmulator('synjones');
    try {
      const fakeUsb = [
        {
          vendorId: 0x0400,
          productId: 0xc35a,
          name: 'SAM-USB ID-card reader (public-security standard interface)',
          known: true,
          permission: 'ok' as const,
        },
        { vendorId: 0x1234, productId: 0x0001, name: 'Acme Widget', known: false, permission: 'unknown' as const },
      ];
      // The real service probe, pointed at the emulator (answers) and at an address where nothing listens.
      const { findServices } = await import('../../native-host/readers/service/index');
      const all = await findServices();
      const services = async () =>
        all.map((f) => (f.vendor.name === 'synjones' ? { ...f, url: emulator.url, answers: true } : { ...f, answers: false }));
      const discovered = [
        { spec: 'usb:0400:c35a', kind: 'usb' as const, name: 'SAM-USB ID-card reader (USB 0400:C35A)' },
        { spec: 'service:synjones', kind: 'service' as const, name: '新中新 (Synjones) WebAPI service at http://127.0.0.1:8989' },
      ];
      output = '';
      expect(
        await runDoctor(
          ['--browser', 'chromium'],
          io({ listUsb: async () => fakeUsb, findServices: services, discoverReaders: async () => discovered }),
        ),
      ).toBe(0);
      expect(output).toContain('"auto" would use / "auto" 将使用: SAM-USB ID-card reader (USB 0400:C35A) (usb:0400:c35a)');
      expect(output).toContain(
        '✓ 0400:C35A SAM-USB ID-card reader (public-security standard interface) — can be opened / 可以打开 (usb:0400:c35a)',
      );
      expect(output).toContain('! 1234:0001 Acme Widget — unknown vendor-class device / 未知的厂商自定义设备');
      expect(output).toMatch(/✓ 新中新 \(Synjones\) WebAPI service answers at http:\/\/127\.0\.0\.1:\d+ \/ 正在运行 \(service:synjones\)/);
      expect(output).toContain('· 德卡 (DeCard) dcrf32 service: not running at ws://127.0.0.1:50150 / 未运行');
      output = '';
      await runDoctor(
        ['--browser', 'chromium', '--json'],
        io({ listUsb: async () => fakeUsb, findServices: services, discoverReaders: async () => discovered }),
      );
      const report = JSON.parse(output) as DoctorReport;
      expect(report.readers.auto).toEqual({ spec: 'usb:0400:c35a', name: 'SAM-USB ID-card reader (USB 0400:C35A)' });
      expect(report.readers.usb).toEqual([
        { id: '0400:C35A', name: fakeUsb[0]!.name, known: true, permission: 'ok', spec: 'usb:0400:c35a' },
        { id: '1234:0001', name: 'Acme Widget', known: false, permission: 'unknown', spec: null },
      ]);
      expect(report.readers.services.filter((s) => s.answers).map((s) => s.spec)).toEqual(['service:synjones']);
      expect(report.readers.services.map((s) => s.name)).toEqual(['decard', 'synjones', 'chinavision', 'eastcom']);
    } finally {
      await emulator.close();
    }
  });

  it('gives the remedy in words: udev rule for a reader this user may not open, and what to do when none answers', async () => {
    expect(await runInstall(['--browser', 'chromium'], io())).toBe(0);
    const denied = [{ vendorId: 0x0400, productId: 0xc35a, name: 'SAM-USB ID-card reader', known: true, permission: 'denied' as const }];
    const unknown = [{ vendorId: 0x1234, productId: 0x0001, name: 'Acme Widget', known: false, permission: 'unknown' as const }];
    const linux = (
      await doctor(
        ['--browser', 'chromium'],
        io({ platform: 'linux', listUsb: async () => [...denied, ...unknown], discoverReaders: async () => [] }),
      )
    ).report;
    const codes = linux.readers.problems.map((p) => p.code);
    expect(codes).toEqual(['USB_NO_PERMISSION', 'USB_UNKNOWN_DEVICE', 'NO_READER']);
    expect(linux.readers.problems[0]!.fix.en).toContain('udev rule');
    expect(linux.readers.problems[0]!.fix.zh).toContain('udev 规则');
    expect(linux.readers.problems[1]!.fix.en).toContain('cardfill-host probe --reader usb:1234:0001');
    expect(linux.readers.problems[2]!.fix.en).toMatch(/udev rule.*dialout.*service running/s);
    expect(linux.readers.auto).toBeNull();
    output = '';
    await runDoctor(['--browser', 'chromium'], io({ platform: 'linux', listUsb: async () => denied, discoverReaders: async () => [] }));
    expect(output).toContain('! 0400:C35A SAM-USB ID-card reader — no permission / 无权限 (usb:0400:c35a)');
    expect(output).toContain('"auto" would find no reader now');
    // With CardFill's udev rule in place, doctor says so instead of asking for it again.
    const rules = join(home, 'udev');
    mkdirSync(rules, { recursive: true });
    writeFileSync(join(rules, '60-cardfill-readers.rules'), '# test\n');
    const withRule = (
      await doctor(
        ['--browser', 'chromium'],
        io({ platform: 'linux', env: { CARDFILL_UDEV_RULES_DIR: rules }, discoverReaders: async () => [] }),
      )
    ).report;
    expect(withRule.readers.udevRule).toBe(true);
    expect(withRule.readers.problems.at(-1)!.fix.en).toContain('udev rule for SAM-USB readers is installed');
    const { noReaderRemedy } = await import('../../native-host/commands/doctor');
    expect(noReaderRemedy('win32').en).toMatch(/vendor driver.*sdtapi.*32-bit.*reader service/s);
    expect(noReaderRemedy('win32').zh).toContain('32 位');
    expect(noReaderRemedy('darwin').en).toContain('needs no driver on macOS');
  });

  it('lists the services with the real probe: one that answers, the others not running', async () => {
    const { findServices } = await import('../../native-host/readers/service/index');
    const found = await findServices(300);
    expect(found.map((f) => f.spec)).toEqual(['service:decard', 'service:synjones', 'service:chinavision', 'service:eastcom']);
    for (const f of found) expect(typeof f.answers).toBe('boolean');
    const { serviceAnswers, parseServiceUrl } = await import('../../native-host/readers/service/transport');
    const emulator = await startServiceEmulator('decard');
    try {
      expect(await serviceAnswers(parseServiceUrl(emulator.url, 'ws:', 'x'), 800)).toBe(true);
      expect(await serviceAnswers(parseServiceUrl(await absentServiceUrl('http'), 'http:', 'x'), 800)).toBe(false);
    } finally {
      await emulator.close();
    }
  });

  it('rejects unknown options with exit code 2', async () => {
    expect(await runDoctor(['--fix'], io())).toBe(2);
    expect(errors).toContain('Unknown option "--fix"');
  });
});
