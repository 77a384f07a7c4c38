/**
 * The SAM frame codec (docs/card-format.md §1.2–§1.5, GA/T 467 clause 7). Pure: Uint8Array
 * in, Uint8Array out, no Node APIs, so the serial backend, the simulator and the extension's tests
 * all run the same bytes through the same code.
 *
 *   request:  AA AA AA 96 69 | LEN_H LEN_L | CMD PARA [DATA…]    | CHK
 *   response: AA AA AA 96 69 | LEN_H LEN_L | SW1 SW2 SW3 [DATA…] | CHK
 *
 * LEN (big-endian) counts every byte after itself, checksum included; CHK is the XOR of every byte
 * after the preamble except itself.
 */
import { CardFillError } from '../errors';

export * from './status';
export * from './responses';

export const PREAMBLE: readonly number[] = [0xaa, 0xaa, 0xaa, 0x96, 0x69];
/** Preamble plus the two length bytes. */
export const FRAME_HEADER_BYTES = 7;
/** The shortest legal LEN: a bare command CMD PARA CHK (§1.2). */
export const MIN_LENGTH_FIELD = 3;
/**
 * The longest legal LEN. The biggest known reply is a 30 10 read with two fingerprints,
 * LEN 0x090A (§1.5); the append-address size is [U], so allow headroom up to 4 KiB.
 * A larger LEN is a length error, which also bounds how long garbage can stall the decoder.
 */
export const MAX_LENGTH_FIELD = 0x1000;

/**
 * Whole-frame sizes of the replies (docs/card-format.md §1.5), the one place they are kept: the host's
 * timeouts (wire time per reply), the simulator and the benchmarks read them here.
 */
export const REPLY_BYTES = {
  /** Any reply with no data: preamble, length, SW1 SW2 SW3, checksum. */
  statusOnly: 11,
  find: 15,
  select: 19,
  samId: 27,
  /** 30 01: 256 bytes of text and 1024 of photo. */
  readBase: 1295,
  /** 30 10 with two fingerprint templates. */
  readBaseWithFingerprint: 2321,
  /** 30 03: the size is uncertain (§2.7); four 70-byte entries plus the frame, rounded up. */
  appendAddress: 300,
} as const;

export interface SamCommand {
  readonly name: string;
  readonly cmd: number;
  readonly para: number;
}

const c = (name: string, cmd: number, para: number): SamCommand => ({ name, cmd, para });

/** Every command of §1.3 (CMD PARA). */
export const COMMANDS = {
  RESET_SAM: c('reset SAM', 0x10, 0xff),
  SAM_STATUS: c('SAM status', 0x11, 0xff),
  SAM_ID: c('read SAM ID', 0x12, 0xff),
  FIND_CARD: c('find card', 0x20, 0x01),
  SELECT_CARD: c('select card', 0x20, 0x02),
  READ_BASE: c('read base message', 0x30, 0x01),
  READ_APPEND: c('read append address', 0x30, 0x03),
  /** [U] meaning (softs.im only: "read MID"). */
  READ_MID: c('read MID', 0x30, 0x05),
  READ_BASE_FP: c('read base message with fingerprint', 0x30, 0x10),
  /** [U] form; PARA is the baud index of BAUD_PARAM. */
  SET_BAUD: c('set baud rate', 0x60, 0x00),
  /** [U] form; one data byte, 24–255 (sdtapi SDT_SetMaxRFByte). */
  SET_MAX_RF_BYTES: c('set max RF frame bytes', 0x61, 0xff),
} as const;

/** [U] 60 xx parameter per baud rate (§1.3, softs.im only). */
export const BAUD_PARAM: Readonly<Record<number, number>> = { 115200: 0x00, 57600: 0x01, 38400: 0x02, 19200: 0x03, 9600: 0x04 };
export const DEFAULT_BAUD = 115200;
export const MAX_RF_BYTES_RANGE = { min: 24, max: 255 } as const;

export function commandName(cmd: number, para: number): string {
  for (const command of Object.values(COMMANDS)) {
    if (command.cmd === cmd && (command.para === para || cmd === COMMANDS.SET_BAUD.cmd)) return command.name;
  }
  return `command ${cmd.toString(16).padStart(2, '0')} ${para.toString(16).padStart(2, '0')}`;
}

