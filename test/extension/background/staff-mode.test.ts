/**
 * Staff mode's watch on the one native port: armed with `watch`, events of that watch only are
 * passed on, `unwatch` when switched off, and re-armed after the host went away.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StaffWatcher } from '../../../extension/background/staff-mode';
import type { NativeHostPort } from '../../../extension/background/native-port';
import type { CardEvent, EventMessage, HostMessage } from '../../../src/protocol/messages';
import { CardFillError } from '../../../src/errors';

class FakeHost {
  requests: { type: string; reader?: string }[] = [];
  nextId = 10;
  private events = new Set<(e: EventMessage) => void>();
  private drops = new Set<(e: CardFillError) => void>();
  onEvent(l: (e: EventMessage) => void) {
    this.events.add(l);
  }
  onDisconnect(l: (e: CardFillError) => void) {
    this.drops.add(l);
  }
  async request(body: { type: string; reader?: string }): Promise<HostMessage> {
    this.requests.push(body);
    return { id: this.nextId++, type: 'ok' };
  }
  emit(event: CardEvent, watch: number) {
    for (const l of this.events) l({ type: 'event', event, watch });
  }
  drop() {
    for (const l of this.drops) l(new CardFillError('INTERNAL', 'The CardFill host stopped'));
  }
}

describe('StaffWatcher', () => {
  let host: FakeHost;
  let events: CardEvent[];
  let watching: boolean[];
  let watcher: StaffWatcher;
  beforeEach(() => {
    vi.useFakeTimers();
    host = new FakeHost();
    events = [];
    watching = [];
    watcher = new StaffWatcher(
      host as unknown as NativeHostPort,
      async () => undefined,
      (e) => events.push(e),
      (w) => watching.push(w),
    );
  });
  afterEach(() => vi.useRealTimers());

  it('sends watch with the chosen reader and passes on events of that watch only', async () => {
    await watcher.configure(true, 'sim:resident');
    expect(host.requests).toEqual([{ type: 'watch', reader: 'sim:resident' }]);
    expect(watcher.watching).toBe(true);
    host.emit('card-present', 10);
    host.emit('card-present', 99); // a stale watch
    expect(events).toEqual(['card-present']);
  });

  it('sends unwatch when staff mode is switched off, and ignores later events', async () => {
    await watcher.configure(true, null);
    await watcher.configure(false, null);
    expect(host.requests.map((r) => r.type)).toEqual(['watch', 'unwatch']);
    host.emit('card-present', 10);
    expect(events).toEqual([]);
    expect(watching).toEqual([true, false]);
  });

  it('re-arms the watch after the host went away', async () => {
    await watcher.configure(true, null);
    host.drop();
    expect(watcher.watching).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(host.requests.map((r) => r.type)).toEqual(['watch', 'watch']);
    expect(watcher.watching).toBe(true);
    host.emit('card-removed', 11);
    expect(events).toEqual(['card-removed']);
  });

  it('a refused watch is retried with a growing delay', async () => {
    let refusals = 2;
    host.request = async (body) => {
      host.requests.push(body);
      if (refusals-- > 0) return { id: null, type: 'error', error: { code: 'BAD_REQUEST', message: 'no', retriable: false } };
      return { id: 42, type: 'ok' };
    };
    await watcher.configure(true, 'serial:/dev/ttyUSB0');
    expect(watcher.watching).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(host.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(host.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(host.requests).toHaveLength(3);
    expect(watcher.watching).toBe(true);
  });
});
