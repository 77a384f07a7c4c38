/**
 * Fuzz targets shared by the test suite (test/security/fuzz.test.ts, ≥ 10^5 cases) and
 * `npm run fuzz` (scripts/fuzz.mjs, ≥ 10^6 cases a target). Each target is a fast-check arbitrary
 * and a check that throws on a broken promise. The promise is the same for every parser that
 * touches bytes from outside (a reader, a file, the browser): it returns a well-formed value or
 * throws a CardFillError with a known code — never another exception, never a hang.
 *
 * Plain `throw new Error` here, not vitest's expect: the fuzz script runs these outside vitest.
 */
import fc from 'fast-check';
import { decodeCardText } from '../../src/card/decode';
import { SYNTHETIC_CARDS, SYNTHETIC_CARD_NAMES } from '../../src/card/synthetic';
import { CardFillError, FATAL_CODES, LOCAL_CODES, RETRIABLE_CODES, type ErrorCode } from '../../src/errors';
import { NativeMessageDecoder, encodeNativeMessage } from '../../src/protocol/framing';
import { MAX_REQUEST_BYTES, validateRequest } from '../../src/protocol/messages';
import {
  decodeSingleFrame,
  encodeFrame,
  encodeResponse,
  FrameDecoder,
  FRAME_HEADER_BYTES,
  MAX_LENGTH_FIELD,
  MIN_LENGTH_FIELD,
  parseRequestBody,
  parseResponseBody,
  PREAMBLE,
  xorChecksum,
} from '../../src/sam/frame';
import { decodeInput } from '../../native-host/decode-input';

export interface FuzzTarget<T = unknown> {
  name: string;
  /** What is fed in, for the fuzz report. */
  what: string;
  arbitrary: fc.Arbitrary<T>;
  check(value: T): void;
}

const KNOWN_CODES = new Set<string>([...RETRIABLE_CODES, ...FATAL_CODES, ...LOCAL_CODES]);

class Broken extends Error {}
function fail(what: string): never {
  throw new Broken(what);
}

