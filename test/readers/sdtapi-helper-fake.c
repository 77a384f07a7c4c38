/*
 * The fake SDT_* library of test/native/fake-sdtapi.c, for the out-of-process (helper) path: the
 * library then lives in the helper process, where the test cannot call FAKE_SetCard, so this
 * wrapper takes its card and fault from the environment when it is loaded, and logs the two read
 * calls to a file so a test can tell where a cancel stopped the helper.
 *   CARDFILL_FAKE_SDTAPI_CARD   file: u32le text length, u32le photo length, u32le append length, bytes
 *   CARDFILL_FAKE_SDTAPI_FAULT  a fault number of fake-sdtapi.c, or 7 = base read takes 0.8 s
 *   CARDFILL_FAKE_SDTAPI_LOG    file the wrapper appends "ReadBaseMsg" / "ReadNewAppMsg" lines to
 * Never shipped.
 */
#include <stdio.h>
#include <stdlib.h>

#define SDT_ReadBaseMsg inner_SDT_ReadBaseMsg
#define SDT_ReadNewAppMsg inner_SDT_ReadNewAppMsg
#include "../native/fake-sdtapi.c"
#undef SDT_ReadBaseMsg
#undef SDT_ReadNewAppMsg

enum { FAULT_SLOW_READ = 7 };
static int g_slow;

static void log_call(const char *name) {
  const char *path = getenv("CARDFILL_FAKE_SDTAPI_LOG");
  if (!path) return;
  FILE *f = fopen(path, "a");
  if (!f) return;
  fprintf(f, "%s\n", name);
  fclose(f);
}

static unsigned int u32le(const unsigned char *b) { return b[0] | (b[1] << 8) | (b[2] << 16) | ((unsigned int)b[3] << 24); }

__attribute__((constructor)) static void load_from_env(void) {
  const char *fault = getenv("CARDFILL_FAKE_SDTAPI_FAULT");
  if (fault) {
    int f = atoi(fault);
    if (f == FAULT_SLOW_READ) g_slow = 1;
    else FAKE_SetFault(f);
  }
  const char *path = getenv("CARDFILL_FAKE_SDTAPI_CARD");
  if (!path) return;
  FILE *file = fopen(path, "rb");
  if (!file) return;
  static unsigned char buf[4096];
  size_t n = fread(buf, 1, sizeof buf, file);
  fclose(file);
  if (n < 12) return;
  unsigned int tl = u32le(buf), pl = u32le(buf + 4), al = u32le(buf + 8);
  if (12 + (size_t)tl + pl + al > n) return;
  FAKE_SetCard(buf + 12, (int)tl, buf + 12 + tl, (int)pl, buf + 12 + tl + pl, (int)al);
}

API int SDT_ReadBaseMsg(int port, unsigned char *text, unsigned int *text_len, unsigned char *photo, unsigned int *photo_len, int if_open) {
  log_call("ReadBaseMsg");
  if (g_slow) usleep(800 * 1000);
  return inner_SDT_ReadBaseMsg(port, text, text_len, photo, photo_len, if_open);
}

API int SDT_ReadNewAppMsg(int port, unsigned char *app, unsigned int *app_len, int if_open) {
  log_call("ReadNewAppMsg");
  return inner_SDT_ReadNewAppMsg(port, app, app_len, if_open);
}
