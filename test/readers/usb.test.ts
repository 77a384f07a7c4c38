/**
 * The `usb` backend: SAM frames over a WebUSB-shaped SAM-USB device. In-process against the fake
 * device of ./fake-usb-device.ts, and through the built host's `read --reader usb --json` with the
 * fake named by CARDFILL_USB_BINDING (the seam outside checks use).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReader } from '../../native-host/readers/index';
import { readCard } from '../../native-host/readers/session';
import { isCancelled } from '../../native-host/readers/types';
import {
  KNOWN_SAM_USB_READERS,
  listUsbReaders,
  loadWebUsb,
  openUsbReader,
  parseUsbTarget,
  USB_BINDING_ENV,
} from '../../native-host/readers/usb';
import { SYNTHETIC_CARDS, type SyntheticCardName } from '../../src/card/synthetic';
import { createFakeWebUsb, type FakeSamUsbDevice, type FakeUsbOptions } from './fake-usb-device';
import { codeOf } from './helpers';
import { DEV_ORIGIN, HostClient } from '../host/client';

const HOST_BIN = resolve(import.meta.dirname, '../../native-host/dist/cardfill-host.mjs');
const FOUR_KINDS: [SyntheticCardName, string][] = [
  ['resident', 'resident'],
  ['hmt', 'hmt-residence-permit'],
  ['foreign-2017', 'foreign-permanent-2017'],
  ['foreign-2023', 'foreign-permanent-2023'],
];

function fake(options: FakeUsbOptions = {}, target: string | null = null) {
  const webusb = createFakeWebUsb(options);
  const reader = openUsbReader(target === null ? 'usb' : `usb:${target}`, target, null, { webusb });
  return { webusb, device: webusb.reader, reader };
}

/** The WebUSB rules the host must keep, read from the device's call log. */
function expectContractKept(device: FakeSamUsbDevice): void {
  expect(device.breaches).toEqual([]);
  const first = device.calls.findIndex((c) => c.startsWith('out(') || c.startsWith('in('));
  const opened = device.calls.indexOf('open');
  const claimed = device.calls.indexOf('claimInterface(0)');
  expect(opened).toBeGreaterThanOrEqual(0);
  expect(claimed).toBeGreaterThan(opened);
  expect(first).toBeGreaterThan(claimed);
  for (const c of device.calls.filter((x) => x.startsWith('in('))) expect(Number(/,(\d+)\)/.exec(c)![1]) % 64).toBe(0);
  // Closed before the read returned.
  expect(device.opened).toBe(false);
  expect(device.calls.at(-1)).toBe('close');
}

describe('the usb package', () => {
  it('loads its prebuilt binary (no install script ran) and lists devices without throwing', async () => {
    const webusb = await loadWebUsb({});
    expect(typeof webusb.getDevices).toBe('function');
    // In a container without /sys/bus/usb the listing fails inside libusb: that is "no readers".
    expect(Array.isArray(await listUsbReaders({ env: {} }))).toBe(true);
  });
});

