/**
 * A small drawn portrait for simulated cards. Real chips hold 1024 bytes of WLT, a proprietary
 * compressed format that only licensed vendor libraries decode (docs/card-format.md §5);
 * CardFill cannot produce real WLT. So a simulated card carries a "WLT-like" blob of the same
 * size: a 16-byte ASCII marker, an 8-byte header and a 80×100 1-bit drawing of a face (no real
 * person). It travels as `application/x-wlt` exactly like real photo bytes; the marker lets people
 * looking at hex dumps recognise it.
 */

const PHOTO_BYTES = 1024;
const SIM_PORTRAIT_MARKER = 'CARDFILL-SIM-WLT';
const SIM_PORTRAIT_WIDTH = 80;
const SIM_PORTRAIT_HEIGHT = 100;
const HEADER_BYTES = 24;

/** Draw a simple face; `seed` varies head width, hair and smile so cards look different. */
export function drawSyntheticPortrait(seed: number): Uint8Array {
  const out = new Uint8Array(PHOTO_BYTES);
  for (let i = 0; i < SIM_PORTRAIT_MARKER.length; i++) out[i] = SIM_PORTRAIT_MARKER.charCodeAt(i);
  out[16] = SIM_PORTRAIT_WIDTH;
  out[17] = SIM_PORTRAIT_HEIGHT;
  out[18] = seed & 0xff;
  const W = SIM_PORTRAIT_WIDTH;
  const H = SIM_PORTRAIT_HEIGHT;
  const rx = 20 + (seed % 6);
  const ry = 28;
  const cx = W / 2;
  const cy = 42;
  const hairLine = cy - ry + 8 + (seed % 5);
  const smile = 2 + (seed % 3);
  const ink = (x: number, y: number): boolean => {
    const dx = (x - cx) / rx;
    const dy = (y - cy) / ry;
    const r = dx * dx + dy * dy;
    if (r <= 1 && y < hairLine) return true; // hair
    if (r > 0.85 && r <= 1) return true; // head outline
    if (Math.hypot(x - (cx - 9), y - (cy - 4)) < 3 || Math.hypot(x - (cx + 9), y - (cy - 4)) < 3) return true; // eyes
    if (Math.abs(x - cx) < 1.5 && y > cy - 2 && y < cy + 6) return true; // nose
    const mx = (x - cx) / 9;
    if (Math.abs(mx) <= 1 && Math.abs(y - (cy + 13 + smile * (1 - mx * mx))) < 1) return true; // mouth
    const sx = (x - cx) / 38;
    const sy = (y - (H + 6)) / 30;
    return sx * sx + sy * sy <= 1 && y > cy + ry; // shoulders
  };
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (ink(x, y)) {
        const bit = y * W + x;
        out[HEADER_BYTES + (bit >> 3)] = out[HEADER_BYTES + (bit >> 3)]! | (0x80 >> (bit & 7));
      }
    }
  }
  return out;
}
