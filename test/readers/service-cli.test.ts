/**
 * `cardfill-host read --reader service:NAME@URL --json`, run as a person runs it (the built host),
 * against the service emulators: the card record for all four card kinds through each service,
 * `reader` beside the card naming the backend, and a typed error for each fault.
 */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeCardText, WLT_MIME } from '../../src/card/decode';
import { SYNTHETIC_CARDS, type SyntheticCardName } from '../../src/card/synthetic';
import type { ServiceName } from '../../native-host/readers/service/index';
import { absentServiceUrl, servicePhoto, startServiceEmulator, type ServiceFault } from '../emulators/services';
import { HOST_BIN } from '../host/client';

const VENDORS: ServiceName[] = ['decard', 'synjones', 'chinavision', 'eastcom'];
const CARDS: SyntheticCardName[] = ['resident', 'hmt', 'foreign-2017', 'foreign-2023'];

function host(...args: string[]): Promise<{ code: number | null; out: any; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [HOST_BIN, ...args],
      { env: { ...process.env, CARDFILL_READER: '' }, timeout: 25_000 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? null) : 0;
        let out: unknown = null;
        try {
          out = JSON.parse(stdout);
        } catch {
          out = stdout;
        }
        resolve({ code: typeof code === 'number' ? code : null, out, stderr });
      },
    );
  });
}

describe.concurrent('cardfill-host read --reader service:…', () => {
  for (const vendor of VENDORS) {
    for (const card of CARDS) {
      it(`${vendor}: ${card}`, { timeout: 30_000 }, async () => {
        const emulator = await startServiceEmulator(vendor, { card });
        try {
          const r = await host('read', '--reader', `service:${vendor}@${emulator.url}`, '--json');
          expect(r.code, JSON.stringify(r.out)).toBe(0);
          expect(r.out.ok).toBe(true);
          const c = SYNTHETIC_CARDS[card];
          const chip = decodeCardText(c.text, {
            photo: vendor === 'decard' ? { mime: WLT_MIME, bytes: c.photo } : { mime: 'image/jpeg', bytes: servicePhoto(card) },
          });
          // The fields every one of the four services gives, for every card kind.
          for (const key of [
            'kind',
            'typeCode',
            'sex',
            'birthDate',
            'number',
            'validFrom',
            'validUntil',
            'nationality',
            'region',
            'photo',
            'checks',
          ] as const) {
            expect(r.out.card[key], key).toEqual(chip[key]);
          }
          if (vendor === 'decard' || vendor === 'synjones') expect(r.out.card).toEqual(chip);
          // Which backend produced it, beside the card (the record's own fields are unchanged).
          expect(r.out.reader).toEqual({
            spec: `service:${vendor}@${emulator.url}`,
            kind: 'service',
            name: expect.stringContaining(emulator.url.replace(/\/$/, '')),
          });
          expect(Object.keys(r.out.card)).toEqual(Object.keys(chip));
        } finally {
          await emulator.close();
        }
      });
    }
  }

  const faults: Array<[ServiceFault | 'absent', string]> = [
    ['absent', 'NO_READER'],
    ['garbage', 'READ_FAILED'],
    ['never', 'TIMEOUT'],
    ['no-card', 'NO_CARD'],
    ['unknown-type', 'UNSUPPORTED_CARD'],
  ];
  for (const vendor of VENDORS) {
    for (const [fault, code] of faults) {
      it(`${vendor}: ${fault} → {ok:false, error:{code:${code}}}, exit 1`, { timeout: 30_000 }, async () => {
        const emulator = fault === 'absent' ? null : await startServiceEmulator(vendor, { fault });
        const url = emulator?.url ?? (await absentServiceUrl(vendor === 'decard' ? 'ws' : 'http'));
        try {
          const r = await host('read', '--reader', `service:${vendor}@${url}`, '--json');
          expect(r.code).toBe(1);
          expect(r.out).toMatchObject({ ok: false, error: { code } });
          expect(r.out.error.message.length).toBeGreaterThan(15);
        } finally {
          await emulator?.close();
        }
      });
    }
  }

  it('refuses a service URL that is not on this computer', async () => {
    const r = await host('read', '--reader', 'service:synjones@http://10.0.0.8:8989', '--json');
    expect(r.code).toBe(1);
    expect(r.out).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
