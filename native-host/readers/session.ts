/**
 * One card read, the same for every backend (docs/architecture.md §5): find → select → read base → decode,
 * with per-step timeouts, the card-must-be-lifted rule of docs/card-format.md §1.6 and one
 * transaction at a time per reader (§1.6: the reader is single-session).
 */
import { decodeCardText } from '../../src/card/decode';
import type { CardRecord } from '../../src/card/record';
import { CardFillError } from '../../src/errors';
import { CARD_SIDE_READ_FAILURES, DEFAULT_BAUD, REPLY_BYTES, SamStatusError, wireTimeMs } from '../../src/sam/frame';
import { isCancelled, ReadCancelledError, throwIfCancelled, type CardReader } from './types';

/**
 * Per-step reply budgets in ms. [U] single source: an unattributed HxJ10AReaderID.java sample
 * (card-format.md §7: find 800 ms, select 300 ms, read with fingerprint 1100 ms). Wire time at
 * the link's baud rate is added on top, so a 9600-baud reader gets its 1.35 s for a base read.
 */
export const STEP_TIMEOUTS = {
  find: 800,
  select: 300,
  samStatus: 500,
  /** The card and SAM's own work during a base read, on top of the wire time. */
  readMargin: 1000,
  /** The append-address read (30 03) is short and optional. */
  append: 300,
} as const;

/** The read-base budget at a baud rate: wire time of 1295 bytes (8N1) plus the margin. */
export function readTimeoutMs(baud: number): number {
  return Math.ceil(wireTimeMs(REPLY_BYTES.readBase, baud)) + STEP_TIMEOUTS.readMargin;
}

/** Extra time the session gives a backend beyond its own step timeout before it calls TIMEOUT. */
const GUARD_SLACK_MS = 1500;
/** Default overall budget of one readCard when the caller gives none. */
export const DEFAULT_READ_TIMEOUT_MS = 15_000;

export interface ReadCardOptions {
  /** Include the photo (default true). */
  photo?: boolean;
  /** Overall budget, waiting for the reader included. */
  timeoutMs?: number;
  /** When another read holds the reader: wait for it (default) or fail with BUSY at once. */
  ifBusy?: 'wait' | 'fail';
  /**
   * Aborted by a `cancel` request: passed to every step, so the backend stops its transport; the
   * read then rejects with a ReadCancelledError (./types.ts) once the transport has really stopped.
   */
  signal?: AbortSignal;
}

/** Serialises transactions on one reader and remembers whether the last read succeeded. */
export class ReaderSession {
  private tail: Promise<void> = Promise.resolve();
  private held = false;
  /** True right after a successful read: a following "no card" means the card must be lifted. */
  lastReadSucceeded = false;

  get busy(): boolean {
    return this.held;
  }

  /**
   * Run `task` when every earlier task on this reader has finished. Waits at most `waitMs`
   * for its turn, then BUSY; with `ifBusy: 'fail'` it is BUSY at once when the reader is taken.
   */
  async exclusive<T>(task: () => Promise<T>, options: { waitMs: number; ifBusy?: 'wait' | 'fail' }): Promise<T> {
    if (this.held && options.ifBusy === 'fail') {
      throw new CardFillError('BUSY', 'The reader is busy with another read; try again in a moment');
    }
    const previous = this.tail;
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    this.tail = previous.then(() => mine);
    try {
      await withTimeout(previous, options.waitMs, 'BUSY');
    } catch {
      // Our slot still passes through the queue, released as soon as the earlier task ends.
      void previous.then(release);
      throw new CardFillError('BUSY', 'The reader stayed busy with another read; try again in a moment');
    }
    this.held = true;
    try {
      return await task();
    } finally {
      this.held = false;
      release();
    }
  }
}

const sessions = new WeakMap<CardReader, ReaderSession>();

/** The one session of a reader object (created on first use). */
export function sessionFor(reader: CardReader): ReaderSession {
  let session = sessions.get(reader);
  if (!session) {
    session = new ReaderSession();
    sessions.set(reader, session);
  }
  return session;
}

