/**
 * The vendor-service backends (`service:NAME@URL`) against emulators of the four services
 * (test/emulators/services.ts): the right card record for all four card kinds, the host's own
 * checks, and a typed error for every fault a desk's service shows — with the vendor's clean-up
 * call made whatever happened.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCardText, WLT_MIME } from '../../src/card/decode';
import { SYNTHETIC_CARDS, type SyntheticCardName } from '../../src/card/synthetic';
import { CardFillError } from '../../src/errors';
import { discoverReaders, openReader, sourceOf } from '../../native-host/readers/index';
import { isCancelled } from '../../native-host/readers/types';
import { readCard } from '../../native-host/readers/session';
import type { ServiceName } from '../../native-host/readers/service/index';
import { parseServiceSpec, serviceAddresses, SERVICE_URLS_ENV } from '../../native-host/readers/service/index';
import { absentServiceUrl, servicePhoto, startServiceEmulator, type ServiceEmulator, type ServiceFault } from '../emulators/services';
import { codeOf } from './helpers';

const VENDORS: ServiceName[] = ['decard', 'synjones', 'chinavision', 'eastcom'];
const CARDS: SyntheticCardName[] = ['resident', 'hmt', 'foreign-2017', 'foreign-2023'];

let emulator: ServiceEmulator | null = null;
afterEach(async () => {
  await emulator?.close();
  emulator = null;
});

async function readVia(vendor: ServiceName, card: SyntheticCardName, fault: ServiceFault = 'none', slowMs?: number) {
  emulator = await startServiceEmulator(vendor, { card, fault, ...(slowMs ? { slowMs } : {}) });
  const reader = openReader(`service:${vendor}@${emulator.url}`);
  try {
    return await readCard(reader);
  } finally {
    await reader.close();
  }
}

/** The record the chip itself decodes to, with the photo the service gives. */
function chipRecord(card: SyntheticCardName, vendor: ServiceName) {
  const c = SYNTHETIC_CARDS[card];
  const photo = vendor === 'decard' ? { mime: WLT_MIME, bytes: c.photo } : { mime: 'image/jpeg', bytes: servicePhoto(card) };
  return decodeCardText(c.text, { photo });
}

describe('service: readers give the card record', () => {
  it.each(CARDS)('德卡 (raw text + WLT hex) gives exactly the chip record for %s', async (card) => {
    expect(await readVia('decard', card)).toEqual(chipRecord(card, 'decard'));
    // dc_init with port "100" and "115200", the read with the handle, dc_exit with the same handle.
    expect(emulator!.calls).toEqual(['dc_init 100,115200', 'dc_SamAReadCardInfo 7,0', 'dc_exit 7']);
  });

  it.each(CARDS)('新中新 (parsed fields, CardType 0–3) gives the chip record for %s', async (card) => {
    const record = await readVia('synjones', card);
    expect(record).toEqual(chipRecord(card, 'synjones'));
  });

  it.each(CARDS)('新中新 answering every value as a string gives the same record for %s', async (card) => {
    emulator = await startServiceEmulator('synjones', { card, strings: true });
    const reader = openReader(`service:synjones@${emulator.url}`);
    try {
      expect(await readCard(reader)).toEqual(chipRecord(card, 'synjones'));
    } finally {
      await reader.close();
    }
  });

  it('新中新: the Y card keeps its renewal count and rebuilds previousNumber from Reserved', async () => {
    const record = await readVia('synjones', 'foreign-2023');
    expect(record.renewalCount).toBe(1);
    expect(record.previousNumber).not.toBeNull();
    expect(record.previousNumber).toBe(chipRecord('foreign-2023', 'synjones').previousNumber);
    expect(record.nationality?.alpha3).toBe('NLD');
  });

  it.each(CARDS)('华视 (resident-style fields) gives what the service knows for %s and null for the rest', async (card) => {
    const record = await readVia('chinavision', card);
    const chip = chipRecord(card, 'chinavision');
    expect(emulator!.calls).toEqual(['GET /OpenDevice', 'GET /readcard', 'GET /CloseDevice']);
    const unknown: Record<SyntheticCardName, Partial<typeof chip>> = {
      resident: {},
      hmt: { passNumber: null, issueCount: null },
      'foreign-2017': { nameZh: null, cardVersion: null, issuer: null },
      'foreign-2023': { nameEn: null, renewalCount: null, previousNumber: null },
    } as Record<SyntheticCardName, Partial<typeof chip>>;
    expect(record).toEqual({ ...chip, ...unknown[card] });
  });

  it.each(CARDS)('东信 gives the chip record for %s (type from the number)', async (card) => {
    const record = await readVia('eastcom', card);
    const chip = chipRecord(card, 'eastcom');
    // 东信's documented fields hold no card version, accepting authority, renewal count or association.
    const unknown: Record<string, Partial<typeof chip>> = {
      resident: {},
      hmt: {},
      'foreign-2017': { cardVersion: null, issuer: null },
      'foreign-2023': { renewalCount: null, previousNumber: null },
    };
    expect(record).toEqual({ ...chip, ...unknown[card] });
  });

  it.each(VENDORS)('%s: a bad check digit is flagged invalid by the host, not by the service', async (vendor) => {
    const record = await readVia(vendor, 'foreign-2017-bad-check');
    expect(record.checks.numberChecksum).toBe('invalid');
    expect(record.number).toBe(SYNTHETIC_CARDS['foreign-2017-bad-check'].fields.number);
  });

  it.each(VENDORS)('%s: 长期 becomes long-term', async (vendor) => {
    expect((await readVia(vendor, 'resident')).validUntil).toBe('long-term');
  });
});

