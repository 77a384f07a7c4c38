/**
 * The native port, driven directly with a fake `runtime.connectNative` port: hello and its
 * timeout, the protocol check in both directions (host older, host newer), a disconnect in the
 * middle of a read (the read is rejected with a typed error, never left hanging), reconnecting
 * after a drop, and the read flow's answers on top of it (result values, cancel by id).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HELLO_TIMEOUT_MS, NativeHostPort, type NativeRuntime, type PortLike } from '../../../extension/background/native-port';
import { CardFillError } from '../../../src/errors';
import { HOST_NAME, PROTOCOL_VERSION, type HostMessage } from '../../../src/protocol/messages';

class FakePort implements PortLike {
  sent: Record<string, unknown>[] = [];
  disconnected = false;
  private messageListeners: ((m: unknown) => void)[] = [];
  private disconnectListeners: ((p: unknown) => void)[] = [];
  error: { message: string } | undefined;
  onMessage = { addListener: (l: (m: unknown) => void) => void this.messageListeners.push(l) };
  onDisconnect = { addListener: (l: (p: unknown) => void) => void this.disconnectListeners.push(l) };
  postMessage(message: unknown): void {
    if (this.disconnected) throw new Error('Attempting to use a disconnected port object');
    this.sent.push(message as Record<string, unknown>);
  }
  disconnect(): void {
    this.disconnected = true; // like Chrome: our own disconnect() fires no onDisconnect
  }
  /** The host says something. */
  say(message: unknown): void {
    for (const l of this.messageListeners) l(message);
  }
  /** The host process goes away (crash, exit, uninstall). */
  drop(reason?: string): void {
    this.disconnected = true;
    if (reason) this.error = { message: reason };
    for (const l of this.disconnectListeners) l(this);
  }
}

class FakeRuntime implements NativeRuntime {
  ports: FakePort[] = [];
  names: string[] = [];
  lastError: { message?: string } | undefined;
  throwOnConnect = false;
  connectNative(name: string): PortLike {
    this.names.push(name);
    if (this.throwOnConnect) throw new Error('Specified native messaging host not found.');
    const port = new FakePort();
    this.ports.push(port);
    return port;
  }
  get port(): FakePort {
    return this.ports.at(-1)!;
  }
}

const hello = (protocol: number = PROTOCOL_VERSION) => ({
  type: 'hello',
  protocol,
  version: '0.1.0',
  readers: [{ spec: 'sim', kind: 'sim', name: 'Simulated reader' }],
});
const card = { kind: 'resident', number: '110101199003074710' };

let runtime: FakeRuntime;
let host: NativeHostPort;
beforeEach(() => {
  runtime = new FakeRuntime();
  host = new NativeHostPort(runtime);
});
afterEach(() => vi.useRealTimers());

/** Settle pending promise callbacks. */
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('hello', () => {
  it('connects to the CardFill host and resolves with its hello', async () => {
    const connected = host.connect();
    runtime.port.say(hello());
    await expect(connected).resolves.toMatchObject({ type: 'hello', version: '0.1.0' });
    expect(runtime.names).toEqual([HOST_NAME]);
    expect(host.mismatchSide).toBeNull();
  });

  it('a host that starts but never says hello: TIMEOUT after the hello timeout, the port is closed, the next connect starts afresh', async () => {
    vi.useFakeTimers();
    const connected = host.connect();
    const outcome = connected.then(
      () => 'resolved',
      (e: CardFillError) => e.code,
    );
    await vi.advanceTimersByTimeAsync(HELLO_TIMEOUT_MS - 1);
    expect(await Promise.race([outcome, Promise.resolve('pending')])).toBe('pending');
    await vi.advanceTimersByTimeAsync(2);
    expect(await outcome).toBe('TIMEOUT');
    expect(runtime.port.disconnected).toBe(true);
    const again = host.connect();
    expect(runtime.ports).toHaveLength(2);
    runtime.port.say(hello());
    await expect(again).resolves.toMatchObject({ type: 'hello' });
  });

  it('the host program is not installed: HOST_NOT_FOUND (from lastError, from port.error, or a throwing connectNative)', async () => {
    const a = host.connect();
    runtime.lastError = { message: 'Specified native messaging host not found.' };
    runtime.port.drop();
    await expect(a).rejects.toMatchObject({ code: 'HOST_NOT_FOUND' });
    runtime.lastError = undefined;
    const b = host.connect();
    runtime.port.drop('No such native application cn.cardfill.host');
    await expect(b).rejects.toMatchObject({ code: 'HOST_NOT_FOUND' });
    runtime.throwOnConnect = true;
    await expect(host.connect()).rejects.toMatchObject({ code: 'HOST_NOT_FOUND' });
  });

  it('a host that refuses this extension: NOT_ALLOWED', async () => {
    const a = host.connect();
    runtime.port.drop('Access to the specified native messaging host is forbidden.');
    await expect(a).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });
});

