/** The reply sizes kept in one place (src/sam/frame.ts REPLY_BYTES) are the sizes the codec really produces. */
import { expect, it } from 'vitest';
import { encodeReadBaseData, encodeReadBaseFpData, encodeResponse, REPLY_BYTES } from '../../src/sam/frame';

it('REPLY_BYTES matches the frames the codec builds', () => {
  expect(encodeResponse(0x80, new Uint8Array(0)).length).toBe(REPLY_BYTES.statusOnly);
  expect(encodeResponse(0x9f, new Uint8Array(4)).length).toBe(REPLY_BYTES.find);
  expect(encodeResponse(0x90, new Uint8Array(8)).length).toBe(REPLY_BYTES.select);
  expect(encodeResponse(0x90, new Uint8Array(16)).length).toBe(REPLY_BYTES.samId);
  expect(encodeResponse(0x90, encodeReadBaseData(new Uint8Array(256), new Uint8Array(1024))).length).toBe(REPLY_BYTES.readBase);
  const fp = encodeReadBaseFpData(new Uint8Array(256), new Uint8Array(1024), new Uint8Array(1024));
  expect(encodeResponse(0x90, fp).length).toBe(REPLY_BYTES.readBaseWithFingerprint);
  expect(encodeResponse(0x90, new Uint8Array(4 * 70)).length).toBeLessThanOrEqual(REPLY_BYTES.appendAddress);
});