describe('usb SPEC', () => {
  it('defaults to the known SAM-USB ids, 0400:C35A first, and takes usb:VVVV:PPPP', () => {
    expect(parseUsbTarget(null).ids[0]).toEqual({ vendorId: 0x0400, productId: 0xc35a });
    expect(parseUsbTarget(null).ids).toHaveLength(KNOWN_SAM_USB_READERS.length);
    expect(parseUsbTarget('0316:5020').ids).toEqual([{ vendorId: 0x0316, productId: 0x5020 }]);
    expect(openReader('usb:0400:C35A').info).toMatchObject({ kind: 'usb', spec: 'usb:0400:C35A' });
    for (const bad of ['usb:', 'usb:0400', 'usb:04000:c35a', 'usb:xyz'])
      expect(() => openReader(bad)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });
});

describe('usb backend over a fake SAM-USB device (in-process)', () => {
  it.each(FOUR_KINDS)('reads %s with the split framing (OUT 2 + 6, IN 1 + 5) and closes the device', async (name, kind) => {
    const { device, reader } = fake({ card: name });
    const card = await readCard(reader);
    const fields = SYNTHETIC_CARDS[name].fields;
    expect(card.kind).toBe(kind);
    expect(card.number).toBe(fields.number);
    expect(card.birthDate.replaceAll('-', '')).toBe(fields.birthDate);
    expect(Uint8Array.from(atob(card.photo!.base64), (c) => c.charCodeAt(0))).toEqual(SYNTHETIC_CARDS[name].photo);
    expect(reader.usb.framingInUse).toBe('split');
    expect(device.calls).toContain('out(2,7)');
    expect(device.calls.some((c) => c.startsWith('out(6,'))).toBe(true);
    expect(device.calls.some((c) => c.startsWith('in(5,'))).toBe(true);
    expectContractKept(device);
  });

  it('picks the reader by VID:PID, never the first vendor-class device', async () => {
    const { webusb, reader } = fake({ card: 'hmt', decoyFirst: true });
    expect((await readCard(reader)).kind).toBe('hmt-residence-permit');
    expect(webusb.all[0]!.calls).toEqual([]);
    expect(webusb.all[0]!.breaches).toEqual([]);
  });

  it('usb:VVVV:PPPP takes only that device; another id is NO_READER with words', async () => {
    expect((await readCard(fake({ card: 'resident', vendorId: 0x0316, productId: 0x5020 }, '0316:5020').reader)).kind).toBe('resident');
    const other = fake({ card: 'resident' }, '0316:5020');
    await expect(readCard(other.reader)).rejects.toMatchObject({
      code: 'NO_READER',
      message: expect.stringMatching(/No USB reader 0316:5020 is connected/),
    });
    expect(other.device.calls).toEqual([]);
  });

  it('keeps the card-must-be-lifted rule and reopens the device for every read', async () => {
    const { device, reader } = fake({ card: 'foreign-2023' });
    expect((await readCard(reader)).kind).toBe('foreign-permanent-2023');
    expect(await codeOf(readCard(reader))).toBe('CARD_NOT_REPRESENTED');
    device.sim.place();
    expect((await readCard(reader)).kind).toBe('foreign-permanent-2023');
    expect(device.calls.filter((c) => c === 'open').length).toBe(3);
    expectContractKept(device);
  });

  it('falls back to one-pipe framing only after the split framing failed', async () => {
    const { device, reader } = fake({ card: 'foreign-2017', onePipe: true });
    expect((await readCard(reader)).kind).toBe('foreign-permanent-2017');
    expect(reader.usb.framingInUse).toBe('one-pipe');
    const splitTry = device.calls.findIndex((c) => c.startsWith('out(6,'));
    const wholeFrame = device.calls.findIndex((c) => /^out\(2,(\d+)\)$/.test(c) && Number(/,(\d+)/.exec(c)![1]) > 7);
    expect(splitTry).toBeGreaterThanOrEqual(0);
    expect(wholeFrame).toBeGreaterThan(splitTry);
    expectContractKept(device);
  });

  it('clears a stalled endpoint and goes on', async () => {
    const { device, reader } = fake({ card: 'resident', fault: 'stall' });
    expect((await readCard(reader)).kind).toBe('resident');
    expect(device.calls).toContain('clearHalt(in,5)');
    expectContractKept(device);
  });

  const faults: [FakeUsbOptions['fault'], string][] = [
    ['no-card', 'NO_CARD'],
    ['checksum', 'READ_FAILED'],
    ['stall-always', 'READ_FAILED'],
    ['unplug-mid-read', 'NO_READER'],
    ['silence', 'TIMEOUT'],
  ];
  it.each(faults)('fault %s → %s, typed, with the device closed', async (fault, code) => {
    const { device, reader } = fake({ card: 'resident', fault });
    expect(await codeOf(readCard(reader))).toBe(code);
    expect(device.opened).toBe(false);
    expect(device.breaches).toEqual([]);
  });

  it('a cancel closes the device and the read answers cancelled', async () => {
    const { device, reader } = fake({ card: 'resident', fault: 'silence' });
    const abort = new AbortController();
    const read = readCard(reader, { signal: abort.signal });
    await new Promise((r) => setTimeout(r, 100));
    abort.abort();
    const error = await read.catch((e: unknown) => e);
    expect(isCancelled(error)).toBe(true);
    expect(error).toMatchObject({ code: 'READ_FAILED', message: expect.stringMatching(/cancelled/) });
    expect(device.opened).toBe(false);
  });

  it('lists known readers with their permission and unknown vendor-class devices as unknown', async () => {
    const webusb = createFakeWebUsb({ decoyFirst: true });
    const list = await listUsbReaders({ webusb });
    expect(list).toEqual([
      { vendorId: 0x1234, productId: 0x5678, name: expect.any(String), known: false, permission: 'unknown' },
      { vendorId: 0x0400, productId: 0xc35a, name: expect.stringMatching(/SAM-USB|Fake/), known: true, permission: 'ok' },
    ]);
    expect(webusb.all[0]!.calls).toEqual([]); // an unknown device is never opened
    expect(webusb.reader.opened).toBe(false);
  });

  it('says denied when the OS refuses to open a known reader', async () => {
    const webusb = createFakeWebUsb({});
    webusb.reader.open = async () => {
      throw new Error('LIBUSB_ERROR_ACCESS: Access denied (insufficient permissions)');
    };
    expect((await listUsbReaders({ webusb }))[0]).toMatchObject({ known: true, permission: 'denied' });
    await expect(readCard(openUsbReader('usb', null, null, { webusb }))).rejects.toMatchObject({
      code: 'NO_READER',
      message: expect.stringMatching(/may not open it/),
    });
  });
});

describe('cardfill-host read --reader usb with CARDFILL_USB_BINDING', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cardfill-usb-'));
  const binding = join(dir, 'fake-usb.mjs');

  beforeAll(async () => {
    await build({
      entryPoints: [join(import.meta.dirname, 'fake-usb-device.ts')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile: binding,
      logLevel: 'silent',
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the built host; a run that is not over within 10 s (clean-up included) is killed and fails. */
  function hostRead(
    spec: string,
    options: FakeUsbOptions,
  ): Promise<{ status: number | null; out: { ok: boolean; card?: Record<string, unknown>; error?: { code: string } } }> {
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, [HOST_BIN, 'read', '--reader', spec, '--json'], {
        env: { ...process.env, [USB_BINDING_ENV]: binding, CARDFILL_FAKE_USB: JSON.stringify(options) },
      });
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(new Error(`read --reader ${spec} with ${JSON.stringify(options)} did not end within 10 s`));
      }, 10_000);
      child.on('exit', (status) => {
        clearTimeout(timer);
        try {
          done({ status, out: JSON.parse(stdout) });
        } catch (e) {
          fail(e);
        }
      });
    });
  }

  it.each(FOUR_KINDS)('gives the right record for %s', async (name, kind) => {
    const { status, out } = await hostRead('usb', { card: name });
    expect(status).toBe(0);
    const fields = SYNTHETIC_CARDS[name].fields;
    expect(out.card).toMatchObject({ kind, number: fields.number });
    expect(out.card!['nameZh'] ?? null).toBe(fields.nameZh ?? null);
  });

  it('reads through usb:VVVV:PPPP past a decoy vendor-class device and from a one-pipe device', async () => {
    expect((await hostRead('usb:0400:c35a', { card: 'hmt', decoyFirst: true })).out.card).toMatchObject({ kind: 'hmt-residence-permit' });
    expect((await hostRead('usb', { card: 'resident', onePipe: true })).out.card).toMatchObject({ kind: 'resident' });
  });

  const faults: [FakeUsbOptions['fault'], string][] = [
    ['no-card', 'NO_CARD'],
    ['checksum', 'READ_FAILED'],
    ['stall-always', 'READ_FAILED'],
    ['unplug-mid-read', 'NO_READER'],
    ['silence', 'TIMEOUT'],
  ];
  it.each(faults)('fault %s → %s (exit 1), within 10 s including clean-up', async (fault, code) => {
    const { status, out } = await hostRead('usb', { card: 'resident', fault });
    expect(status).toBe(1);
    expect(out).toMatchObject({ ok: false, error: { code } });
  });

  it('a browser request may name usb: status, read, and a cancel that closes the device mid-read', async () => {
    const host = new HostClient([DEV_ORIGIN], { [USB_BINDING_ENV]: binding, CARDFILL_FAKE_USB: JSON.stringify({ card: 'foreign-2023' }) });
    await host.next((m) => m.type === 'hello');
    host.send({ id: 1, type: 'status', reader: 'usb:0400:c35a' });
    expect(await host.reply(1)).toMatchObject({ type: 'status', reader: { kind: 'usb', spec: 'usb:0400:c35a' }, cardPresent: true });
    host.send({ id: 2, type: 'read', reader: 'usb' });
    expect(await host.reply(2)).toMatchObject({ type: 'card', card: { kind: 'foreign-permanent-2023' } });
    await host.close();

    const silent = new HostClient([DEV_ORIGIN], {
      [USB_BINDING_ENV]: binding,
      CARDFILL_FAKE_USB: JSON.stringify({ card: 'resident', fault: 'silence' }),
    });
    await silent.next((m) => m.type === 'hello');
    silent.send({ id: 1, type: 'read', reader: 'usb' });
    await new Promise((r) => setTimeout(r, 300));
    silent.send({ id: 2, type: 'cancel', target: 1 });
    expect(await silent.reply(1, 5000)).toMatchObject({
      type: 'error',
      error: { code: 'READ_FAILED', message: expect.stringMatching(/cancelled/) },
    });
    await silent.close();
  });

  it('a binding module that is not WebUSB-shaped is NO_READER in words', async () => {
    const child = spawn(process.execPath, [HOST_BIN, 'read', '--reader', 'usb', '--json'], {
      env: { ...process.env, [USB_BINDING_ENV]: join(dir, 'absent.mjs') },
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    await new Promise((r) => child.on('exit', r));
    expect(JSON.parse(stdout)).toMatchObject({
      ok: false,
      error: { code: 'NO_READER', message: expect.stringMatching(/CARDFILL_USB_BINDING/) },
    });
  });
});

describe('usb in auto', () => {
  it('offers a known reader only when it could be opened, and never an unknown vendor-class device', async () => {
    const { discoverUsbReaders } = await import('../../native-host/readers/usb');
    const webusb = createFakeWebUsb({ decoyFirst: true });
    expect(await discoverUsbReaders({ webusb })).toEqual([
      { spec: 'usb:0400:c35a', kind: 'usb', name: expect.stringMatching(/0400:c35a/) },
    ]);
    webusb.reader.open = async () => {
      throw new Error('LIBUSB_ERROR_NOT_SUPPORTED');
    };
    expect(await discoverUsbReaders({ webusb })).toEqual([]);
  });
});