describe('protocol version, in each direction', () => {
  it('host older than the extension: VERSION_MISMATCH, update the host', async () => {
    const connected = host.connect();
    runtime.port.say(hello(PROTOCOL_VERSION - 1));
    await expect(connected).rejects.toMatchObject({ code: 'VERSION_MISMATCH', message: expect.stringContaining('update the host') });
    expect(host.mismatchSide).toBe('host');
    expect(runtime.port.disconnected).toBe(true);
  });

  it('host newer than the extension: VERSION_MISMATCH, update the extension', async () => {
    const connected = host.connect();
    runtime.port.say(hello(PROTOCOL_VERSION + 1));
    await expect(connected).rejects.toMatchObject({ code: 'VERSION_MISMATCH', message: expect.stringContaining('update the extension') });
    expect(host.mismatchSide).toBe('extension');
  });

  it('a host that does not greet first predates protocol 1: update the host; no request goes out', async () => {
    const request = host.request({ type: 'status' });
    runtime.port.say({ id: 1, type: 'ok' });
    await expect(request).rejects.toMatchObject({ code: 'VERSION_MISMATCH' });
    expect(host.mismatchSide).toBe('host');
    expect(runtime.ports[0]!.sent).toEqual([]);
  });

  it('after a mismatch, a fixed host is accepted on the next connect', async () => {
    const first = host.connect();
    runtime.port.say(hello(PROTOCOL_VERSION + 1));
    await expect(first).rejects.toBeInstanceOf(CardFillError);
    const second = host.connect();
    runtime.port.say(hello());
    await expect(second).resolves.toMatchObject({ protocol: PROTOCOL_VERSION });
    expect(host.mismatchSide).toBeNull();
  });
});

describe('requests', () => {
  async function greeted(): Promise<FakePort> {
    const connected = host.connect();
    runtime.port.say(hello());
    await connected;
    return runtime.port;
  }

  it('matches replies to requests by id, whatever the order', async () => {
    const port = await greeted();
    const a = host.request({ type: 'status' });
    const b = host.request({ type: 'read', photo: true });
    await tick();
    const [ra, rb] = port.sent as { id: number; type: string }[];
    expect(ra).toMatchObject({ type: 'status' });
    expect(rb).toMatchObject({ type: 'read', photo: true });
    port.say({ id: rb!.id, type: 'card', card });
    port.say({ id: ra!.id, type: 'status', reader: null, cardPresent: null, serialPorts: [] });
    await expect(b).resolves.toMatchObject({ type: 'card' });
    await expect(a).resolves.toMatchObject({ type: 'status' });
  });

  it('disconnect in the middle of a read: the read is rejected with a typed error at once (no hang), and the drop is reported', async () => {
    const port = await greeted();
    const drops: string[] = [];
    host.onDisconnect((e) => drops.push(e.code));
    const read = host.request({ type: 'read', photo: true }, 60_000);
    await tick();
    expect(port.sent).toHaveLength(1);
    port.drop();
    await expect(read).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('stopped') });
    await expect(read).rejects.toBeInstanceOf(CardFillError);
    expect(drops).toEqual(['INTERNAL']);
  });

  it('reconnects after a drop: the next request starts a new host and is answered', async () => {
    const first = await greeted();
    first.drop();
    const request = host.request({ type: 'status' });
    await tick();
    expect(runtime.ports).toHaveLength(2);
    const second = runtime.port;
    second.say(hello());
    await tick();
    const sent = second.sent[0] as { id: number };
    second.say({ id: sent.id, type: 'status', reader: null, cardPresent: null, serialPorts: [] });
    await expect(request).resolves.toMatchObject({ type: 'status' });
    expect(first.sent).toEqual([]);
  });

  it('a request the host never answers: TIMEOUT, and a late reply is ignored', async () => {
    const port = await greeted();
    vi.useFakeTimers();
    const request = host.request({ type: 'status' }, 1_000);
    const outcome = request.catch((e: CardFillError) => e.code);
    await vi.advanceTimersByTimeAsync(1_001);
    expect(await outcome).toBe('TIMEOUT');
    port.say({ id: (port.sent[0] as { id: number }).id, type: 'ok' } satisfies HostMessage);
  });

  it('events go to event listeners, not to requests', async () => {
    const port = await greeted();
    const events: string[] = [];
    host.onEvent((e) => events.push(e.event));
    port.say({ type: 'event', event: 'card-present', watch: 3 });
    expect(events).toEqual(['card-present']);
  });

  it('tells the caller the id of a request on the wire (for cancel), and post() sends a cancel naming it', async () => {
    const port = await greeted();
    let readId = -1;
    const read = host.request({ type: 'read', photo: true }, 60_000, (id) => (readId = id));
    await tick();
    expect(readId).toBe((port.sent[0] as { id: number }).id);
    host.post({ type: 'cancel', target: readId });
    expect(port.sent[1]).toMatchObject({ type: 'cancel', target: readId });
    port.say({ id: readId, type: 'error', error: { code: 'READ_FAILED', message: 'The read was cancelled', retriable: true } });
    await expect(read).resolves.toMatchObject({ type: 'error' });
  });
});
