/*
 * A stand-in photo decoder for CardFill's tests of --wlt-decoder. It does not decode WLT (a
 * licensed vendor format); it renders CardFill's own simulated portrait blob (src/card/portrait.ts:
 * "CARDFILL-SIM-WLT" marker, 80 × 100 1-bit drawing at byte 24) centred in a 102 × 126 24-bit BMP,
 * and fails (returns 0) on anything else, as a vendor decoder fails on bytes it cannot read.
 */
#include <string.h>

#define API __attribute__((visibility("default")))
enum { W = 102, H = 126, STRIDE = 308, HEADER = 54, FILE_BYTES = HEADER + STRIDE * H };

static void put32(unsigned char *p, unsigned v) { p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24; }

API int wlt2bmpBuffer(const unsigned char *wlt, unsigned char *out, int out_size) {
  if (out_size < FILE_BYTES || memcmp(wlt, "CARDFILL-SIM-WLT", 16) != 0) return 0;
  int sw = wlt[16], sh = wlt[17];
  memset(out, 0, FILE_BYTES);
  out[0] = 'B'; out[1] = 'M';
  put32(out + 2, FILE_BYTES); put32(out + 10, HEADER); put32(out + 14, 40);
  put32(out + 18, W); put32(out + 22, H);
  out[26] = 1; out[28] = 24; put32(out + 34, STRIDE * H);
  for (int y = 0; y < H; y++) {
    for (int x = 0; x < W; x++) {
      int sx = x - (W - sw) / 2, sy = y - (H - sh) / 2, ink = 0;
      if (sx >= 0 && sy >= 0 && sx < sw && sy < sh) {
        int bit = sy * sw + sx;
        ink = (wlt[24 + (bit >> 3)] << (bit & 7)) & 0x80;
      }
      unsigned char *px = out + HEADER + (H - 1 - y) * STRIDE + x * 3; /* bottom-up rows */
      px[0] = ink ? 0x40 : 0xf0; px[1] = ink ? 0x30 : 0xe8; px[2] = ink ? 0x20 : 0xe0;
    }
  }
  return 1;
}
