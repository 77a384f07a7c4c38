import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CardFillError, FATAL_CODES, RETRIABLE_CODES } from '../../src/errors';
import {
  COMMANDS,
  decodeSingleFrame,
  encodeFrame,
  encodeReadBaseData,
  encodeReadBaseFpData,
  encodeRequest,
  encodeResponse,
  FrameDecoder,
  MAX_LENGTH_FIELD,
  parseFindData,
  parseReadBaseData,
  parseReadBaseFpData,
  parseRequestBody,
  parseResponseBody,
  parseSamIdData,
  parseSelectData,
  SAM_STATUS,
  SDT_API_STATUS,
  statusError,
  statusInfo,
  wireTimeMs,
  type FrameEvent,
} from '../../src/sam/frame';
import { parseAppendAddressData } from '../../src/card/append-address';

const hex = (s: string) => Uint8Array.from(s.trim().split(/\s+/), (b) => parseInt(b, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0').toUpperCase()).join(' ');

describe('request frames of §1.3', () => {
  it.each([
    ['RESET_SAM', 'AA AA AA 96 69 00 03 10 FF EC'],
    ['SAM_STATUS', 'AA AA AA 96 69 00 03 11 FF ED'],
    ['SAM_ID', 'AA AA AA 96 69 00 03 12 FF EE'],
    ['FIND_CARD', 'AA AA AA 96 69 00 03 20 01 22'],
    ['SELECT_CARD', 'AA AA AA 96 69 00 03 20 02 21'],
    ['READ_BASE', 'AA AA AA 96 69 00 03 30 01 32'],
    ['READ_APPEND', 'AA AA AA 96 69 00 03 30 03 30'],
    ['READ_MID', 'AA AA AA 96 69 00 03 30 05 36'],
    ['READ_BASE_FP', 'AA AA AA 96 69 00 03 30 10 23'],
  ] as const)('%s is %s', (name, frame) => {
    expect(toHex(encodeRequest(COMMANDS[name]))).toBe(frame);
  });

  it('set-baud checksum is 03 ^ 60 ^ xx, and max-RF 0x50 ends in CA', () => {
    expect(toHex(encodeRequest({ cmd: 0x60, para: 0x04 }))).toBe(
      `AA AA AA 96 69 00 03 60 04 ${(0x03 ^ 0x60 ^ 0x04).toString(16).toUpperCase()}`,
    );
    expect(toHex(encodeRequest(COMMANDS.SET_MAX_RF_BYTES, Uint8Array.of(0x50)))).toBe('AA AA AA 96 69 00 04 61 FF 50 CA');
  });
});

describe('response frames of §1.5', () => {
  it('no card: … 00 04 00 00 80 84', () => {
    expect(toHex(encodeResponse(0x80))).toBe('AA AA AA 96 69 00 04 00 00 80 84');
  });
  it('find OK with a zero IIN ends 97; select OK with a zero SN ends 9C', () => {
    expect(toHex(encodeResponse(0x9f, new Uint8Array(4)))).toBe('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
    const select = encodeResponse(0x90, new Uint8Array(8));
    expect(select).toHaveLength(19);
    expect(select[select.length - 1]).toBe(0x9c);
  });
  it('a 30 01 read is 1295 bytes with the documented header; a 30 10 read without FP is 1297', () => {
    const base = encodeResponse(0x90, encodeReadBaseData(new Uint8Array(256), new Uint8Array(1024)));
    expect(base).toHaveLength(1295);
    expect(toHex(base.subarray(0, 14))).toBe('AA AA AA 96 69 05 08 00 00 90 01 00 04 00');
    expect(encodeResponse(0x90, encodeReadBaseFpData(new Uint8Array(256), new Uint8Array(1024), new Uint8Array(0)))).toHaveLength(1297);
    expect(encodeResponse(0x90, encodeReadBaseFpData(new Uint8Array(256), new Uint8Array(1024), new Uint8Array(512)))).toHaveLength(1809);
    expect(encodeResponse(0x90, encodeReadBaseFpData(new Uint8Array(256), new Uint8Array(1024), new Uint8Array(1024)))).toHaveLength(2321);
  });
});

describe('response parsers read the length fields, not fixed offsets', () => {
  const text = Uint8Array.from({ length: 256 }, (_, i) => i);
  const photo = Uint8Array.from({ length: 1024 }, (_, i) => 255 - (i % 256));

  it('30 01: text from 4, photo after it', () => {
    const m = parseReadBaseData(encodeReadBaseData(text, photo));
    expect(m.text).toEqual(text);
    expect(m.photo).toEqual(photo);
    expect(m.fingerprint).toBeNull();
  });

  it('30 10: text from 6 (§9 pitfall 2), fingerprint last', () => {
    const fp = new Uint8Array(512).fill(0x43);
    const m = parseReadBaseFpData(encodeReadBaseFpData(text, photo, fp));
    expect(m.text).toEqual(text);
    expect(m.photo).toEqual(photo);
    expect(m.fingerprint).toEqual(fp);
    expect(parseReadBaseFpData(encodeReadBaseFpData(text, photo, new Uint8Array(0))).fingerprint).toBeNull();
  });

  it('honours lengths other than 256/1024', () => {
    const m = parseReadBaseData(encodeReadBaseData(text.subarray(0, 10), photo.subarray(0, 3)));
    expect(m.text).toHaveLength(10);
    expect(m.photo).toHaveLength(3);
  });

  it('is BAD_FRAME when the length fields disagree with the data', () => {
    const data = encodeReadBaseData(text, photo);
    expect(() => parseReadBaseData(data.subarray(0, data.length - 1))).toThrow(expect.objectContaining({ code: 'BAD_FRAME' }));
    expect(() => parseReadBaseData(data.subarray(0, 3))).toThrow(expect.objectContaining({ code: 'BAD_FRAME' }));
    expect(() => parseReadBaseFpData(data)).toThrow(expect.objectContaining({ code: 'BAD_FRAME' }));
  });

  it('30 03: the newest (last non-blank) 70-byte entry wins', () => {
    const utf16 = (s: string) => Uint8Array.from([...s.padEnd(35, ' ')].flatMap((ch) => [ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8]));
    const two = new Uint8Array([...utf16('上海市徐汇区1号'), ...utf16('北京市海淀区2号'), ...utf16('')]);
    expect(parseAppendAddressData(two)).toBe('北京市海淀区2号');
    expect(parseAppendAddressData(utf16(''))).toBeNull();
    expect(parseAppendAddressData(new Uint8Array(0))).toBeNull();
    expect(() => parseAppendAddressData(new Uint8Array(3))).toThrow(expect.objectContaining({ code: 'BAD_FRAME' }));
  });

  it('find, select and SAM ID replies have fixed data sizes', () => {
    expect(parseFindData(new Uint8Array(4))).toHaveLength(4);
    expect(parseSelectData(new Uint8Array(8))).toHaveLength(8);
    expect(parseSamIdData(new Uint8Array(16).fill(0xab))).toBe('ab'.repeat(16));
    expect(() => parseFindData(new Uint8Array(3))).toThrow(CardFillError);
    expect(() => parseSelectData(new Uint8Array(9))).toThrow(CardFillError);
    expect(() => parseSamIdData(new Uint8Array(15))).toThrow(CardFillError);
  });
});

describe('status table §1.4', () => {
  const boundaryCodes = new Set<string>([...RETRIABLE_CODES, ...FATAL_CODES]);

  it('covers every SW3 of the reference, each with words in English and Chinese', () => {
    const sw3 = [0x90, 0x91, 0x9f, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41, 0x47, 0x60, 0x66, 0x80, 0x81, 0xff];
    for (const code of sw3) {
      const info = SAM_STATUS.get(code);
      expect(info, `0x${code.toString(16)}`).toBeDefined();
      expect(info!.en.length).toBeGreaterThan(5);
      expect(info!.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect([...SAM_STATUS.keys()].sort()).toEqual([...sw3].sort());
    for (const code of [0x01, 0x02, 0x03, 0x05]) expect(SDT_API_STATUS.get(code)?.error).toBeTruthy();
  });

  it('maps success to no error and every failure to a code that may cross to the browser', () => {
    expect([0x90, 0x91, 0x9f].map((c) => statusInfo(c).error)).toEqual([null, null, null]);
    for (const info of [...SAM_STATUS.values(), ...SDT_API_STATUS.values()]) {
      if (info.error !== null) expect(boundaryCodes.has(info.error), info.en).toBe(true);
    }
  });

  it.each([
    [0x80, 'NO_CARD'],
    [0x40, 'UNSUPPORTED_CARD'],
    [0x60, 'SAM_ERROR'],
    [0x66, 'SAM_ERROR'],
    [0x23, 'SAM_ERROR'],
    [0x41, 'READ_FAILED'],
    [0x81, 'READ_FAILED'],
    [0x10, 'READ_FAILED'],
  ] as const)('status 0x%s becomes %s with the code in its words', (code, error) => {
    const e = statusError(code);
    expect(e.code).toBe(error);
    expect(e.message).toContain(`0x${code.toString(16).padStart(2, '0').toUpperCase()}`);
  });

  it('gives honest words for an unknown status', () => {
    const e = statusError(0x77);
    expect(e.code).toBe('READ_FAILED');
    expect(e.message).toContain('unknown status 0x77');
    expect(statusError(0x01, SDT_API_STATUS).code).toBe('NO_READER');
    expect(statusError(0x02, SDT_API_STATUS).code).toBe('TIMEOUT');
  });
});

function frames(events: FrameEvent[]): Uint8Array[] {
  return events.flatMap((e) => (e.kind === 'frame' ? [e.frame] : []));
}
function errors(events: FrameEvent[]): CardFillError[] {
  return events.flatMap((e) => (e.kind === 'error' ? [e.error] : []));
}

describe('FrameDecoder', () => {
  const a = encodeResponse(0x9f, new Uint8Array(4));
  const b = encodeResponse(0x90, encodeReadBaseData(new Uint8Array(256).fill(0x20), new Uint8Array(1024).fill(7)));

  it('reassembles frames split one byte at a time', () => {
    const d = new FrameDecoder();
    const out: FrameEvent[] = [];
    for (const byte of [...a, ...b]) out.push(...d.push(Uint8Array.of(byte)));
    expect(frames(out)).toEqual([a, b]);
    expect(d.pending).toBe(0);
  });

  it('skips garbage before a frame, even garbage that starts like a preamble', () => {
    const d = new FrameDecoder();
    const noise = hex('01 02 AA AA 03 AA AA AA 96');
    const out = d.push(new Uint8Array([...noise, ...a]));
    expect(frames(out)).toEqual([a]);
    expect(errors(out)).toEqual([]);
    expect(d.discarded).toBe(noise.length);
  });

  it('reports a checksum error as BAD_FRAME and still finds the next frame', () => {
    const bad = a.slice();
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
    const out = new FrameDecoder().push(new Uint8Array([...bad, ...a]));
    expect(errors(out).map((e) => e.code)).toEqual(['BAD_FRAME']);
    expect(errors(out)[0]!.message).toMatch(/checksum/);
    expect(frames(out)).toEqual([a]);
  });

  it('reports an impossible length as BAD_FRAME and resynchronises', () => {
    const out = new FrameDecoder().push(new Uint8Array([...hex('AA AA AA 96 69 00 01'), ...a]));
    expect(errors(out)[0]!.message).toMatch(/length/);
    expect(frames(out)).toEqual([a]);
    const tooLong = new FrameDecoder().push(hex(`AA AA AA 96 69 ${((MAX_LENGTH_FIELD + 1) >> 8).toString(16)} 01`));
    expect(errors(tooLong)).toHaveLength(1);
  });

  it('holds a cut-short frame and says how much it expects', () => {
    const d = new FrameDecoder();
    expect(d.push(b.subarray(0, 600))).toEqual([]);
    expect(d.inFrame).toBe(true);
    expect(d.pending).toBe(600);
    expect(d.expectedBytes).toBe(1295);
  });

  it('round-trips any body under any chunking (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 2, maxLength: 300 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 20 }),
        (bodies, cuts) => {
          const stream = new Uint8Array(bodies.flatMap((body) => [...encodeFrame(body)]));
          const d = new FrameDecoder();
          const out: FrameEvent[] = [];
          let at = 0;
          let k = 0;
          while (at < stream.length) {
            const n = cuts[k++ % cuts.length]!;
            out.push(...d.push(stream.subarray(at, at + n)));
            at += n;
          }
          expect(errors(out)).toEqual([]);
          expect(out.map((e) => (e.kind === 'frame' ? Array.from(e.body) : null))).toEqual(bodies.map((x) => Array.from(x)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('only ever yields frames or typed BAD_FRAME errors for random bytes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 10 }), (chunks) => {
        const d = new FrameDecoder();
        for (const chunk of chunks) {
          for (const e of d.push(chunk)) {
            if (e.kind === 'error') {
              expect(e.error).toBeInstanceOf(CardFillError);
              expect(e.error.code).toBe('BAD_FRAME');
            } else {
              expect(decodeSingleFrame(e.frame)).toEqual(e.body);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a frame with one flipped byte is never accepted silently as the original (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 3, maxLength: 100 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (body, pos, flip) => {
        const frame = encodeFrame(body);
        const i = 5 + (pos % (frame.length - 5)); // corrupt length, body or checksum
        frame[i] = frame[i]! ^ flip;
        const events = new FrameDecoder().push(frame);
        for (const e of events) if (e.kind === 'frame') expect(Array.from(e.body)).not.toEqual(Array.from(body));
        let single: unknown;
        try {
          decodeSingleFrame(frame);
        } catch (e) {
          single = e;
        }
        expect(single).toBeInstanceOf(CardFillError);
        expect((single as CardFillError).code).toBe('BAD_FRAME');
      }),
      { numRuns: 500 },
    );
  });
});

describe('decodeSingleFrame', () => {
  const f = encodeResponse(0x90, new Uint8Array(8));
  it('returns the body of one whole frame', () => {
    expect(parseResponseBody(decodeSingleFrame(f))).toMatchObject({ sw1: 0, sw2: 0, sw3: 0x90 });
    expect(parseRequestBody(decodeSingleFrame(encodeRequest(COMMANDS.FIND_CARD)))).toMatchObject({ cmd: 0x20, para: 0x01 });
  });
  it.each([
    ['no preamble', f.subarray(1), /preamble/],
    ['truncated', f.subarray(0, 12), /truncated/],
    ['header only', f.subarray(0, 6), /cut short/],
    ['trailing bytes', new Uint8Array([...f, 0]), /more bytes follow/],
  ])('says what is wrong: %s', (_name, bytes, words) => {
    expect(() => decodeSingleFrame(bytes)).toThrow(words);
  });
});

it('wire time is 10 bits a byte (§7: 1295 bytes ≈ 112 ms at 115200, ≈ 1.35 s at 9600)', () => {
  expect(Math.round(wireTimeMs(1295, 115200))).toBe(112);
  expect(Math.round(wireTimeMs(1295, 9600))).toBe(1349);
});