export function xorChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let chk = 0;
  for (let i = start; i < end; i++) chk ^= bytes[i]!;
  return chk;
}

/** Wrap a body (CMD PARA DATA or SW1 SW2 SW3 DATA) into a frame with length and checksum. */
export function encodeFrame(body: Uint8Array): Uint8Array {
  const len = body.length + 1;
  if (len > MAX_LENGTH_FIELD) throw new CardFillError('BAD_FRAME', `A frame body of ${body.length} bytes is too long`);
  const out = new Uint8Array(FRAME_HEADER_BYTES + len);
  out.set(PREAMBLE, 0);
  out[5] = len >> 8;
  out[6] = len & 0xff;
  out.set(body, FRAME_HEADER_BYTES);
  out[out.length - 1] = xorChecksum(out, 5, out.length - 1);
  return out;
}

export function encodeRequest(command: { cmd: number; para: number }, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array(2 + data.length);
  body[0] = command.cmd;
  body[1] = command.para;
  body.set(data, 2);
  return encodeFrame(body);
}

export function encodeResponse(sw3: number, data: Uint8Array = new Uint8Array(0), sw1 = 0, sw2 = 0): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[0] = sw1;
  body[1] = sw2;
  body[2] = sw3;
  body.set(data, 3);
  return encodeFrame(body);
}

export interface SamRequest {
  cmd: number;
  para: number;
  data: Uint8Array;
}

export interface SamResponse {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Uint8Array;
}

/** A frame body (bytes between the length field and the checksum) read as a request. */
export function parseRequestBody(body: Uint8Array): SamRequest {
  if (body.length < 2) throw new CardFillError('BAD_FRAME', 'A request frame needs at least CMD and PARA');
  return { cmd: body[0]!, para: body[1]!, data: body.subarray(2) };
}

/** A frame body read as a response. */
export function parseResponseBody(body: Uint8Array): SamResponse {
  if (body.length < 3) throw new CardFillError('BAD_FRAME', 'A response frame needs at least SW1 SW2 SW3');
  return { sw1: body[0]!, sw2: body[1]!, sw3: body[2]!, data: body.subarray(3) };
}

export type FrameEvent =
  | { kind: 'frame'; body: Uint8Array; frame: Uint8Array }
  | { kind: 'error'; reason: 'length' | 'checksum'; error: CardFillError };

/** Whether `buf` holds the 5-byte preamble at `i` (default: at its start). */
export function startsWithPreambleAt(buf: Uint8Array, i = 0): boolean {
  for (let k = 0; k < PREAMBLE.length; k++) if (buf[i + k] !== PREAMBLE[k]) return false;
  return true;
}

/**
 * Streaming frame reassembly: push chunks of any size, get whole frames back. Bytes before a
 * preamble are skipped (counted in `discarded`); a length field out of range or a checksum
 * mismatch yields a BAD_FRAME error event and the decoder resynchronises on the next preamble.
 */
export class FrameDecoder {
  private buf = new Uint8Array(0);
  private skipped = 0;