/** Run `fn`; a throw must be a CardFillError whose code is in `allowed` (any known code when omitted). */
function typedOnly<T>(fn: () => T, allowed?: readonly ErrorCode[]): { ok: true; value: T } | { ok: false; error: CardFillError } {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof Broken) throw e;
    if (!(e instanceof CardFillError)) fail(`untyped exception ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    if (!KNOWN_CODES.has(e.code)) fail(`unknown error code ${e.code}`);
    if (allowed && !allowed.includes(e.code)) fail(`error code ${e.code}, expected one of ${allowed.join(', ')}: ${e.message}`);
    if (typeof e.message !== 'string' || e.message.length === 0) fail('an error without words');
    return { ok: false, error: e };
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Cut `bytes` at the given positions (any order, any count), as a serial line or a pipe would. */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  out.push(bytes.subarray(last));
  return out;
}

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

const bytes = (max: number) => fc.uint8Array({ maxLength: max });
const cuts = fc.array(fc.nat(), { maxLength: 8 });

// ---------------------------------------------------------------------------------------------
// 1. SAM frame codec (src/sam/frame.ts) and the `decode` input (native-host/decode-input.ts)
// ---------------------------------------------------------------------------------------------

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'length'; value: number }
  | { kind: 'none' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: 'none' }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('length' as const), value: fc.integer({ min: 0, max: 0xffff }) }),
);

function mutate(frame: Uint8Array, m: Mutation): Uint8Array {
  const out = frame.slice();
  switch (m.kind) {
    case 'truncate':
      return out.subarray(0, m.at % out.length);
    case 'flip': {
      const i = m.at % out.length;
      out[i] = out[i]! ^ m.xor;
      return out;
    }
    case 'length':
      out[5] = m.value >> 8;
      out[6] = m.value & 0xff;
      return out;
    default:
      return out;
  }
}

interface FrameCase {
  /** Frames as a reader would send them, each possibly damaged, with noise between. */
  frames: { body: Uint8Array; mutation: Mutation }[];
  noise: Uint8Array[];
  cuts: number[];
}

const frameBody = fc.oneof(
  bytes(40),
  fc
    .record({ sw3: fc.integer({ min: 0, max: 255 }), data: bytes(1400) })
    .map(({ sw3, data }) => encodeResponse(sw3, data).subarray(FRAME_HEADER_BYTES, -1)),
  // A read-base reply around a synthetic card's real text and photo (card-format.md §1.5).
  fc.constantFrom(...SYNTHETIC_CARD_NAMES).map((name) => {
    const card = SYNTHETIC_CARDS[name];
    const data = new Uint8Array(4 + card.text.length + card.photo.length);
    new DataView(data.buffer).setUint16(0, card.text.length);
    new DataView(data.buffer).setUint16(2, card.photo.length);
    data.set(card.text, 4);
    data.set(card.photo, 4 + card.text.length);
    return encodeResponse(0x90, data).subarray(FRAME_HEADER_BYTES, -1);
  }),
);

const frameCase: fc.Arbitrary<FrameCase> = fc.record({
  frames: fc.array(fc.record({ body: frameBody, mutation }), { maxLength: 4 }),
  // Noise may hold preamble bytes: a false preamble is the hard case for resynchronising.
  noise: fc.array(fc.oneof(bytes(30), fc.constant(Uint8Array.from(PREAMBLE)), fc.constant(Uint8Array.from([...PREAMBLE, 0x00])))),
  cuts,
});

function checkFrameEvents(events: ReturnType<FrameDecoder['push']>): Uint8Array[] {
  const bodies: Uint8Array[] = [];
  for (const e of events) {
    if (e.kind === 'error') {
      if (!(e.error instanceof CardFillError) || e.error.code !== 'BAD_FRAME') fail('a frame error that is not BAD_FRAME');
      if (e.reason !== 'length' && e.reason !== 'checksum') fail(`unknown frame error reason ${e.reason}`);
      continue;
    }
    const f = e.frame;
    if (!PREAMBLE.every((b, i) => f[i] === b)) fail('a frame that does not start with the preamble');
    const len = (f[5]! << 8) | f[6]!;
    if (f.length !== FRAME_HEADER_BYTES + len || len > MAX_LENGTH_FIELD) fail('a frame whose size disagrees with its length field');
    if (xorChecksum(f, 5, f.length - 1) !== f[f.length - 1]) fail('a frame with a wrong checksum was accepted');
    if (!sameBytes(e.body, f.subarray(FRAME_HEADER_BYTES, -1))) fail('a body that is not the frame between header and checksum');
    bodies.push(e.body.slice());
  }
  return bodies;
}

function pushTyped(decoder: FrameDecoder, chunks: Uint8Array[]): ReturnType<FrameDecoder['push']> {
  const events: ReturnType<FrameDecoder['push']> = [];
  for (const c of chunks) {
    try {
      events.push(...decoder.push(c));
    } catch (e) {
      fail(`the frame decoder threw ${(e as Error)?.message}`);
    }
  }
  return events;
}

export const samFrameCodec: FuzzTarget<FrameCase> = {
  name: 'sam-frame-codec',
  what: 'SAM reader frames (valid, truncated, bit-flipped, wrong length) with noise, in random chunks: FrameDecoder, decodeSingleFrame, parse*Body, decodeInput',
  arbitrary: frameCase,
  check({ frames, noise, cuts: at }) {
    const encoded = frames.map((f) => {
      const whole = typedOnly(() => encodeFrame(f.body), ['BAD_FRAME']);
      return whole.ok
        ? {
            clean: whole.value,
            sent: mutate(whole.value, f.mutation),
            intact: f.mutation.kind === 'none' && f.body.length + 1 >= MIN_LENGTH_FIELD,
          }
        : null;
    });
    const parts: Uint8Array[] = [];
    encoded.forEach((e, i) => {
      if (noise[i]) parts.push(noise[i]!);
      if (e) parts.push(e.sent);
    });
    const stream = concat(parts);

    // Streaming: the same frames come out whatever the chunking; intact frames always come out.
    const oneGo = checkFrameEvents(pushTyped(new FrameDecoder(), [stream]));
    const split = new FrameDecoder();
    const splitBodies = checkFrameEvents(pushTyped(split, chunked(stream, at)));
    if (oneGo.length !== splitBodies.length || oneGo.some((b, i) => !sameBytes(b, splitBodies[i]!))) {
      fail('chunking changed which frames were decoded');
    }
    if (split.pending > FRAME_HEADER_BYTES + MAX_LENGTH_FIELD) fail(`the decoder holds ${split.pending} bytes, more than one frame`);
    const noNoise = noise.every((n) => !n.some((b) => PREAMBLE.includes(b)));
    // A cut-short frame or a damaged length field announces more bytes than it has, and swallows
    // what follows until that count is reached (the reader resets its decoder before each command).
    // A damaged body or checksum must cost that one frame only.
    const headersIntact = encoded.every((e, i) => {
      const m = frames[i]!.mutation;
      return e === null || m.kind === 'none' || (m.kind === 'flip' && m.at % e.clean.length >= FRAME_HEADER_BYTES);
    });
    if (noNoise && headersIntact) {
      // Then every intact frame (length field ≥ the minimum) must be found.
      for (const e of encoded) {
        if (e?.intact && !oneGo.some((b) => sameBytes(b, e.clean.subarray(FRAME_HEADER_BYTES, -1)))) fail('an intact frame was lost');
      }
    }
    for (const body of oneGo) {
      typedOnly(() => parseResponseBody(body), ['BAD_FRAME']);
      typedOnly(() => parseRequestBody(body), ['BAD_FRAME']);
    }

    // One frame exactly (the decode command): the body back, and it re-encodes to the input.
    const single = typedOnly(() => decodeSingleFrame(stream), ['BAD_FRAME']);
    if (single.ok && !sameBytes(encodeFrame(single.value), stream)) fail('decodeSingleFrame accepted bytes that are not one frame');
    // The decode command's whole path: any known code, never an untyped exception.
    const decoded = typedOnly(() => decodeInput(stream, { today: '2026-01-15' }));
    if (decoded.ok) checkRecord(decoded.value);
  },
};

// ---------------------------------------------------------------------------------------------
// 2. Card text decoder (src/card/decode.ts)
// ---------------------------------------------------------------------------------------------

const KINDS = new Set(['resident', 'hmt-residence-permit', 'foreign-permanent-2017', 'foreign-permanent-2023']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkRecord(card: ReturnType<typeof decodeCardText>): void {
  if (!KINDS.has(card.kind)) fail(`unknown card kind ${String(card.kind)}`);
  if (typeof card.number !== 'string') fail('a record without a number string');
  if (typeof card.birthDate !== 'string') fail('a record without a birth date string');
  if (card.checks.numberChecksum !== 'valid' && card.checks.numberChecksum !== 'invalid') fail('a record without a checksum verdict');
  // The record must cross to the browser: JSON, well under Chrome's 1 MB cap.
  const json = JSON.stringify(card);
  if (json.length > 64 * 1024) fail(`a ${json.length}-character record`);
}

interface TextCase {
  base: Uint8Array;
  changes: { at: number; value: number }[];
  length: number | null;
}

const textCase: fc.Arbitrary<TextCase> = fc.record({
  base: fc.oneof(
    fc.uint8Array({ minLength: 256, maxLength: 256 }),
    fc.constantFrom(...SYNTHETIC_CARD_NAMES).map((n) => SYNTHETIC_CARDS[n].text),
  ),
  // A few bytes changed: type code, dates, sex, nationality and UCS-2 surrogate halves all get hit.
  changes: fc.array(fc.record({ at: fc.nat({ max: 255 }), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 12 }),
  length: fc.option(fc.nat({ max: 600 }), { freq: 8 }),
});

export const cardTextDecoder: FuzzTarget<TextCase> = {
  name: 'card-text-decoder',
  what: '256-byte card text blocks (random, and synthetic cards with bytes changed) and blocks of other lengths: decodeCardText',
  arbitrary: textCase,
  check({ base, changes, length }) {
    let text = base.slice();
    for (const c of changes) text[c.at] = c.value;
    if (length !== null) {
      const resized = new Uint8Array(length);
      resized.set(text.subarray(0, length));
      text = resized;
    }
    const withPhoto = typedOnly(
      () => decodeCardText(text, { today: '2026-01-15', photo: { mime: 'application/x-wlt', bytes: base.subarray(0, 64) } }),
      ['BAD_TEXT', 'UNSUPPORTED_CARD'],
    );
    if (withPhoto.ok) {
      checkRecord(withPhoto.value);
      if (text.length === 256 && !withPhoto.value.birthDate.match(ISO_DATE) && withPhoto.value.birthDate !== '') {
        // A birth date is either ISO or the decoder said BAD_TEXT; partial garbage must not pass as a date.
        fail(`birth date "${withPhoto.value.birthDate}" is not YYYY-MM-DD`);
      }
    }
  },
};

// ---------------------------------------------------------------------------------------------
// 3. Native messaging framing (src/protocol/framing.ts), as the host reads stdin
// ---------------------------------------------------------------------------------------------

type Segment =
  | { kind: 'json'; value: unknown }
  | { kind: 'deep'; depth: number }
  | { kind: 'bad-utf8'; body: Uint8Array }
  | { kind: 'bad-json'; text: string }
  | { kind: 'oversized'; length: number };

const segment: fc.Arbitrary<Segment> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue({ maxDepth: 4 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('deep' as const),
      // Mostly modest nesting, sometimes as deep as the 64 KiB cap allows (32 767 levels).
      depth: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 1, max: 200 }) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: (MAX_REQUEST_BYTES - 2) / 2 }) },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('bad-utf8' as const),
      // Lone continuation bytes, overlong forms, surrogates encoded as UTF-8, 0xFF: never valid UTF-8.
      body: fc
        .tuple(
          bytes(20),
          fc.constantFrom([0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe4, 0xb8]),
          bytes(20),
        )
        .map(([a, bad, b]) =>
          Uint8Array.from([...Array.from(a).filter((x) => x < 0x80), ...bad, ...Array.from(b).filter((x) => x < 0x80)]),
        ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('bad-json' as const),
      text: fc.constantFrom('{', '{"id":1,', ']', 'nul', '"', '{"a":1}}', '1 2', ''),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('oversized' as const), length: fc.integer({ min: MAX_REQUEST_BYTES + 1, max: 0xffffffff }) }),
  },
);

function frameOf(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length, true);
  out.set(body, 4);
  return out;
}

const segmentCache = new WeakMap<Segment, Uint8Array>();
function segmentBytes(s: Segment): Uint8Array {
  let b = segmentCache.get(s);
  if (!b) segmentCache.set(s, (b = encodeSegment(s)));
  return b;
}

function encodeSegment(s: Segment): Uint8Array {
  switch (s.kind) {
    case 'json':
      return encodeNativeMessage(s.value, MAX_REQUEST_BYTES * 4);
    case 'deep':
      return frameOf(new TextEncoder().encode('['.repeat(s.depth) + ']'.repeat(s.depth)));
    case 'bad-utf8':
      return frameOf(s.body);
    case 'bad-json':
      return frameOf(new TextEncoder().encode(s.text));
    case 'oversized': {
      const header = new Uint8Array(4);
      new DataView(header.buffer).setUint32(0, s.length, true);
      return header;
    }
  }
}

/** Depth of nested arrays, without recursion (a deep value would overflow a recursive walk). */
function arrayDepth(v: unknown): number {
  let d = 0;
  let cur = v;
  while (Array.isArray(cur)) {
    d++;
    cur = cur[0];
  }
  return d;
}

interface FramingCase {
  segments: Segment[];
  /** Bytes cut off the end: a message still in flight when the pipe is read. */
  cutEnd: number;
  cuts: number[];
  raw: Uint8Array | null;
}

const framingCase: fc.Arbitrary<FramingCase> = fc.record({
  segments: fc.array(segment, { maxLength: 6 }),
  cutEnd: fc.nat({ max: 8 }),
  cuts,
  // Or nothing but random bytes: random length prefixes, bodies of any kind.
  raw: fc.option(bytes(300), { freq: 3 }),
});

function expectedResults(segments: Segment[]): { kind: 'message' | 'error'; fatal?: boolean; segment: Segment }[] {
  const out: { kind: 'message' | 'error'; fatal?: boolean; segment: Segment }[] = [];
  for (const s of segments) {
    if (s.kind === 'json' && segmentBytes(s).length - 4 > MAX_REQUEST_BYTES) {
      out.push({ kind: 'error', fatal: true, segment: s });
      return out;
    }
    if (s.kind === 'oversized') {
      out.push({ kind: 'error', fatal: true, segment: s });
      return out;
    }
    out.push({ kind: s.kind === 'json' || s.kind === 'deep' ? 'message' : 'error', fatal: false, segment: s });
  }
  return out;
}

export const nativeFraming: FuzzTarget<FramingCase> = {
  name: 'native-framing',
  what: 'stdin of the host: JSON messages, deep JSON, invalid UTF-8, bad JSON, oversized and random length prefixes, truncated at the end, in random chunks: NativeMessageDecoder',
  arbitrary: framingCase,
  check({ segments, cutEnd, cuts: at, raw }) {
    const decoder = new NativeMessageDecoder(MAX_REQUEST_BYTES);
    if (raw) {
      // Random bytes: nothing but typed results, nothing after a fatal one, bounded buffering.
      let fatal = false;
      for (const chunk of chunked(raw, at)) {
        const results = (() => {
          try {
            return decoder.push(chunk);
          } catch (e) {
            return fail(`the decoder threw ${(e as Error)?.message}`);
          }
        })();
        for (const r of results) {
          if (fatal) fail('a result after a fatal error');
          if (r.kind === 'error') {
            if (!(r.error instanceof CardFillError) || r.error.code !== 'BAD_REQUEST') fail('a framing error that is not BAD_REQUEST');
            fatal ||= r.fatal;
          }
        }
        if (decoder.pending > MAX_REQUEST_BYTES + 4) fail(`the decoder buffers ${decoder.pending} bytes`);
      }
      return;
    }
    const all = concat(segments.map(segmentBytes));
    const lastLength = segments.length ? segmentBytes(segments.at(-1)!).length : 0;
    const cut = Math.min(cutEnd, lastLength);
    const stream = all.subarray(0, all.length - cut);
    let expected = expectedResults(segments);
    // A cut-short last message is simply not complete yet (unless its header alone is fatal).
    const lastIsHeaderOnly = segments.at(-1)?.kind === 'oversized' || (segments.at(-1)?.kind === 'json' && expected.at(-1)?.fatal);
    if (cut > 0 && expected.length === segments.length && !(lastIsHeaderOnly && lastLength - cut >= 4)) expected = expected.slice(0, -1);
    const got: ReturnType<NativeMessageDecoder['push']> = [];
    for (const chunk of chunked(stream, at)) {
      try {
        got.push(...decoder.push(chunk));
      } catch (e) {
        fail(`the decoder threw ${(e as Error)?.message}`);
      }
    }
    if (got.length !== expected.length) fail(`${got.length} results for ${expected.length} expected`);
    got.forEach((r, i) => {
      const want = expected[i]!;
      if (r.kind !== want.kind) fail(`result ${i} is ${r.kind}, expected ${want.kind} for a ${want.segment.kind} segment`);
      if (r.kind === 'error') {
        if (r.error.code !== 'BAD_REQUEST' || r.fatal !== want.fatal) fail(`result ${i}: ${r.error.code} fatal=${r.fatal}`);
        return;
      }
      const s = want.segment;
      if (s.kind === 'deep' && arrayDepth(r.value) !== s.depth) fail('deep JSON came back at another depth');
      if (s.kind === 'json' && JSON.stringify(r.value) !== JSON.stringify(s.value)) fail('a message came back changed');
    });
  },
};

// ---------------------------------------------------------------------------------------------
// 4. Request validator (src/protocol/messages.ts), fed JSON exactly as it comes off the wire
// ---------------------------------------------------------------------------------------------

/** docs/architecture.md §3, written out again independently of the validator: the oracle. */
const SPEC: Record<string, Record<string, { required: boolean; ok: (v: unknown) => boolean }>> = (() => {
  const id = { required: true, ok: (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER };
  const type = { required: true, ok: () => true };
  const reader = { required: false, ok: (v: unknown) => typeof v === 'string' && v.length >= 1 && v.length <= 512 && !/[\0\r\n]/.test(v) };
  return {
    status: { id, type, reader },
    read: {
      id,
      type,
      reader,
      photo: { required: false, ok: (v) => v === true || v === false },
      timeoutMs: { required: false, ok: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 120_000 },
    },
    watch: { id, type, reader },
    unwatch: { id, type },
    cancel: { id, type, target: id },
  };
})();

function oracleAccepts(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const obj = value as Record<string, unknown>;
  const type = Object.hasOwn(obj, 'type') ? obj['type'] : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(SPEC, type)) return false;
  const spec = SPEC[type]!;
  for (const key of Object.keys(obj)) if (!Object.hasOwn(spec, key) || !spec[key]!.ok(obj[key])) return false;
  for (const [key, rule] of Object.entries(spec)) if (rule.required && !Object.hasOwn(obj, key)) return false;
  return true;
}

const KEY_POOL = [
  'id',
  'type',
  'reader',
  'photo',
  'timeoutMs',
  'target',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'card',
  '',
  'ID',
  'id ',
];
const TYPE_POOL = [
  'status',
  'read',
  'watch',
  'unwatch',
  'cancel',
  '__proto__',
  'constructor',
  'toString',
  'READ',
  'read ',
  'format-disk',
  '',
];
const VALUE_POOL: unknown[] = [
  0,
  1,
  -1,
  1.5,
  99,
  100,
  120_000,
  120_001,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 1,
  1e308,
  -0,
  '',
  'sim',
  'sim:resident',
  'serial:/dev/ttyUSB0@9600',
  'a\nb',
  'a\u0000b',
  'x'.repeat(512),
  'x'.repeat(513),
  true,
  false,
  null,
  [],
  {},
  [1],
  { id: 1 },
];

interface RequestCase {
  entries: [string, unknown][];
  free: unknown;
  useFree: boolean;
}

const requestCase: fc.Arbitrary<RequestCase> = fc.record({
  entries: fc.array(
    fc.tuple(
      fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...KEY_POOL) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...VALUE_POOL) },
        { weight: 2, arbitrary: fc.constantFrom(...TYPE_POOL) },
        { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
        { weight: 1, arbitrary: fc.integer() },
      ),
    ),
    { maxLength: 7 },
  ),
  free: fc.jsonValue({ maxDepth: 3 }),
  useFree: fc.boolean(),
});

/** An object literal as JSON text, so keys like "__proto__" become own properties, as JSON.parse makes them. */
function wireObject(entries: [string, unknown][]): unknown {
  // Put "type" first when present, so most cases get past the type check and reach the keys.
  const sorted = [...entries].sort((a, b) => Number(b[0] === 'type') - Number(a[0] === 'type'));
  return JSON.parse(`{${sorted.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`);
}

export const requestValidator: FuzzTarget<RequestCase> = {
  name: 'request-validator',
  what: 'requests as JSON off the wire (known and unknown keys incl. __proto__/constructor, boundary values, random JSON): validateRequest against an independent reading of docs/architecture.md §3',
  arbitrary: requestCase,
  check({ entries, free, useFree }) {
    const value = useFree ? free : wireObject(entries);
    const accepts = oracleAccepts(value);
    const r = typedOnly(() => validateRequest(value), ['BAD_REQUEST']);
    if (r.ok && !accepts) fail(`accepted a request docs/architecture.md §3 refuses: ${JSON.stringify(value)}`);
    if (!r.ok && accepts) fail(`refused a valid request: ${JSON.stringify(value)} (${r.error.message})`);
  },
};

export const TARGETS: FuzzTarget<any>[] = [samFrameCodec, cardTextDecoder, nativeFraming, requestValidator];

/** Run `runs` cases of a target; returns the number run (fast-check throws with the shrunk case on failure). */
export function runTarget(target: FuzzTarget<any>, runs: number, seed?: number): number {
  let count = 0;
  fc.assert(
    fc.property(target.arbitrary, (v) => {
      count++;
      target.check(v);
    }),
    { numRuns: runs, ...(seed !== undefined ? { seed } : {}) },
  );
  return count;
}
