/**
 * Optional photo decoding (`--wlt-decoder LIB[#FUNCTION]`). The chip photo is 1024 bytes of WLT,
 * which only a licensed vendor library decodes (docs/card-format.md §5); CardFill never ships
 * or imitates one. When a person configures their vendor's decoder, it is called through koffi and
 * the image comes back as PNG; otherwise, or when decoding fails, the WLT bytes pass through as
 * application/x-wlt.
 */
import { deflateSync, crc32 } from 'node:zlib';
import { CardFillError } from '../../src/errors';
import { loadKoffi } from './koffi';
import type { PhotoDecoder } from './sam-reader';

/**
 * [U] The decoder's C shape. Vendor libraries differ (WltRS GetBmp writes files; libwlt2bmp offers
 * buffer functions); the buffer style assumed here is
 *   int FUNCTION(const uint8_t *wlt, uint8_t *out, int outSize)
 * returning 1 (or 0x90) on success, `out` holding either a 24-bit BMP file (38862 bytes) or raw
 * bottom-up BGR (38556 bytes) of the 102 × 126 photo. Correct it here when a vendor header says
 * otherwise.
 */
export const WLT_DECODER_DEFAULT_FUNCTION = 'wlt2bmpBuffer';
export const WLT_DECODER_SUCCESS: readonly number[] = [1, 0x90];
/** §5: 102 × 126 px, 24-bit. */
export const PHOTO_WIDTH = 102;
export const PHOTO_HEIGHT = 126;
export const BMP_FILE_BYTES = 38862;
export const RAW_BGR_BYTES = PHOTO_WIDTH * PHOTO_HEIGHT * 3;
/** Keep every host message far below Chrome's 1 MB cap (docs/architecture.md §3); a bigger image stays WLT. */
export const MAX_DECODED_PHOTO_BYTES = 256 * 1024;

/** Minimal PNG (RGB, 8-bit, no interlace) from top-down RGB rows. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Uint8Array {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/** Bottom-up BGR rows (BMP order, `stride` bytes a row) → top-down RGB. */
function bgrBottomUpToRgb(src: Uint8Array, offset: number, stride: number, width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const row = offset + (height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const s = row + x * 3;
      const d = (y * width + x) * 3;
      rgb[d] = src[s + 2]!;
      rgb[d + 1] = src[s + 1]!;
      rgb[d + 2] = src[s]!;
    }
  }
  return rgb;
}

/** The decoder's output (BMP file or raw BGR) as PNG, or null when it is neither. */
export function decoderOutputToPng(out: Uint8Array): Uint8Array | null {
  if (out[0] === 0x42 && out[1] === 0x4d && out.length >= 54) {
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    const dataOffset = view.getUint32(10, true);
    const width = view.getInt32(18, true);
    const rawHeight = view.getInt32(22, true);
    const bits = view.getUint16(28, true);
    const height = Math.abs(rawHeight);
    const stride = Math.ceil((width * 3) / 4) * 4;
    if (bits !== 24 || width <= 0 || height <= 0 || width > 2000 || height > 2000 || dataOffset + stride * height > out.length) return null;
    let rgb = bgrBottomUpToRgb(out, dataOffset, stride, width, height);
    if (rawHeight < 0) {
      // A top-down BMP: undo the flip.
      const flipped = new Uint8Array(rgb.length);
      for (let y = 0; y < height; y++) flipped.set(rgb.subarray((height - 1 - y) * width * 3, (height - y) * width * 3), y * width * 3);
      rgb = flipped;
    }
    return encodePng(width, height, rgb);
  }
  if (out.length >= RAW_BGR_BYTES)
    return encodePng(PHOTO_WIDTH, PHOTO_HEIGHT, bgrBottomUpToRgb(out, 0, PHOTO_WIDTH * 3, PHOTO_WIDTH, PHOTO_HEIGHT));
  return null;
}

/** Parse `LIB[#FUNCTION]`. */
export function parseWltDecoderSpec(spec: string): { library: string; fn: string } {
  const hash = spec.lastIndexOf('#');
  const library = hash >= 0 ? spec.slice(0, hash) : spec;
  const fn = hash >= 0 ? spec.slice(hash + 1) : WLT_DECODER_DEFAULT_FUNCTION;
  if (library === '' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(fn)) {
    throw new CardFillError('BAD_REQUEST', '--wlt-decoder takes LIBRARY or LIBRARY#FUNCTION, e.g. /opt/reader/libwlt2bmp.so#wlt2bmpBuffer');
  }
  return { library, fn };
}

/**
 * Load a vendor WLT decoder. A library that does not load is BAD_REQUEST with words (the person
 * named it); a decode that fails at read time returns null, so the WLT passes through.
 */
export async function loadWltDecoder(spec: string): Promise<PhotoDecoder> {
  const { library, fn } = parseWltDecoderSpec(spec);
  const koffi = await loadKoffi('BAD_REQUEST', 'The photo decoder');
  let decode: { async: (...args: unknown[]) => void };
  try {
    decode = koffi
      .load(library)
      .func(`int __stdcall ${fn}(const uint8_t *wlt, _Out_ uint8_t *out, int outSize)`) as unknown as typeof decode;
  } catch (e) {
    throw new CardFillError(
      'BAD_REQUEST',
      `The photo decoder ${library} (function ${fn}) could not be loaded: ${(e as Error)?.message ?? e}`,
    );
  }
  return async (wlt) => {
    const out = new Uint8Array(BMP_FILE_BYTES + 1024);
    let rc: number;
    try {
      rc = await new Promise<number>((resolve, reject) =>
        decode.async(wlt, out, out.length, (err: unknown, r: number) => (err ? reject(err) : resolve(r))),
      );
    } catch {
      return null;
    }
    if (!WLT_DECODER_SUCCESS.includes(rc)) return null;
    const png = decoderOutputToPng(out);
    if (png === null || png.length > MAX_DECODED_PHOTO_BYTES) return null;
    return { mime: 'image/png', bytes: png };
  };
}

/**
 * A decoder that loads the vendor library on the first photo, so start-up stays quick
 * and a library that fails to load costs only the photo: the WLT then passes through.
 */
export function lazyWltDecoder(spec: string, onLoadError: (e: unknown) => void = () => {}): PhotoDecoder {
  let loaded: Promise<PhotoDecoder | null> | null = null;
  return async (wlt) => {
    loaded ??= loadWltDecoder(spec).catch((e: unknown) => {
      onLoadError(e);
      return null;
    });
    const decoder = await loaded;
    return decoder ? decoder(wlt) : null;
  };
}
