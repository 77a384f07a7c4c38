/** The one protocol version check (src/protocol/messages.ts protocolMismatch), as the extension reads a hello. */
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, protocolMismatch } from '../../src/protocol/messages';

describe('protocolMismatch', () => {
  it('accepts the same protocol', () => {
    expect(protocolMismatch(PROTOCOL_VERSION)).toBeNull();
    expect(protocolMismatch(3, 3)).toBeNull();
  });
  it('names the older side in each direction', () => {
    expect(protocolMismatch(1, 2)).toMatchObject({ update: 'host', error: { code: 'VERSION_MISMATCH' } });
    expect(protocolMismatch(3, 2)).toMatchObject({ update: 'extension', error: { code: 'VERSION_MISMATCH' } });
    expect(protocolMismatch(3, 2)?.error.message).toContain('update the extension');
  });
  it('treats a peer that did not greet as an old host', () => {
    expect(protocolMismatch(null)).toMatchObject({ update: 'host', error: { code: 'VERSION_MISMATCH', retriable: false } });
  });
});