describe('service: faults are typed errors', () => {
  const cases: Array<[ServiceFault, string]> = [
    ['garbage', 'READ_FAILED'],
    ['slow', 'TIMEOUT'],
    ['never', 'TIMEOUT'],
    ['never-read', 'TIMEOUT'],
    ['no-card', 'NO_CARD'],
    ['no-device', 'NO_READER'],
    ['unknown-type', 'UNSUPPORTED_CARD'],
  ];
  // Concurrent: the slow and silent services each take a read budget to give up on.
  for (const vendor of VENDORS) {
    for (const [fault, code] of cases) {
      if (fault === 'no-device' && vendor === 'eastcom') continue; // no device status in its documented reply
      it.concurrent(`${vendor}: ${fault} → ${code}`, { timeout: 30_000 }, async () => {
        const own = await startServiceEmulator(vendor, { card: 'resident', fault });
        const reader = openReader(`service:${vendor}@${own.url}`);
        try {
          expect(await codeOf(readCard(reader))).toBe(code);
        } finally {
          await reader.close();
          await own.close();
        }
      });
    }
  }

  it.each(VENDORS)('%s: a service that is not running → NO_READER', async (vendor) => {
    const url = await absentServiceUrl(vendor === 'decard' ? 'ws' : 'http');
    const reader = openReader(`service:${vendor}@${url}`);
    expect(await codeOf(readCard(reader))).toBe('NO_READER');
    expect(await codeOf(reader.samStatus())).toBe('NO_READER');
    await reader.close();
  });

  it('德卡: a read that never answers still ends with dc_exit on the handle dc_init gave', { timeout: 30_000 }, async () => {
    expect(await codeOf(readVia('decard', 'resident', 'never-read'))).toBe('TIMEOUT');
    expect(emulator!.calls).toEqual(['dc_init 100,115200', 'dc_SamAReadCardInfo 7,0', 'dc_exit 7']);
  });

  it('华视: a read that never answers still ends with /CloseDevice', { timeout: 30_000 }, async () => {
    expect(await codeOf(readVia('chinavision', 'resident', 'never-read'))).toBe('TIMEOUT');
    expect(emulator!.calls).toEqual(['GET /OpenDevice', 'GET /readcard', 'GET /CloseDevice']);
  });

  it('a second read right after a successful one with no card asks to lift the card, like every backend', async () => {
    emulator = await startServiceEmulator('synjones', { card: 'resident' });
    const reader = openReader(`service:synjones@${emulator.url}`);
    await readCard(reader);
    await emulator.close();
    emulator = await startServiceEmulator('synjones', { fault: 'no-card' });
    const again = openReader(`service:synjones@${emulator.url}`);
    expect(await codeOf(readCard(again))).toBe('NO_CARD');
    await Promise.all([reader.close(), again.close()]);
  });
});

