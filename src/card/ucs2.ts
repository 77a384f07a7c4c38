/**
 * UCS-2 little-endian text helpers for the card text block (docs/card-format.md §2.1:
 * 2 bytes a character, no BOM, padded with spaces). Pure and browser-safe (no Buffer).
 */

const decoder = new TextDecoder('utf-16le');

/** Decode bytes as UTF-16LE without trimming. */
export function decodeUcs2(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Right-trim card padding: spaces (the standard pad) and NULs (seen on some readers). */
export function trimPadding(s: string): string {
  return s.replace(/[\s\u0000]+$/u, '');
}

/** Encode a string as UTF-16LE code units. */
export function encodeUcs2(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    out[2 * i] = unit & 0xff;
    out[2 * i + 1] = unit >> 8;
  }
  return out;
}

/** Base64 of bytes, without Node's Buffer so the same code runs in the extension. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}
