/**
 * The background's state for the popup: host, phase, error, staff mode, fills today, plus the card
 * and its expiry from the card store. Modules change it with `update`, which pushes a snapshot to
 * every listener (the popup's state ports, the badge). It holds no card data of its own.
 */
import type { ErrorInfo } from '../../src/errors';
import type { PublicState } from '../shared/messages';
import type { CardRecord } from '../../src/card/record';

export type StateFields = Omit<PublicState, 'card' | 'expiresAt'>;

/** What the state needs from the card store. */
export interface CardSource {
  readonly card: CardRecord | null;
  readonly expiresAt: number | null;
}

export const INITIAL_STATE: StateFields = {
  host: { state: 'unknown', version: null, reader: null, error: null, update: null },
  phase: 'idle',
  error: null,
  readingSince: null,
  staffMode: false,
  watching: false,
  fillsToday: 0,
};

export class BackgroundState {
  private fields: StateFields = { ...INITIAL_STATE };
  private readonly listeners = new Set<(s: PublicState) => void>();

  constructor(private readonly cards: CardSource) {}

  get current(): Readonly<StateFields> {
    return this.fields;
  }

  /** The popup's view: a held card shows as 'card' unless a new read is running. */
  snapshot(): PublicState {
    const s = this.fields;
    const card = this.cards.card;
    const phase = card && s.phase !== 'reading' ? 'card' : s.phase === 'card' ? 'idle' : s.phase;
    return { ...s, phase, card, expiresAt: this.cards.expiresAt };
  }

  /** Change some fields and tell every listener (pass nothing to re-send after the card store changed). */
  update(patch: Partial<StateFields> = {}): void {
    this.fields = { ...this.fields, ...patch };
    const snapshot = this.snapshot();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch {
        // One broken listener (a closed port) must not stop the others.
      }
    }
  }

  /** Set an error phase with a typed error. */
  fail(error: ErrorInfo): void {
    this.update({ phase: 'error', error });
  }

  subscribe(listener: (s: PublicState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
