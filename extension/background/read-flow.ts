/**
 * Reading a card, cancelling a read, and clearing the card — the one path every "forget the card"
 * goes through (Clear, lock, staff mode's card-removed, a fill when so set, a new read).
 * Every method answers with a result value; nothing here throws to its caller.
 */
import type { CardRecord } from '../../src/card/record';
import { CardFillError, toErrorInfo } from '../../src/errors';
import type { Result } from '../shared/messages';
import type { HostLink } from './host-link';
import type { NativeHostPort } from './native-port';
import type { BackgroundState } from './state';

/** What the read flow needs from the card store. */
export interface CardHolder {
  readonly card: CardRecord | null;
  set(card: CardRecord, ttlSeconds: number): Promise<void>;
  clear(): Promise<void>;
}

export interface ReadFlowDeps {
  host: NativeHostPort;
  link: Pick<HostLink, 'connect'>;
  state: BackgroundState;
  cards: CardHolder;
  /** Settings the read needs: the reader key and the card's lifetime. */
  readSettings: () => Promise<{ reader?: string; clearAfterSeconds: number }>;
  /** Everything else that holds card-derived data (plans in the background and in pages) forgets it. */
  forgetPlans: () => void | Promise<void>;
}

/** A read can take long on a slow reader; the host bounds it itself (its own TIMEOUT), this is the backstop. */
const READ_TIMEOUT_MS = 90_000;

export class ReadFlow {
  private reading: Promise<Result<{ card: CardRecord }>> | null = null;
  /** Id of the `read` request on the wire, while one is. */
  private readId: number | null = null;
  private cancelled = false;

  constructor(private readonly deps: ReadFlowDeps) {}

  get busy(): boolean {
    return this.reading !== null;
  }

  /** One read at a time: a second Read while one runs waits for the same result. */
  readCard(): Promise<Result<{ card: CardRecord }>> {
    this.reading ??= this.doRead().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  /**
   * Ask the host to stop the pending read (its `cancel` request names the read's id). The read
   * itself then answers with the host's error (the read was cancelled); the popup goes back to
   * "place the card", not to an error.
   */
  cancelRead(): Result<{ cancelled: boolean }> {
    if (!this.reading) return { ok: true, cancelled: false };
    this.cancelled = true;
    if (this.readId === null) return { ok: true, cancelled: true }; // not on the wire yet: dropped when it gets there
    const sent = this.deps.host.post({ type: 'cancel', target: this.readId });
    return { ok: true, cancelled: sent !== null };
  }

  /** Forget the card and every plan made from it. */
  async clearCard(): Promise<Result<object>> {
    try {
      await this.deps.forgetPlans();
    } catch {
      // Forgetting plans is best effort per page (a closed tab has nothing left to forget).
    }
    try {
      await this.deps.cards.clear();
    } catch (e) {
      return { ok: false, error: toErrorInfo(e) };
    }
    this.deps.state.update({ phase: 'idle', error: null });
    return { ok: true };
  }

  private async doRead(): Promise<Result<{ card: CardRecord }>> {
    const { host, link, state, cards } = this.deps;
    this.cancelled = false;
    // A new read replaces the card shown: forget it first, so a failed read shows its error
    // (not the previous person's data) and nothing older than the last read stays in memory.
    await this.clearCard();
    state.update({ phase: 'reading', error: null, readingSince: Date.now() });
    try {
      await link.connect();
      const settings = await this.deps.readSettings();
      const body = { type: 'read' as const, photo: true, ...(settings.reader ? { reader: settings.reader } : {}) };
      const reply = await host.request(body, READ_TIMEOUT_MS, (id) => {
        this.readId = id;
        if (this.cancelled) host.post({ type: 'cancel', target: id });
      });
      if (reply.type === 'error') throw new CardFillError(reply.error.code, reply.error.message);
      if (reply.type !== 'card') throw new CardFillError('INTERNAL', 'The host answered a read with something else');
      if (this.cancelled) throw new CardFillError('READ_FAILED', 'The read was cancelled');
      await this.deps.forgetPlans();
      await cards.set(reply.card, settings.clearAfterSeconds);
      state.update({ phase: 'card', readingSince: null });
      return { ok: true, card: reply.card };
    } catch (e) {
      const error = toErrorInfo(e);
      if (this.cancelled) state.update({ phase: 'idle', error: null, readingSince: null });
      else state.update({ phase: 'error', error, readingSince: null });
      return { ok: false, error };
    } finally {
      this.readId = null;
      this.cancelled = false;
    }
  }
}
