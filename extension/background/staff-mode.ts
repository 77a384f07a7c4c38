/**
 * Staff mode: the host watches the reader (`watch`, docs/architecture.md §3) and streams
 * card-present / card-removed / reader-gone / reader-back. A front-desk clerk places a card and
 * CardFill reads it by itself; the background decides what each event means (read, clear, badge).
 * The watch lives on the one native port: when the port drops, it is re-armed with a back-off.
 */
import type { CardEvent, EventMessage } from '../../src/protocol/messages';
import type { NativeHostPort } from './native-port';

/** Re-arm delays after the host went away: quick first, then at most every 30 s. */
const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

export class StaffWatcher {
  private enabled = false;
  private reader: string | null = null;
  private watchId: number | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  /** Serialises arm/disarm so quick setting changes do not interleave. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: NativeHostPort,
    /** Connects the host and records its state for the popup (the background's connectHost). */
    private readonly connect: () => Promise<void>,
    private readonly onEvent: (event: CardEvent) => void,
    private readonly onWatchingChange: (watching: boolean) => void,
  ) {
    host.onEvent((message: EventMessage) => {
      if (this.enabled && message.watch === this.watchId) this.onEvent(message.event);
    });
    host.onDisconnect(() => {
      if (this.watchId === null && !this.enabled) return;
      this.setWatching(null);
      if (this.enabled) this.scheduleRetry();
    });
  }

  get watching(): boolean {
    return this.watchId !== null;
  }

  /** Turn watching on or off (and re-arm when the reader changes). Resolves when done. */
  configure(enabled: boolean, reader: string | null): Promise<void> {
    const changed = enabled !== this.enabled || reader !== this.reader;
    this.enabled = enabled;
    this.reader = reader;
    if (!changed) return this.queue;
    this.queue = this.queue.then(() => (enabled ? this.arm() : this.disarm())).catch(() => undefined);
    return this.queue;
  }

  private async arm(): Promise<void> {
    this.clearRetry();
    if (!this.enabled) return;
    try {
      await this.connect();
      const reply = await this.host.request({ type: 'watch', ...(this.reader ? { reader: this.reader } : {}) }, 15_000);
      if (reply.type !== 'ok' || !('id' in reply) || typeof reply.id !== 'number') throw new Error('watch refused');
      this.failures = 0;
      this.setWatching(reply.id);
    } catch {
      this.setWatching(null);
      this.scheduleRetry();
    }
  }

  private async disarm(): Promise<void> {
    this.clearRetry();
    if (this.watchId === null) return;
    this.setWatching(null);
    try {
      await this.host.request({ type: 'unwatch' }, 5_000);
    } catch {
      // The host is gone: nothing is watching anyway.
    }
  }

  private setWatching(id: number | null): void {
    const before = this.watchId !== null;
    this.watchId = id;
    if (before !== (id !== null)) this.onWatchingChange(id !== null);
  }

  private scheduleRetry(): void {
    if (this.retry || !this.enabled) return;
    const delay = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)]!;
    this.failures += 1;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.queue = this.queue.then(() => this.arm()).catch(() => undefined);
    }, delay);
  }

  private clearRetry(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }
}
