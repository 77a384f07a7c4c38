import { describe, expect, it } from 'vitest';
import { decodeInput, parseHexInput } from '../../native-host/decode-input';
import { SYNTHETIC_CARDS, SYNTHETIC_CARD_NAMES } from '../../src/card/synthetic';
import { CardFillError } from '../../src/errors';
import { encodeReadBaseData, encodeReadBaseFpData, encodeResponse } from '../../src/sam/frame';
import { foreign2023Block, residentBlock, RES_NUMBER, Y_NUMBER } from '../card/blocks';

const photo = Uint8Array.from({ length: 1024 }, (_, i) => (i * 37) % 256);
const today = '2026-01-15';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CardFillError);
    return (e as CardFillError).code;
  }
  return 'no error';
}

describe('decodeInput', () => {
  it('decodes a bare 256-byte text block', () => {
    expect(decodeInput(residentBlock(), { today }).number).toBe(RES_NUMBER);
  });

  it('decodes a whole 30 01 reply frame, photo included', () => {
    const frame = encodeResponse(0x90, encodeReadBaseData(foreign2023Block(), photo));
    const card = decodeInput(frame, { today });
    expect(card.kind).toBe('foreign-permanent-2023');
    expect(card.number).toBe(Y_NUMBER);
    expect(card.photo?.mime).toBe('application/x-wlt');
    expect(atob(card.photo!.base64)).toHaveLength(1024);
  });

  it('decodes a whole 30 10 reply frame (text at 16, not 14)', () => {
    const frame = encodeResponse(0x90, encodeReadBaseFpData(residentBlock(), photo, new Uint8Array(512).fill(0x43)));
    expect(decodeInput(frame, { today })).toMatchObject({ kind: 'resident', number: RES_NUMBER });
  });

  it('decodes every simulated card as the simulator would send it', () => {
    for (const name of SYNTHETIC_CARD_NAMES) {
      const card = SYNTHETIC_CARDS[name];
      const frame = encodeResponse(0x90, encodeReadBaseData(card.text, card.photo));
      if (name === 'unsupported') expect(codeOf(() => decodeInput(frame))).toBe('UNSUPPORTED_CARD');
      else expect(decodeInput(frame).number).toBe(card.fields.number);
    }
  });

  it('is BAD_FRAME with words for a corrupted or truncated frame', () => {
    const frame = encodeResponse(0x90, encodeReadBaseData(foreign2023Block(), photo));
    const corrupt = frame.slice();
    corrupt[corrupt.length - 1] = 0;
    expect(() => decodeInput(corrupt)).toThrow(/checksum/);
    expect(codeOf(() => decodeInput(corrupt))).toBe('BAD_FRAME');
    expect(() => decodeInput(frame.subarray(0, 700))).toThrow(/truncated.*1295/);
    expect(codeOf(() => decodeInput(frame.subarray(0, 700)))).toBe('BAD_FRAME');
  });

  it('is BAD_FRAME when the length fields disagree with the frame', () => {
    const data = encodeReadBaseData(residentBlock(), photo);
    data[1] = 0x02; // text length 0x0102
    expect(codeOf(() => decodeInput(encodeResponse(0x90, data)))).toBe('BAD_FRAME');
  });

  it('turns a status-only frame into its typed error', () => {
    expect(codeOf(() => decodeInput(encodeResponse(0x80)))).toBe('NO_CARD');
    expect(codeOf(() => decodeInput(encodeResponse(0x41)))).toBe('READ_FAILED');
  });

  it('refuses input that is neither a text block nor a frame', () => {
    expect(codeOf(() => decodeInput(new Uint8Array(100)))).toBe('BAD_TEXT');
    expect(codeOf(() => decodeInput(new Uint8Array(0)))).toBe('BAD_TEXT');
  });
});

describe('parseHexInput', () => {
  it('reads hex with spaces, newlines, colons and 0x prefixes', () => {
    expect(Array.from(parseHexInput('AA aa:AA\n96 0x69'))).toEqual([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
    expect(parseHexInput('')).toHaveLength(0);
  });
  it('says what is wrong with bad hex', () => {
    expect(() => parseHexInput('AA A')).toThrow(/odd number/);
    expect(() => parseHexInput('AG')).toThrow(/other than hex/);
  });
});

describe('decodeInput on mutated frames (property)', () => {
  it('only ever returns a card or throws a typed error', async () => {
    const fc = (await import('fast-check')).default;
    const frames = SYNTHETIC_CARD_NAMES.map((n) =>
      encodeResponse(0x90, encodeReadBaseData(SYNTHETIC_CARDS[n].text, SYNTHETIC_CARDS[n].photo)),
    );
    const typed = new Set(['BAD_FRAME', 'BAD_TEXT', 'UNSUPPORTED_CARD', 'NO_CARD', 'READ_FAILED', 'SAM_ERROR']);
    fc.assert(
      fc.property(
        fc.constantFrom(...frames),
        fc.array(fc.tuple(fc.nat({ max: 1294 }), fc.nat({ max: 255 })), { maxLength: 6 }),
        fc.nat({ max: 1400 }),
        (frame, edits, cut) => {
          const bytes = frame.slice(0, Math.max(1, cut === 0 ? frame.length : cut));
          for (const [at, v] of edits) if (at < bytes.length) bytes[at] = v;
          try {
            decodeInput(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(CardFillError);
            expect(typed.has((e as CardFillError).code)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
