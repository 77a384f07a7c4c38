/**
 * The card's lifetime ends through the background's one clear path: when the timer runs out the
 * store drops the card and then tells its expiry listeners (the entry wires ReadFlow.clearCard,
 * which also forgets every plan made from the card).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const session: Record<string, unknown> = {};
vi.mock('webextension-polyfill', () => ({
  default: {
    storage: {
      session: {
        get: async (k: string) => (k in session ? { [k]: session[k] } : {}),
        set: async (o: Record<string, unknown>) => void Object.assign(session, o),
        remove: async (k: string) => void delete session[k],
      },
    },
    alarms: { create: async () => undefined, clear: async () => true, onAlarm: { addListener: () => undefined } },
  },
}));
const { CardStore } = await import('../../../extension/background/card-store');
import type { CardRecord } from '../../../src/card/record';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('card store expiry', () => {
  it('drops the card when its time is up, then calls the expiry listeners (not on a plain Clear)', async () => {
    const store = new CardStore();
    const expired = vi.fn();
    store.onExpired(expired);
    await store.set({ number: '330106196207120032' } as unknown as CardRecord, 2);
    await store.clear();
    expect(expired).not.toHaveBeenCalled();
    await store.set({ number: '330106196207120032' } as unknown as CardRecord, 2);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(store.card).not.toBeNull();
    expect(expired).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2);
    expect(store.card).toBeNull();
    expect(JSON.stringify(session)).not.toContain('330106');
    expect(expired).toHaveBeenCalledTimes(1);
  });
});
