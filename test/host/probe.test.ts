/**
 * `cardfill-host probe` is for bug reports, so it must hold nothing personal: it reads a
 * synthetic card through the built host and the whole output is searched for every value of the
 * card — name, number, address, issuer, dates, photo bytes — as UTF-8 text, UCS-2LE hex (the
 * chip's own encoding), UTF-8 hex and base64, in either case. The trace itself must still be
 * useful: the backend, the OS and each exchange's command, status and sizes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCardText } from '../../src/card/decode';
import { SYNTHETIC_CARDS, type SyntheticCardName } from '../../src/card/synthetic';
import { encodeUcs2 } from '../../src/card/ucs2';
import { cardSecrets, scrub } from '../../native-host/commands/probe';
import { servicePhoto, startServiceEmulator } from '../emulators/services';
import { HOST_BIN } from './client';

function host(...args: string[]): Promise<{ code: number; stdout: string }> {
  return hostWith({}, ...args);
}

function hostWith(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [HOST_BIN, ...args],
      { env: { ...process.env, CARDFILL_READER: '', CARDFILL_SIM_CONTROL: '', ...env }, timeout: 25_000 },
      (error, stdout) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 99) : 0, stdout });
      },
    );
  });
}

/** Every form in which a card value could leak. */
function leaks(output: string, card: SyntheticCardName, extraPhoto?: Uint8Array): string[] {
  const f = SYNTHETIC_CARDS[card].fields;
  const values = [
    f.nameZh,
    f.nameEn,
    f.number,
    f.address,
    f.issuer,
    f.passNumber,
    f.birthDate,
    f.validFrom,
    f.validUntil === '长期' ? null : f.validUntil,
  ].filter((v): v is string => typeof v === 'string' && v.length > 0);
  const dated = [f.birthDate, f.validFrom].map((d) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`);
  const forms: string[] = [];
  for (const v of [...values, ...dated]) {
    forms.push(
      v,
      Buffer.from(encodeUcs2(v)).toString('hex'),
      Buffer.from(v, 'utf8').toString('hex'),
      Buffer.from(v, 'utf8').toString('base64'),
    );
  }
  for (const photo of [SYNTHETIC_CARDS[card].photo, extraPhoto].filter((p): p is Uint8Array => !!p)) {
    forms.push(Buffer.from(photo).toString('base64'), Buffer.from(photo).toString('hex'));
    // Any 12-byte run of the photo, hex or base64, would be a leak too.
    for (let i = 0; i + 12 <= photo.length; i += 97) {
      forms.push(Buffer.from(photo.subarray(i, i + 12)).toString('hex'), Buffer.from(photo.subarray(i, i + 12)).toString('base64'));
    }
  }
  // The text block itself, whole or in part.
  const text = SYNTHETIC_CARDS[card].text;
  forms.push(Buffer.from(text).toString('base64'), Buffer.from(text.subarray(0, 24)).toString('hex'));
  const lower = output.toLowerCase();
  return forms.filter((form) => form.length >= 4 && lower.includes(form.toLowerCase()));
}

describe('cardfill-host probe', () => {
  it.each(['resident', 'hmt', 'foreign-2017', 'foreign-2023'] as SyntheticCardName[])(
    'traces a simulated %s read with nothing from the card in it',
    { timeout: 30_000 },
    async (card) => {
      for (const json of [true, false]) {
        const r = await host('probe', '--reader', `sim:${card}`, ...(json ? ['--json'] : []));
        expect(r.code).toBe(0);
        expect(leaks(r.stdout, card)).toEqual([]);
        if (json) {
          const report = JSON.parse(r.stdout);
          expect(report).toMatchObject({
            probe: 1,
            os: { platform: process.platform },
            reader: { spec: `sim:${card}`, kind: 'sim' },
            result: { ok: true, card: { kind: decodeCardText(SYNTHETIC_CARDS[card].text).kind } },
          });
          const commands = report.exchanges.map((e: { command: string }) => e.command);
          expect(commands).toEqual([
            'find card (20 01)',
            'select card (20 02)',
            'read base message (30 01)',
            'read append address (30 03)',
          ]);
          const read = report.exchanges[2];
          expect(read).toMatchObject({ transport: 'sam', status: '0x90', sentBytes: 10, outcome: 'ok' });
          expect(read.receivedBytes).toBeGreaterThan(1000);
          expect(report.result.card.photo).toEqual({ mime: 'application/x-wlt', bytes: 1024 });
        } else {
          expect(r.stdout).toMatch(/read base message \(30 01\) → 0x90/);
        }
      }
    },
  );

  it('traces a vendor service read (德卡 raw hex, 新中新 parsed fields) with nothing from the card in it', {
    timeout: 30_000,
  }, async () => {
    for (const vendor of ['decard', 'synjones'] as const) {
      const emulator = await startServiceEmulator(vendor, { card: 'foreign-2023' });
      try {
        const r = await host('probe', '--reader', `service:${vendor}@${emulator.url}`, '--json');
        expect(r.code).toBe(0);
        expect(leaks(r.stdout, 'foreign-2023', servicePhoto('foreign-2023'))).toEqual([]);
        const report = JSON.parse(r.stdout);
        expect(report.reader.kind).toBe('service');
        const commands = report.exchanges.map((e: { command: string }) => e.command);
        expect(commands).toEqual(vendor === 'decard' ? ['connect', 'dc_init', 'dc_SamAReadCardInfo', 'dc_exit'] : ['GET /api/ReadMsg']);
        expect(Math.max(...report.exchanges.map((e: { receivedBytes: number | null }) => e.receivedBytes ?? 0))).toBeGreaterThan(1000);
      } finally {
        await emulator.close();
      }
    }
  });

  describe('over USB (the fake SAM-USB device named by CARDFILL_USB_BINDING)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cardfill-probe-usb-'));
    const binding = join(dir, 'fake-usb.mjs');
    beforeAll(async () => {
      await build({
        entryPoints: [join(import.meta.dirname, '../readers/fake-usb-device.ts')],
        bundle: true,
        format: 'esm',
        platform: 'node',
        outfile: binding,
        logLevel: 'silent',
      });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('traces the SAM exchanges of a USB read with nothing from the card in it', { timeout: 30_000 }, async () => {
      const r = await hostWith(
        { CARDFILL_USB_BINDING: binding, CARDFILL_FAKE_USB: JSON.stringify({ card: 'foreign-2017' }) },
        'probe',
        '--reader',
        'usb',
        '--json',
      );
      expect(r.code, r.stdout).toBe(0);
      expect(leaks(r.stdout, 'foreign-2017')).toEqual([]);
      const report = JSON.parse(r.stdout);
      expect(report.reader.kind).toBe('usb');
      const commands = report.exchanges.map((e: { command: string }) => e.command);
      expect(commands).toEqual(expect.arrayContaining(['find card (20 01)', 'select card (20 02)', 'read base message (30 01)']));
    });

    it('doctor lists the fake reader as a known USB device and says auto would use it', { timeout: 30_000 }, async () => {
      const r = await hostWith(
        { CARDFILL_USB_BINDING: binding, CARDFILL_FAKE_USB: JSON.stringify({ card: 'resident' }), HOME: dir },
        'doctor',
        '--json',
      );
      const report = JSON.parse(r.stdout);
      expect(report.readers.usb).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: '0400:C35A', known: true, spec: 'usb:0400:c35a' })]),
      );
      expect(report.readers.auto?.spec).toBe('usb:0400:c35a');
      expect(report.readers.services.map((s: { spec: string }) => s.spec)).toEqual([
        'service:decard',
        'service:synjones',
        'service:chinavision',
        'service:eastcom',
      ]);
    });
  });

  it('reports a failed read with its code and still no card data', { timeout: 30_000 }, async () => {
    const r = await host('probe', '--reader', 'sim:resident', '--json');
    expect(r.code).toBe(0);
    const emulator = await startServiceEmulator('chinavision', { fault: 'no-card' });
    try {
      const failed = await host('probe', '--reader', `service:chinavision@${emulator.url}`, '--json');
      expect(failed.code).toBe(1);
      const report = JSON.parse(failed.stdout);
      expect(report.result).toMatchObject({ ok: false, error: { code: 'NO_CARD' } });
      expect(report.exchanges.map((e: { command: string; status: string }) => `${e.command} ${e.status}`)).toEqual([
        'GET /OpenDevice 200',
        'GET /readcard 200',
        'GET /CloseDevice 200',
      ]);
    } finally {
      await emulator.close();
    }
  });

  it('the trace hook itself carries only the shape of each exchange: fixed keys, short tokens', async () => {
    const { setTraceSink } = await import('../../native-host/readers/trace');
    const { openReader } = await import('../../native-host/readers/index');
    const { readCard } = await import('../../native-host/readers/session');
    const events: Record<string, unknown>[] = [];
    setTraceSink((e) => events.push({ ...e }));
    try {
      for (const spec of ['sim:foreign-2023', 'sim:hmt']) {
        const reader = openReader(spec);
        await readCard(reader);
        await reader.close();
      }
    } finally {
      setTraceSink(null);
    }
    expect(events.length).toBe(8);
    for (const e of events) {
      expect(Object.keys(e).sort()).toEqual(['command', 'ms', 'outcome', 'receivedBytes', 'sentBytes', 'status', 'transport']);
      for (const v of Object.values(e)) {
        if (typeof v === 'string') expect(v).toMatch(/^[\w ().-]{1,60}$/);
        else expect(v === null || typeof v === 'number').toBe(true);
      }
    }
    expect(leaks(JSON.stringify(events), 'foreign-2023')).toEqual([]);
  });

  it('blanks a card value that a message might carry, in any of its encodings', () => {
    const record = decodeCardText(SYNTHETIC_CARDS.resident.text);
    const secrets = cardSecrets(record);
    const hexName = Buffer.from(encodeUcs2(record.nameZh!)).toString('hex').toUpperCase();
    const text = `failed near ${record.number} / ${hexName} / ${Buffer.from(record.address!, 'utf8').toString('base64')} on ${record.birthDate}`;
    const out = scrub(text, secrets);
    expect(out).not.toContain(record.number);
    expect(out.toLowerCase()).not.toContain(hexName.toLowerCase());
    expect(out).not.toContain(record.birthDate);
    expect(out).toContain('[redacted]');
  });
});