/** Reject with TIMEOUT when `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CardFillError('TIMEOUT', `The reader did not finish ${what} within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Anything a backend throws that is not typed becomes READ_FAILED (never a crash, never data). */
function typed(e: unknown): CardFillError {
  if (e instanceof CardFillError) {
    // Local codes do not cross to the browser (errors.ts LOCAL_CODES): a damaged frame or text
    // from a live reader is a failed read the person can retry.
    if (e.code === 'BAD_FRAME' || e.code === 'BAD_TEXT') return new CardFillError('READ_FAILED', e.message, { cause: e });
    return e;
  }
  return new CardFillError('READ_FAILED', 'The reader failed in an unexpected way; try again', { cause: e });
}

export async function readCard(reader: CardReader, opts: ReadCardOptions = {}): Promise<CardRecord> {
  const deadline = Date.now() + (opts.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS);
  const left = () => Math.max(1, deadline - Date.now());
  const session = sessionFor(reader);
  const baud = reader.baud ?? DEFAULT_BAUD;
  const { signal } = opts;
  const step = <T>(p: Promise<T>, ownMs: number, what: string) => {
    throwIfCancelled(signal);
    return withTimeout(p, Math.min(left(), ownMs + GUARD_SLACK_MS), what);
  };
  const steps = signal ? { signal } : {};

  return session.exclusive(
    async () => {
      try {
        throwIfCancelled(signal);
        await step(reader.open(steps), reader.stepBudgetMs?.open ?? 5000, 'opening the reader');
        const found = await step(
          reader.find(steps),
          reader.stepBudgetMs?.find ?? STEP_TIMEOUTS.find + wireTimeMs(30, baud),
          'finding the card',
        );
        if (!found) {
          // §1.6: right after a successful read the card is halted and answers "no card" while it
          // still lies on the reader; it has to be lifted and placed again.
          if (session.lastReadSucceeded) {
            throw new CardFillError(
              'CARD_NOT_REPRESENTED',
              'The card was just read. Lift it off the reader and place it again to read it once more',
            );
          }
          throw new CardFillError('NO_CARD', 'No card on the reader. Place the card flat on the reader and try again');
        }
        session.lastReadSucceeded = false;
        await step(reader.select(steps), STEP_TIMEOUTS.select + wireTimeMs(30, baud), 'selecting the card');
        let raw;
        try {
          raw = await step(reader.readBase(steps), readTimeoutMs(baud) + STEP_TIMEOUTS.append, 'reading the card');
        } catch (e) {
          // Cancelled while the base read ran: the SAM may have finished it and halted the card,
          // so the next read asks for the card to be lifted and placed again.
          if (isCancelled(e) || signal?.aborted) session.lastReadSucceeded = true;
          throw await explainFailedRead(reader, typed(e), baud);
        }
        // The card is halted from here on, whether or not its text decodes.
        session.lastReadSucceeded = true;
        throwIfCancelled(signal);
        return decodeCardText(raw.text, {
          photo: opts.photo === false ? null : raw.photo,
          appendAddress: raw.appendAddress,
        });
      } catch (e) {
        // A step that failed because of the cancel (its port closed under it) still says "cancelled".
        if (signal?.aborted && !isCancelled(e)) throw new ReadCancelledError();
        throw typed(e);
      } finally {
        // USB: the device is released before the read returns.
        if (reader.closeAfterEachRead) await reader.close().catch(() => undefined);
      }
    },
    { waitMs: left(), ifBusy: opts.ifBusy ?? 'wait' },
  );
}

/**
 * A card-side read failure (0x41 and kin) may mean the card left the field mid-read. Ask the
 * reader once: if no card answers, say CARD_REMOVED; otherwise keep the original error. A damaged
 * or cut-short reply is a line problem, not a removal, and is reported as it is.
 */
async function explainFailedRead(reader: CardReader, error: CardFillError, baud: number): Promise<CardFillError> {
  if (isCancelled(error) || !(error instanceof SamStatusError) || !CARD_SIDE_READ_FAILURES.includes(error.status)) return error;
  try {
    const present = await withTimeout(reader.find(), STEP_TIMEOUTS.find + wireTimeMs(30, baud) + GUARD_SLACK_MS, 'checking for the card');
    if (!present) {
      return new CardFillError(
        'CARD_REMOVED',
        'The card was taken off the reader during the read. Place it again and keep it still until the read finishes',
        { cause: error },
      );
    }
  } catch {
    // The probe failing tells nothing new; report the read failure itself.
  }
  return error;
}
