/**
 * Parsers for the data part of SAM replies (after SW1 SW2 SW3), docs/card-format.md §1.5.
 * The read replies are read from their own length fields, never from fixed offsets: the text
 * starts 4 bytes in for 30 01 and 6 bytes in for 30 10 (§9 pitfall 2). Frames only: what the bytes of a
 * card mean (the text layouts, the append-address entries) is src/card's.
 */
import { CardFillError } from '../errors';

export interface BaseMessage {
  text: Uint8Array;
  photo: Uint8Array;
  /** Fingerprint templates of a 30 10 read; null for 30 01. Not used for filling (§5). */
  fingerprint: Uint8Array | null;
}

const u16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;

function readSections(data: Uint8Array, fields: number, what: string): Uint8Array[] {
  const header = fields * 2;
  if (data.length < header) {
    throw new CardFillError('BAD_FRAME', `The ${what} reply is ${data.length} bytes, shorter than its ${header}-byte length header`);
  }
  const lengths = Array.from({ length: fields }, (_, k) => u16(data, 2 * k));
  const sum = header + lengths.reduce((a, b) => a + b, 0);
  if (sum !== data.length) {
    throw new CardFillError(
      'BAD_FRAME',
      `The ${what} reply's length fields (${lengths.join(' + ')}) do not match its ${data.length - header} data bytes`,
    );
  }
  const out: Uint8Array[] = [];
  let at = header;
  for (const n of lengths) {
    out.push(data.subarray(at, at + n));
    at += n;
  }
  return out;
}

/** 30 01: text length, photo length, text, photo. */
export function parseReadBaseData(data: Uint8Array): BaseMessage {
  const [text, photo] = readSections(data, 2, 'read-base (30 01)');
  return { text: text!, photo: photo!, fingerprint: null };
}

/** 30 10: text length, photo length, fingerprint length, text, photo, fingerprint. */
export function parseReadBaseFpData(data: Uint8Array): BaseMessage {
  const [text, photo, fp] = readSections(data, 3, 'read-base-with-fingerprint (30 10)');
  return { text: text!, photo: photo!, fingerprint: fp!.length > 0 ? fp! : null };
}

/** Build the data part of a 30 01 reply (simulator, tests). */
export function encodeReadBaseData(text: Uint8Array, photo: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + text.length + photo.length);
  out[0] = text.length >> 8;
  out[1] = text.length & 0xff;
  out[2] = photo.length >> 8;
  out[3] = photo.length & 0xff;
  out.set(text, 4);
  out.set(photo, 4 + text.length);
  return out;
}

/** Build the data part of a 30 10 reply (simulator, tests). */
export function encodeReadBaseFpData(text: Uint8Array, photo: Uint8Array, fingerprint: Uint8Array): Uint8Array {
  const out = new Uint8Array(6 + text.length + photo.length + fingerprint.length);
  [text.length, photo.length, fingerprint.length].forEach((n, k) => {
    out[2 * k] = n >> 8;
    out[2 * k + 1] = n & 0xff;
  });
  out.set(text, 6);
  out.set(photo, 6 + text.length);
  out.set(fingerprint, 6 + text.length + photo.length);
  return out;
}

/** 20 01 reply data: 4 bytes reported as IIN, usually zeros (§1.5). */
export function parseFindData(data: Uint8Array): Uint8Array {
  if (data.length !== 4) throw new CardFillError('BAD_FRAME', `The find-card reply carries ${data.length} data bytes; expected 4`);
  return data;
}

/** 20 02 reply data: the 8-byte card serial number (§1.5). */
export function parseSelectData(data: Uint8Array): Uint8Array {
  if (data.length !== 8) throw new CardFillError('BAD_FRAME', `The select-card reply carries ${data.length} data bytes; expected 8`);
  return data;
}

/** 12 FF reply data: 16 bytes; formatting across vendors is [U], so it is shown as hex. */
export function parseSamIdData(data: Uint8Array): string {
  if (data.length !== 16) throw new CardFillError('BAD_FRAME', `The SAM ID reply carries ${data.length} data bytes; expected 16`);
  return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join('');
}
