/**
 * Fuzzing inside `npm test`: every parser that reads bytes from outside — the SAM
 * frame codec, the card text decoder, the host's stdin framing and the request validator — gets
 * random and damaged input, and only ever answers with a value or a typed CardFillError. At least
 * 10^5 cases in total here; `npm run fuzz` runs 10^6 a target (scripts/fuzz.mjs).
 */
import { describe, expect, it } from 'vitest';
import { cardTextDecoder, nativeFraming, requestValidator, runTarget, samFrameCodec, type FuzzTarget } from './fuzz-targets';

/** Cases per target inside npm test; the cheap targets get more. Sum ≥ 10^5. */
const RUNS: [FuzzTarget<any>, number][] = [
  [requestValidator, 40_000],
  [nativeFraming, 25_000],
  [samFrameCodec, 20_000],
  [cardTextDecoder, 15_000],
];

describe('fuzzing: bad input gives typed errors, never a crash or a hang', () => {
  const counts: number[] = [];
  it.each(RUNS.map(([t, n]) => [t.name, t, n] as const))(
    '%s',
    (_name, target, runs) => {
      counts.push(runTarget(target, runs));
      expect(counts.at(-1)).toBe(runs);
    },
    120_000,
  );

  it('ran at least 100 000 cases in total', () => {
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(100_000);
  });
});
