/**
 * The native messaging contract of docs/architecture.md §3, against the real built host and its simulated
 * reader: what the browser sends, what it gets back, and that bad input never kills the host.
 */
import { describe, expect, it } from 'vitest';
import { HostClient, DEV_ORIGIN } from './client';
import { PROTOCOL_VERSION } from '../../src/protocol/messages';

describe('cardfill-host in native messaging mode', () => {
  it('says hello first, with its protocol, version and reader', async () => {
    const host = new HostClient();
    const hello = await host.next((m) => m.type === 'hello');
    expect(hello).toMatchObject({ type: 'hello', protocol: PROTOCOL_VERSION, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(hello.type === 'hello' && hello.readers[0]?.kind).toBe('sim');
    expect(await host.close()).toBe(0);
  });

  it('reads the card on the simulated reader and answers with the same id', async () => {
    const host = new HostClient([DEV_ORIGIN], { CARDFILL_READER: 'sim:foreign-2023' });
    host.send({ id: 7, type: 'read' });
    const reply = await host.reply(7);
    expect(reply.type).toBe('card');
    if (reply.type !== 'card') return;
    expect(reply.card.kind).toBe('foreign-permanent-2023');
    expect(reply.card.typeCode).toBe('Y');
    expect(reply.card.number).toMatch(/^9\d{17}$/);
    expect(reply.card.checks.numberChecksum).toBe('valid');
    await host.close();
  });

  it('asks for the card to be lifted when the same card is read twice (card-format.md §1.6)', async () => {
    const host = new HostClient();
    host.send({ id: 1, type: 'read' });
    expect((await host.reply(1)).type).toBe('card');
    host.send({ id: 2, type: 'read' });
    expect(await host.reply(2)).toMatchObject({ type: 'error', error: { code: 'CARD_NOT_REPRESENTED', retriable: true } });
    await host.close();
  });

  it('reports the reader status with card presence', async () => {
    const host = new HostClient();
    host.send({ id: 3, type: 'status' });
    expect(await host.reply(3)).toMatchObject({ type: 'status', cardPresent: true, reader: { kind: 'sim' } });
    await host.close();
  });

  it('answers status without a reader as "no reader" and lists the serial ports it sees', async () => {
    const host = new HostClient([DEV_ORIGIN], { CARDFILL_READER: 'auto', CARDFILL_SDTAPI: '' });
    host.send({ id: 12, type: 'status' });
    const reply = await host.reply(12, 20_000);
    expect(reply).toMatchObject({ type: 'status', reader: null, cardPresent: null });
    expect(reply.type === 'status' && Array.isArray(reply.serialPorts)).toBe(true);
    await host.close();
  });

  it('reassembles a request that arrives one byte at a time', async () => {
    const host = new HostClient();
    const { encodeNativeMessage } = await import('../../src/protocol/framing');
    const bytes = encodeNativeMessage({ id: 11, type: 'status' }, 1024);
    for (const byte of bytes) {
      host.writeRaw(Uint8Array.of(byte));
      await new Promise((r) => setImmediate(r));
    }
    expect((await host.reply(11)).type).toBe('status');
    await host.close();
  });

  it('refuses requests with unknown keys or types as BAD_REQUEST and keeps serving', async () => {
    const host = new HostClient();
    host.send({ id: 4, type: 'read', evil: true });
    expect(await host.reply(4)).toMatchObject({ type: 'error', error: { code: 'BAD_REQUEST', retriable: false } });
    host.send({ id: 5, type: 'format-disk' });
    expect(await host.reply(5)).toMatchObject({ type: 'error', error: { code: 'BAD_REQUEST' } });
    host.send({ id: 6, type: 'status' });
    expect((await host.reply(6)).type).toBe('status');
    await host.close();
  });

  it('answers malformed JSON and invalid UTF-8 with an error and keeps serving', async () => {
    const host = new HostClient();
    const frame = (body: Uint8Array) => {
      const out = new Uint8Array(4 + body.length);
      new DataView(out.buffer).setUint32(0, body.length, true);
      out.set(body, 4);
      return out;
    };
    host.writeRaw(frame(new TextEncoder().encode('{"id": 1, "type": ')));
    expect(await host.next((m) => m.type === 'error')).toMatchObject({ id: null, error: { code: 'BAD_REQUEST' } });
    host.writeRaw(frame(Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d)));
    expect(await host.next((m) => m.type === 'error')).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/UTF-8/) },
    });
    host.send({ id: 9, type: 'status' });
    expect((await host.reply(9)).type).toBe('status');
    await host.close();
  });

  it('refuses an oversized message and exits cleanly instead of buffering it', async () => {
    const host = new HostClient();
    const header = new Uint8Array(4);
    new DataView(header.buffer).setUint32(0, 10 * 1024 * 1024, true);
    host.writeRaw(header);
    expect(await host.next((m) => m.type === 'error')).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/limit/) },
    });
    expect(await host.exited).toBe(1);
  });

  it('refuses to serve an extension that is not allowed', async () => {
    const host = new HostClient(['chrome-extension://abcdefghijklmnopabcdefghijklmnop/']);
    expect(await host.exited).toBe(1);
    expect(host.messages).toEqual([]);
    expect(host.stderr).toMatch(/not allowed/);
  });

  it('accepts an extension id allowed by the installer', async () => {
    const host = new HostClient(['chrome-extension://abcdefghijklmnopabcdefghijklmnop/'], {
      CARDFILL_EXTENSION_IDS: 'abcdefghijklmnopabcdefghijklmnop',
    });
    expect((await host.next((m) => m.type === 'hello')).type).toBe('hello');
    await host.close();
  });

  it('refuses a second read while one is in flight with BUSY, never interleaving', async () => {
    const host = new HostClient([DEV_ORIGIN], { CARDFILL_READER: 'sim:foreign-2023' });
    host.send({ id: 21, type: 'read' });
    host.send({ id: 22, type: 'read' });
    const [a, b] = await Promise.all([host.reply(21), host.reply(22)]);
    expect(a.type).toBe('card');
    expect(b).toMatchObject({ type: 'error', error: { code: 'BUSY', retriable: true } });
    await host.close();
  });
});
