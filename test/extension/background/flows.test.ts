/**
 * The background's modules with their dependencies passed in: the read flow over the real native
 * port (fake connectNative) answers result values — a host that drops mid-read gives a typed
 * error, Cancel sends the host's `cancel` for that read's id — the handlers never let a throw cross
 * the messaging boundary, the state and badge follow the phase, staff events map to read/clear.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', () => ({ default: {} }));

const { NativeHostPort } = await import('../../../extension/background/native-port');
const { HostLink } = await import('../../../extension/background/host-link');
const { ReadFlow } = await import('../../../extension/background/read-flow');
const { BackgroundState } = await import('../../../extension/background/state');
const { guardHandlers, fromExtensionPage } = await import('../../../extension/background/handlers');
const { badgeFor } = await import('../../../extension/background/badge');
const { readerEventHandler } = await import('../../../extension/background/staff-wiring');
import type { CardRecord } from '../../../src/card/record';
import { PROTOCOL_VERSION } from '../../../src/protocol/messages';
import type { PortLike } from '../../../extension/background/native-port';

class FakePort implements PortLike {
  sent: Record<string, unknown>[] = [];
  private onMsg: ((m: unknown) => void)[] = [];
  private onDrop: ((p: unknown) => void)[] = [];
  onMessage = { addListener: (l: (m: unknown) => void) => void this.onMsg.push(l) };
  onDisconnect = { addListener: (l: (p: unknown) => void) => void this.onDrop.push(l) };
  constructor() {
    // The real host greets as soon as it starts.
    queueMicrotask(() =>
      this.say({ type: 'hello', protocol: PROTOCOL_VERSION, version: '0.1.0', readers: [{ spec: 'sim', kind: 'sim', name: 'Sim' }] }),
    );
  }
  postMessage(m: unknown) {
    this.sent.push(m as Record<string, unknown>);
  }
  disconnect() {}
  say(m: unknown) {
    for (const l of this.onMsg) l(m);
  }
  drop() {
    for (const l of this.onDrop) l(this);
  }
}

const CARD = { kind: 'resident', number: '110101199003074710', nameZh: '陈思远' } as unknown as CardRecord;
const until = async (f: () => boolean) => {
  for (let i = 0; i < 100 && !f(); i++) await new Promise((r) => setTimeout(r, 1));
};

function setup() {
  const ports: FakePort[] = [];
  const host = new NativeHostPort({
    connectNative: () => {
      const p = new FakePort();
      ports.push(p);
      return p;
    },
  });
  const cards = {
    card: null as CardRecord | null,
    expiresAt: null as number | null,
    set: vi.fn(async (c: CardRecord) => {
      cards.card = c;
      cards.expiresAt = 1;
    }),
    clear: vi.fn(async () => {
      cards.card = null;
      cards.expiresAt = null;
    }),
  };
  const state = new BackgroundState(cards);
  const link = new HostLink({ host, state, readerKey: async () => ({}) });
  const forgetPlans = vi.fn();
  const reads = new ReadFlow({
    host,
    link,
    state,
    cards,
    readSettings: async () => ({ reader: 'sim', clearAfterSeconds: 120 }),
    forgetPlans,
  });
  const sentRead = () => ports.at(-1)?.sent.find((m) => m['type'] === 'read') as { id: number } | undefined;
  return { ports, host, cards, state, reads, forgetPlans, sentRead };
}

describe('read flow', () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    s = setup();
  });

  it('a read answers { ok: true, card }, stores it with the lifetime, and the state shows the card', async () => {
    const result = s.reads.readCard();
    await until(() => !!s.sentRead());
    expect(s.sentRead()).toMatchObject({ type: 'read', photo: true, reader: 'sim' });
    s.ports[0]!.say({ id: s.sentRead()!.id, type: 'card', card: CARD });
    await expect(result).resolves.toEqual({ ok: true, card: CARD });
    expect(s.cards.set).toHaveBeenCalledWith(CARD, 120);
    expect(s.state.snapshot()).toMatchObject({ phase: 'card', host: { state: 'ready' } });
  });

  it('the host drops in the middle of a read: the read resolves with a typed error (no hang), the state says so', async () => {
    const result = s.reads.readCard();
    await until(() => !!s.sentRead());
    s.ports[0]!.drop();
    await expect(result).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL', retriable: false } });
    expect(s.state.snapshot()).toMatchObject({ phase: 'error', error: { code: 'INTERNAL' }, readingSince: null });
    expect(s.reads.busy).toBe(false);
  });

  it('an error reply becomes the result and the state (NO_CARD)', async () => {
    const result = s.reads.readCard();
    await until(() => !!s.sentRead());
    s.ports[0]!.say({ id: s.sentRead()!.id, type: 'error', error: { code: 'NO_CARD', message: 'Place the card', retriable: true } });
    await expect(result).resolves.toMatchObject({ ok: false, error: { code: 'NO_CARD' } });
    expect(s.state.snapshot().error?.code).toBe('NO_CARD');
  });

  it('Cancel sends the host the cancel request naming the read id; the popup goes back to idle, not to an error', async () => {
    const result = s.reads.readCard();
    await until(() => !!s.sentRead());
    const readId = s.sentRead()!.id;
    expect(s.reads.cancelRead()).toEqual({ ok: true, cancelled: true });
    const cancel = s.ports[0]!.sent.find((m) => m['type'] === 'cancel');
    expect(cancel).toMatchObject({ type: 'cancel', target: readId });
    expect(cancel!['id']).not.toBe(readId);
    s.ports[0]!.say({ id: readId, type: 'error', error: { code: 'READ_FAILED', message: 'The read was cancelled', retriable: true } });
    await expect(result).resolves.toMatchObject({ ok: false });
    expect(s.state.snapshot()).toMatchObject({ phase: 'idle', error: null });
  });

  it('Cancel before the read is on the wire cancels it as soon as it is sent', async () => {
    const result = s.reads.readCard();
    s.reads.cancelRead();
    await until(() => !!s.ports[0]?.sent.find((m) => m['type'] === 'cancel'));
    const readId = s.sentRead()!.id;
    expect(s.ports[0]!.sent.find((m) => m['type'] === 'cancel')).toMatchObject({ target: readId });
    s.ports[0]!.say({ id: readId, type: 'card', card: CARD }); // finished anyway: still dropped
    await expect(result).resolves.toMatchObject({ ok: false });
    expect(s.cards.set).not.toHaveBeenCalled();
  });

  it('Cancel with no read running is a no-op answer', () => {
    expect(s.reads.cancelRead()).toEqual({ ok: true, cancelled: false });
  });

  it('clearCard forgets the plans and the card and answers ok', async () => {
    s.cards.card = CARD;
    await expect(s.reads.clearCard()).resolves.toEqual({ ok: true });
    expect(s.forgetPlans).toHaveBeenCalled();
    expect(s.cards.card).toBeNull();
    expect(s.state.snapshot().phase).toBe('idle');
  });

  it('a host that is too old: the state is "mismatch" with the host to update', async () => {
    const ports: FakePort[] = [];
    const host = new NativeHostPort({
      connectNative: () => {
        const p = new FakePort();
        ports.push(p);
        p.say = p.say.bind(p);
        return p;
      },
    });
    const state = new BackgroundState({ card: null, expiresAt: null });
    const link = new HostLink({ host, state, readerKey: async () => ({}) });
    const connected = link.connect();
    // Replace the greeting with an older protocol's.
    ports[0]!.say({ type: 'hello', protocol: 0, version: '0.0.1', readers: [] });
    await expect(connected).rejects.toMatchObject({ code: 'VERSION_MISMATCH' });
    expect(state.snapshot().host).toMatchObject({ state: 'mismatch', update: 'host' });
  });
});

describe('handlers', () => {
  const own = { id: 'abc', url: 'chrome-extension://abc/extension/popup.html' };
  const isOwn = (s: { id?: string; url?: string; tab?: { url?: string } }) => fromExtensionPage(s, 'abc', 'chrome-extension://abc/');
  const base = {
    getState: () => ({ ok: true as const, state: {} as never }),
    readCard: async () => {
      throw new Error('boom with a secret 110101199003074710');
    },
    cancelRead: () => ({ ok: true as const, cancelled: false }),
    clearCard: async () => ({ ok: true as const }),
    planFill: async () => {
      throw Object.assign(new Error('x'), { code: 'NOT_ALLOWED' });
    },
    fill: async () => ({ ok: true as const, report: { filled: [], skipped: [], reverted: [] } }),
    allowSite: async () => ({ ok: true as const, entry: 'x' }),
    hostDoctor: async () => ({ ok: true as const, report: {} as never }),
  };
  const guarded = guardHandlers(base as never, isOwn);

  it('a handler that throws answers INTERNAL as a value, without the thrown text', async () => {
    const r = await guarded.readCard({ data: undefined, sender: own });
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Internal error in CardFill', retriable: false } });
    expect(JSON.stringify(r)).not.toContain('110101');
    await expect(guarded.planFill({ data: undefined as never, sender: own })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('getState answers a result, and NOT_ALLOWED to a content script or a web page (no bare Error)', async () => {
    await expect(guarded.getState({ data: undefined, sender: own })).resolves.toMatchObject({ ok: true });
    for (const sender of [
      { id: 'abc', url: 'https://evil.example/', tab: { url: 'https://evil.example/' } },
      { id: 'other', url: own.url },
      {},
    ]) {
      await expect(guarded.getState({ data: undefined, sender })).resolves.toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } });
    }
  });
});

describe('state, badge, staff wiring', () => {
  it('the badge follows the phase: reading, card, error, watching', () => {
    const s = new BackgroundState({ card: null, expiresAt: null });
    expect(badgeFor(s.snapshot()).text).toBe('');
    s.update({ phase: 'reading' });
    expect(badgeFor(s.snapshot()).text).toBe('…');
    s.update({ phase: 'error', error: { code: 'NO_CARD', message: '', retriable: true } });
    expect(badgeFor(s.snapshot()).text).toBe('!');
    const withCard = new BackgroundState({ card: CARD, expiresAt: 5 });
    expect(withCard.snapshot().phase).toBe('card');
    expect(badgeFor(withCard.snapshot()).text).toBe('ID');
  });

  it('every update reaches each listener; a failing listener does not stop the others', () => {
    const s = new BackgroundState({ card: null, expiresAt: null });
    const seen: string[] = [];
    s.subscribe(() => {
      throw new Error('closed port');
    });
    s.subscribe((snap) => seen.push(snap.phase));
    s.update({ phase: 'reading' });
    expect(seen).toEqual(['reading']);
  });

  it('card-present reads and opens the review when none is open; card-removed clears; reader-gone/back toggles NO_READER', async () => {
    const state = new BackgroundState({ card: null, expiresAt: null });
    const reads = {
      readCard: vi.fn(async () => ({ ok: true as const, card: CARD })),
      clearCard: vi.fn(async () => ({ ok: true as const })),
    };
    const showReview = vi.fn(async () => undefined);
    const on = readerEventHandler({ reads, state, hasCard: () => false, reviewOpen: () => false, showReview });
    await on('card-present');
    expect(reads.readCard).toHaveBeenCalled();
    expect(showReview).toHaveBeenCalled();
    await on('card-removed');
    expect(reads.clearCard).toHaveBeenCalled();
    await on('reader-gone');
    expect(state.snapshot().error?.code).toBe('NO_READER');
    await on('reader-back');
    expect(state.snapshot()).toMatchObject({ phase: 'idle', error: null });
  });
});

describe('host link: host and extension versions', () => {
  const connect = (extensionVersion: string) => {
    const host = new NativeHostPort({ connectNative: () => new FakePort() });
    const cards = { card: null as CardRecord | null, expiresAt: null as number | null, set: vi.fn(), clear: vi.fn() };
    const state = new BackgroundState(cards);
    const link = new HostLink({ host, state, readerKey: async () => ({}), extensionVersion });
    return { state, connected: link.connect() };
  };

  it('the same release: no note', async () => {
    const { state, connected } = connect('0.1.0');
    await connected;
    expect(state.snapshot().host).toMatchObject({ state: 'ready', version: '0.1.0', versionNote: null });
  });

  it('an extension newer than the host (0.1.0): the note says to update the host, in both languages', async () => {
    const { state, connected } = connect('0.3.0');
    await connected;
    const note = state.snapshot().host.versionNote;
    expect(note?.en).toContain('0.1.0');
    expect(note?.en).toContain('older than the extension');
    expect(note?.zh).toContain('旧');
    expect(note?.remedyEn.length).toBeGreaterThan(0);
  });

  it('a host newer than the extension: the note names the extension as the older one', async () => {
    const { state, connected } = connect('0.0.9');
    await connected;
    expect(state.snapshot().host.versionNote?.en).toMatch(/extension/i);
    expect(state.snapshot().host.versionNote?.en).not.toContain('older than the extension');
  });
});