describe('service: cancel and auto', () => {
  it('德卡: a cancelled read stops at once, is typed as cancelled, and still calls dc_exit', { timeout: 30_000 }, async () => {
    emulator = await startServiceEmulator('decard', { fault: 'never-read' });
    const reader = openReader(`service:decard@${emulator.url}`);
    const controller = new AbortController();
    const reading = readCard(reader, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    let error: unknown;
    try {
      await reading;
    } catch (e) {
      error = e;
    }
    expect(isCancelled(error)).toBe(true);
    await reader.close();
    expect(emulator.calls).toEqual(['dc_init 100,115200', 'dc_SamAReadCardInfo 7,0', 'dc_exit 7']);
  });

  it('auto uses a vendor service that answers when no USB or serial reader does, after every other kind', { timeout: 30_000 }, async () => {
    emulator = await startServiceEmulator('synjones', { card: 'hmt' });
    // Where this computer's 新中新 service runs (a local setting; its default address otherwise).
    process.env[SERVICE_URLS_ENV] = `synjones=${emulator.url}`;
    try {
      const found = await discoverReaders();
      const spec = `service:synjones@${emulator.url}`;
      expect(found.map((r) => r.spec)).toContain(spec);
      const services = found.filter((r) => r.kind === 'service');
      expect(found.slice(found.length - services.length)).toEqual(services);
      if (found[0]!.spec === spec) {
        const reader = openReader('auto');
        const card = await readCard(reader);
        expect(card.kind).toBe('hmt-residence-permit');
        expect(sourceOf(reader)).toMatchObject({ spec, kind: 'service' });
        await reader.close();
      }
    } finally {
      delete process.env[SERVICE_URLS_ENV];
    }
  });

  it('CARDFILL_SERVICE_URLS: only known services at loopback URLs of their scheme', async () => {
    const urls = serviceAddresses({
      [SERVICE_URLS_ENV]:
        'synjones=http://127.0.0.1:9000, decard=http://127.0.0.1:1, eastcom=http://10.0.0.1:38088,nobody=http://127.0.0.1:1,chinavision',
    });
    expect(urls.get('synjones')!.href).toBe('http://127.0.0.1:9000/');
    expect(urls.get('decard')!.href).toBe('ws://127.0.0.1:50150/');
    expect(urls.get('eastcom')!.href).toBe('http://127.0.0.1:38088/');
    expect(urls.get('chinavision')!.href).toBe('http://127.0.0.1:19196/');
  });
});

describe('service: SPEC and URL', () => {
  it('uses each vendor default URL when none is given', () => {
    expect(parseServiceSpec('decard').url.href).toBe('ws://127.0.0.1:50150/');
    expect(parseServiceSpec('synjones').url.href).toBe('http://127.0.0.1:8989/');
    expect(parseServiceSpec('chinavision').url.href).toBe('http://127.0.0.1:19196/');
    expect(parseServiceSpec('eastcom').url.href).toBe('http://127.0.0.1:38088/');
    expect(openReader('service:decard').info).toMatchObject({ spec: 'service:decard', kind: 'service' });
  });

  it.each([
    'service:synjones@http://192.168.1.20:8989',
    'service:synjones@http://example.com:8989',
    'service:synjones@http://127.0.0.1.example.com:8989',
    'service:decard@http://127.0.0.1:50150',
    'service:synjones@ws://127.0.0.1:8989',
    'service:synjones@http://user:pw@127.0.0.1:8989',
    'service:synjones@http://127.0.0.1:8989/?x=1',
    'service:synjones@not a url',
    'service:nosuchvendor',
    'service:',
  ])('refuses %s with BAD_REQUEST', (spec) => {
    let error: unknown;
    try {
      openReader(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CardFillError);
    expect((error as CardFillError).code).toBe('BAD_REQUEST');
  });

  it('accepts localhost and [::1] as loopback', () => {
    expect(parseServiceSpec('synjones@http://localhost:8989').url.hostname).toBe('127.0.0.1');
    expect(parseServiceSpec('chinavision@http://[::1]:19196').url.hostname).toBe('[::1]');
  });
});