  push(chunk: Uint8Array): FrameEvent[] {
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf, 0);
    joined.set(chunk, this.buf.length);
    let buf = joined;
    const events: FrameEvent[] = [];
    for (;;) {
      let start = -1;
      for (let i = 0; i + PREAMBLE.length <= buf.length; i++) {
        if (startsWithPreambleAt(buf, i)) {
          start = i;
          break;
        }
      }
      if (start < 0) {
        // Keep a tail that may be the first bytes of a preamble split across chunks.
        const keep = Math.min(buf.length, PREAMBLE.length - 1);
        this.skipped += buf.length - keep;
        buf = buf.slice(buf.length - keep);
        break;
      }
      this.skipped += start;
      buf = buf.subarray(start);
      if (buf.length < FRAME_HEADER_BYTES) break;
      const len = (buf[5]! << 8) | buf[6]!;
      if (len < MIN_LENGTH_FIELD || len > MAX_LENGTH_FIELD) {
        events.push({
          kind: 'error',
          reason: 'length',
          error: new CardFillError('BAD_FRAME', `Frame length field ${len} is outside ${MIN_LENGTH_FIELD}–${MAX_LENGTH_FIELD}`),
        });
        // Resynchronise one byte on: the "preamble" may have been data that looked like one.
        buf = buf.subarray(1);
        this.skipped += 1;
        continue;
      }
      const total = FRAME_HEADER_BYTES + len;
      if (buf.length < total) break;
      const frame = buf.slice(0, total);
      buf = buf.subarray(total);
      const expected = xorChecksum(frame, 5, total - 1);
      if (expected !== frame[total - 1]) {
        events.push({
          kind: 'error',
          reason: 'checksum',
          error: new CardFillError(
            'BAD_FRAME',
            `Frame checksum mismatch: computed ${hex2(expected)}, frame says ${hex2(frame[total - 1]!)}`,
          ),
        });
        continue;
      }
      events.push({ kind: 'frame', frame, body: frame.subarray(FRAME_HEADER_BYTES, total - 1) });
    }
    this.buf = buf.slice();
    return events;
  }

  /** Bytes held waiting for the rest of a frame (or for a preamble). */
  get pending(): number {
    return this.buf.length;
  }

  /** True when the held bytes start a frame (a preamble was seen): a reply cut short. */
  get inFrame(): boolean {
    return this.buf.length >= PREAMBLE.length && startsWithPreambleAt(this.buf, 0);
  }

  /** The LEN of the frame being assembled, when its header has arrived. */
  get expectedBytes(): number | null {
    return this.buf.length >= FRAME_HEADER_BYTES && this.inFrame ? FRAME_HEADER_BYTES + ((this.buf[5]! << 8) | this.buf[6]!) : null;
  }

  /** Bytes skipped as garbage since the last reset. */
  get discarded(): number {
    return this.skipped;
  }

  reset(): void {
    this.buf = new Uint8Array(0);
    this.skipped = 0;
  }
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0').toUpperCase();

/**
 * Decode bytes that must be exactly one frame (the `decode` command's input): BAD_FRAME with words
 * for a missing preamble, a cut-short frame, trailing bytes, a bad length or checksum.
 */
export function decodeSingleFrame(bytes: Uint8Array): Uint8Array {
  if (bytes.length < PREAMBLE.length || !startsWithPreambleAt(bytes, 0)) {
    throw new CardFillError('BAD_FRAME', 'The input does not start with the SAM frame preamble AA AA AA 96 69');
  }
  if (bytes.length < FRAME_HEADER_BYTES) {
    throw new CardFillError('BAD_FRAME', `The frame is cut short: ${bytes.length} bytes, not even a length field`);
  }
  const len = (bytes[5]! << 8) | bytes[6]!;
  if (len < MIN_LENGTH_FIELD || len > MAX_LENGTH_FIELD) {
    throw new CardFillError('BAD_FRAME', `Frame length field ${len} is outside ${MIN_LENGTH_FIELD}–${MAX_LENGTH_FIELD}`);
  }
  const total = FRAME_HEADER_BYTES + len;
  if (bytes.length < total) {
    throw new CardFillError('BAD_FRAME', `The frame is truncated: its header announces ${total} bytes but only ${bytes.length} arrived`);
  }
  if (bytes.length > total) {
    throw new CardFillError('BAD_FRAME', `The frame is ${total} bytes by its header, but ${bytes.length - total} more bytes follow it`);
  }
  const expected = xorChecksum(bytes, 5, total - 1);
  if (expected !== bytes[total - 1]) {
    throw new CardFillError(
      'BAD_FRAME',
      `The frame is corrupted: checksum computed ${hex2(expected)}, frame says ${hex2(bytes[total - 1]!)}`,
    );
  }
  return bytes.subarray(FRAME_HEADER_BYTES, total - 1);
}

/** Time on the wire for `bytes` at `baud` with 8N1 framing (10 bits a byte, §1.1, §7). */
export function wireTimeMs(bytes: number, baud: number): number {
  return (bytes * 10 * 1000) / baud;
}
