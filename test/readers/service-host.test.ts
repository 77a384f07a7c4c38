/**
 * A vendor service behind the browser's own protocol (the built host in native-messaging mode):
 * configured on the computer (CARDFILL_READER with any loopback URL) it answers hello, status and
 * read like any reader; named by a request it may only be a service at its default address.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCardText } from '../../src/card/decode';
import { SYNTHETIC_CARDS } from '../../src/card/synthetic';
import { HostClient } from '../host/client';
import { servicePhoto, startServiceEmulator, type ServiceEmulator } from '../emulators/services';

let host: HostClient | null = null;
let emulator: ServiceEmulator | null = null;
afterEach(async () => {
  await host?.close();
  await emulator?.close();
  host = null;
  emulator = null;
});

describe('service reader over native messaging', () => {
  it('configured locally: hello names it, status finds the card, read gives the record', { timeout: 30_000 }, async () => {
    emulator = await startServiceEmulator('chinavision', { card: 'hmt' });
    const spec = `service:chinavision@${emulator.url}`;
    host = new HostClient(undefined, { CARDFILL_READER: spec });
    const hello = await host.next((m) => m.type === 'hello');
    expect(hello).toMatchObject({ readers: [{ spec, kind: 'service' }] });
    host.send({ id: 1, type: 'status' });
    expect(await host.reply(1)).toMatchObject({ type: 'status', reader: { spec, kind: 'service' }, cardPresent: true });
    host.send({ id: 2, type: 'read' });
    const reply = await host.reply(2);
    expect(reply.type).toBe('card');
    const chip = decodeCardText(SYNTHETIC_CARDS.hmt.text, { photo: { mime: 'image/jpeg', bytes: servicePhoto('hmt') } });
    expect((reply as { card: unknown }).card).toEqual({ ...chip, passNumber: null, issueCount: null });
  });

  it('a request may name a service only by name; another URL is refused', { timeout: 30_000 }, async () => {
    emulator = await startServiceEmulator('synjones');
    host = new HostClient();
    await host.next((m) => m.type === 'hello');
    host.send({ id: 1, type: 'read', reader: `service:synjones@${emulator.url}` });
    expect(await host.reply(1)).toMatchObject({ type: 'error', error: { code: 'BAD_REQUEST' } });
    // By name: the default address, where (on this machine) nothing runs.
    host.send({ id: 2, type: 'read', reader: 'service:eastcom' });
    const r = await host.reply(2, 15_000);
    expect(r.type).toBe('error');
    expect(['NO_READER', 'NO_CARD', 'READ_FAILED', 'TIMEOUT']).toContain((r as { error: { code: string } }).error.code);
    expect(emulator.calls).toEqual([]);
  });
});
