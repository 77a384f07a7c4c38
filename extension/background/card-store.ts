/**
 * Where card data lives (docs/architecture.md §7): this worker's memory, mirrored to storage.session so a
 * suspended service worker can resume — never storage.local, never logs. Cleared on Clear, after
 * a fill when so set, when the timer runs out (setTimeout, with an alarm as a backstop for a
 * sleeping worker), and when the machine locks.
 */
import browser from 'webextension-polyfill';
import type { CardRecord } from '../../src/card/record';

const SESSION_KEY = 'card';
const ALARM = 'cardfill-clear';

interface Stored {
  card: CardRecord;
  readAt: number;
  expiresAt: number;
}

export class CardStore {
  private current: Stored | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly expiredListeners = new Set<() => void>();

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /**
   * Called when the lifetime ran out (timer or alarm), after the card was dropped here, so the
   * background can forget everything made from it through its one clear path (ReadFlow.clearCard).
   */
  onExpired(listener: () => void): void {
    this.expiredListeners.add(listener);
  }

  get card(): CardRecord | null {
    return this.current?.card ?? null;
  }
  get expiresAt(): number | null {
    return this.current?.expiresAt ?? null;
  }

  /** Restore after a service-worker restart; drops anything already expired. */
  async restore(): Promise<void> {
    const got = (await browser.storage.session.get(SESSION_KEY))[SESSION_KEY] as Stored | undefined;
    if (!got) return;
    if (got.expiresAt <= Date.now()) {
      await this.expire();
      return;
    }
    this.current = got;
    this.arm(got.expiresAt);
    this.emit();
  }

  async set(card: CardRecord, ttlSeconds: number): Promise<void> {
    const now = Date.now();
    this.current = { card, readAt: now, expiresAt: now + ttlSeconds * 1000 };
    await browser.storage.session.set({ [SESSION_KEY]: this.current });
    this.arm(this.current.expiresAt);
    this.emit();
  }

  async clear(): Promise<void> {
    this.current = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([browser.storage.session.remove(SESSION_KEY), browser.alarms.clear(ALARM)]);
    this.emit();
  }

  /** Wire the alarm backstop; call once at start-up. */
  listen(): void {
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === ALARM) void this.expire();
    });
  }

  private arm(expiresAt: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.expire(), Math.max(0, expiresAt - Date.now()));
    // Chrome clamps alarms to ≥ 30 s; the in-memory timer is exact, the alarm survives suspension.
    void browser.alarms.create(ALARM, { when: Math.max(expiresAt, Date.now() + 30_000) });
  }

  private async expire(): Promise<void> {
    await this.clear();
    for (const listener of this.expiredListeners) listener();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
