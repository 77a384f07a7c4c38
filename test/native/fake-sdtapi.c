/*
 * A fake vendor SDT_* library for CardFill's tests (docs/card-format.md §6.1), so the sdtapi
 * backend is exercised through koffi against real compiled code. It holds one synthetic card that
 * the test hands in through FAKE_SetCard, follows the halted-card rule of §1.6, and injects faults.
 * Compiled by test/readers/sdtapi.test.ts with `cc -shared -fPIC`. Never shipped.
 */
#include <string.h>
#include <unistd.h>

#if defined(_WIN32)
#define API __declspec(dllexport) __stdcall
#else
#define API __attribute__((visibility("default")))
#endif

enum { FAULT_NONE = 0, FAULT_NO_CARD = 1, FAULT_REMOVED = 2, FAULT_SAM = 3, FAULT_PC_TIMEOUT = 4, FAULT_UNSUPPORTED = 5, FAULT_HANG = 6 };
enum { IDLE = 0, FOUND = 1, SELECTED = 2, READ = 3 };

static unsigned char g_text[256];
static unsigned char g_photo[1024];
static unsigned char g_app[280];
static unsigned int g_text_len, g_photo_len, g_app_len;
static int g_present, g_state, g_fault, g_open_port, g_calls;

/* Test hooks. */
API void FAKE_SetCard(const unsigned char *text, int text_len, const unsigned char *photo, int photo_len,
                      const unsigned char *app, int app_len) {
  g_text_len = text_len > 256 ? 256 : (text_len < 0 ? 0 : text_len);
  g_photo_len = photo_len > 1024 ? 1024 : (photo_len < 0 ? 0 : photo_len);
  g_app_len = app_len > 280 ? 280 : (app_len < 0 ? 0 : app_len);
  if (g_text_len) memcpy(g_text, text, g_text_len);
  if (g_photo_len) memcpy(g_photo, photo, g_photo_len);
  if (g_app_len) memcpy(g_app, app, g_app_len);
  g_present = g_text_len > 0;
  g_state = IDLE;
}
API void FAKE_Place(void) { g_present = g_text_len > 0; g_state = IDLE; }
API void FAKE_SetFault(int fault) { g_fault = fault; }
API int FAKE_Calls(void) { return g_calls; }

static int port_ok(int port) { return g_open_port != 0 && port == g_open_port; }

API int SDT_OpenPort(int port) {
  g_calls++;
  /* §6.1: 1001–1016 USB, 1–16 COM; this fake only has a reader on USB port 1001. */
  if (port != 1001) return 0x01;
  g_open_port = port;
  return 0x90;
}

API int SDT_ClosePort(int port) {
  g_calls++;
  if (port == g_open_port) g_open_port = 0;
  return 0x90;
}

API int SDT_GetSAMStatus(int port, int if_open) {
  (void)if_open;
  g_calls++;
  if (!port_ok(port)) return 0x01;
  return g_fault == FAULT_SAM ? 0x60 : 0x90;
}

API int SDT_StartFindIDCard(int port, unsigned char *iin, int if_open) {
  (void)if_open;
  g_calls++;
  if (!port_ok(port)) return 0x01;
  if (g_fault == FAULT_SAM) return 0x60;
  if (g_fault == FAULT_PC_TIMEOUT) return 0x02;
  if (!g_present || g_fault == FAULT_NO_CARD || g_state == READ) return 0x80;
  memset(iin, 0, 4);
  g_state = FOUND;
  return 0x9F;
}

API int SDT_SelectIDCard(int port, unsigned char *sn, int if_open) {
  (void)if_open;
  g_calls++;
  if (!port_ok(port)) return 0x01;
  if (!g_present || g_state != FOUND) return 0x81;
  memcpy(sn, "FAKESN01", 8);
  g_state = SELECTED;
  return 0x90;
}

API int SDT_ReadBaseMsg(int port, unsigned char *text, unsigned int *text_len, unsigned char *photo, unsigned int *photo_len, int if_open) {
  (void)if_open;
  g_calls++;
  if (!port_ok(port)) return 0x01;
  if (!g_present || g_state != SELECTED) return 0x41;
  if (g_fault == FAULT_HANG) sleep(3);
  if (g_fault == FAULT_REMOVED) { g_present = 0; g_state = IDLE; return 0x41; }
  if (g_fault == FAULT_UNSUPPORTED) { g_state = IDLE; return 0x40; }
  memcpy(text, g_text, g_text_len);
  *text_len = g_text_len;
  memcpy(photo, g_photo, g_photo_len);
  *photo_len = g_photo_len;
  g_state = READ;
  return 0x90;
}

API int SDT_ReadNewAppMsg(int port, unsigned char *app, unsigned int *app_len, int if_open) {
  (void)if_open;
  g_calls++;
  if (!port_ok(port)) return 0x01;
  if (!g_present) return 0x41;
  if (g_app_len == 0) { *app_len = 0; return 0x91; }
  memcpy(app, g_app, g_app_len);
  *app_len = g_app_len;
  return 0x90;
}
