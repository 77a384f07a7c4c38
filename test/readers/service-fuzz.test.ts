/**
 * Whatever a program on a service's port answers, the service backends give a card or a typed
 * error, never a crash: random JSON values, and the emulators' real replies with fields removed,
 * retyped or replaced, go through each vendor's mapping and the card decoder as a read does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCardText } from '../../src/card/decode';
import { CardFillError } from '../../src/errors';
import { chinavisionCard } from '../../native-host/readers/service/chinavision';
import { decardRead } from '../../native-host/readers/service/decard';
import { eastcomCard } from '../../native-host/readers/service/eastcom';
import { synjonesCard } from '../../native-host/readers/service/synjones';
import { parseServiceJson } from '../../native-host/readers/service/transport';
import { startServiceEmulator } from '../emulators/services';

type Parse = (reply: Record<string, unknown>) => unknown;

/** Map a reply the way a read does, then decode what came out; typed errors only. */
function outcome(parse: Parse, reply: Record<string, unknown>): string {
  try {
    const raw = parse(reply) as { text: Uint8Array } | null;
    if (raw === null) return 'no-card';
    decodeCardText(raw.text);
    return 'card';
  } catch (e) {
    if (!(e instanceof CardFillError)) throw e;
    return e.code;
  }
}

/** A real reply of the emulator, fetched once. */
async function realReply(
  vendor: 'synjones' | 'chinavision' | 'eastcom',
  card: 'resident' | 'foreign-2023',
): Promise<Record<string, unknown>> {
  const emulator = await startServiceEmulator(vendor, { card });
  try {
    const path = vendor === 'synjones' ? '/api/ReadMsg' : vendor === 'chinavision' ? '/readcard' : '/card=idcard';
    const r = await fetch(`${emulator.url}${path}`, { method: vendor === 'eastcom' ? 'POST' : 'GET' });
    return parseServiceJson(await r.text(), vendor);
  } finally {
    await emulator.close();
  }
}

const json = fc.jsonValue({ maxDepth: 3 });
const mutation = fc.oneof(fc.constant(undefined), json, fc.string(), fc.integer(), fc.constant('长期'), fc.constant('0'), fc.constant(''));

describe('service replies never crash the host', () => {
  const parsers: Record<string, Parse> = { synjones: synjonesCard, chinavision: chinavisionCard, eastcom: eastcomCard, decard: decardRead };

  it.each(Object.keys(parsers))('%s: random JSON objects', (name) => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 12 }), json, { maxKeys: 20 }), (reply) => {
        expect(typeof outcome(parsers[name]!, reply)).toBe('string');
      }),
      { numRuns: 400 },
    );
  });

  it.each(['synjones', 'chinavision', 'eastcom'] as const)('%s: a real reply with fields removed or retyped', async (vendor) => {
    for (const card of ['resident', 'foreign-2023'] as const) {
      const base = await realReply(vendor, card);
      expect(outcome(parsers[vendor]!, base)).toBe('card');
      const keys = Object.keys(vendor === 'eastcom' ? (base['IDCardInfo'] as object) : base);
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.constantFrom(...keys), mutation), { minLength: 1, maxLength: 4 }), (changes) => {
          const reply = structuredClone(base);
          const target = (vendor === 'eastcom' ? reply['IDCardInfo'] : reply) as Record<string, unknown>;
          for (const [key, value] of changes) {
            if (value === undefined) delete target[key];
            else target[key] = value;
          }
          expect(['card', 'no-card', 'READ_FAILED', 'NO_READER', 'UNSUPPORTED_CARD', 'BAD_TEXT']).toContain(
            outcome(parsers[vendor]!, reply),
          );
        }),
        { numRuns: 300 },
      );
    }
  });

  it('德卡: hex that is short, odd, not hex or of the wrong length is READ_FAILED', () => {
    for (const t of ['', 'ABC', 'ZZ'.repeat(256), '00'.repeat(255), '00'.repeat(257)]) {
      expect(outcome(decardRead, { result: '0', out: ['256', t, '0', ''] })).toBe('READ_FAILED');
    }
    expect(outcome(decardRead, { result: '-1', out: [] })).toBe('no-card');
    expect(outcome(decardRead, { result: 5, out: [] })).toBe('READ_FAILED');
  });
});
