/**
 * A vendor's local reader service as a CardReader (docs/readers.md, "Vendor services").
 *
 * A service does find, select and read in one call, so `find()` runs the vendor's whole
 * transaction — open its device, read, close its device — and keeps the raw result for the
 * `readBase()` that follows; `select()` has nothing to do. The transaction has one deadline and
 * its clean-up (德卡 dc_exit, 华视 /CloseDevice) has a budget of its own, so a read ends within
 * SERVICE_BUDGETS.whole ms even when the service never answers. The session (../session.ts)
 * decodes the raw text as for every other backend.
 */
import { CardFillError } from '../../../src/errors';
import type { PhotoDecoder } from '../sam-reader';
import { throwIfCancelled, type CardReader, type RawCardData, type ReaderInfo, type StepOptions } from '../types';
import { serviceAnswers } from './transport';

/**
 * Time budgets, ms. Vendor services are not documented on timing; these give a desk reader's
 * own 0.5–1.5 s read (docs/readers.md) room for photo decoding inside the service, and keep the
 * whole read with its clean-up under 10 s.
 */
export const SERVICE_BUDGETS = {
  /** Opening a WebSocket / a vendor "open device" call. */
  connect: 2000,
  /** One call that is not the read itself (dc_init, /OpenDevice). */
  call: 2000,
  /** The read call. */
  read: 5000,
  /** Everything before clean-up. */
  transaction: 7000,
  /** Clean-up after the transaction (dc_exit, /CloseDevice), whatever happened before. */
  cleanup: 1500,
  /** "Does anything answer there?" for status, doctor and `auto`. */
  ping: 800,
} as const;

/** What one vendor transaction may use: its URL, a signal, and budgets bounded by its deadline. */
export interface ServiceContext {
  url: URL;
  signal: AbortSignal;
  /** `ms`, or what is left of the transaction when less. */
  budget(ms: number): number;
  photoDecoder: PhotoDecoder | null;
}

export interface ServiceAdapter {
  /** Words for people, also in error messages: "德卡 (DeCard)". */
  readonly label: string;
  /** The whole transaction: the card's raw data, or null when no card lies on the reader. */
  read(ctx: ServiceContext): Promise<RawCardData | null>;
}

/** A read's result is kept this long for the readBase that follows its find, then forgotten. */
const HELD_RESULT_MS = 5000;

export class ServiceReader implements CardReader {
  readonly stepBudgetMs = { open: SERVICE_BUDGETS.ping, find: SERVICE_BUDGETS.transaction + SERVICE_BUDGETS.cleanup };
  private held: RawCardData | null = null;
  private heldTimer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<unknown> | null = null;
  private controller: AbortController | null = null;

  constructor(
    readonly info: ReaderInfo,
    private readonly url: URL,
    private readonly adapter: ServiceAdapter,
    private readonly photoDecoder: PhotoDecoder | null,
  ) {}

  /** Nothing to open: each read opens and closes the vendor's device itself. */
  async open(): Promise<void> {}

  async find(options?: StepOptions): Promise<boolean> {
    this.forget();
    throwIfCancelled(options?.signal);
    const controller = new AbortController();
    this.controller = controller;
    const onCancel = () => controller.abort();
    options?.signal?.addEventListener('abort', onCancel, { once: true });
    const deadline = Date.now() + SERVICE_BUDGETS.transaction;
    const ctx: ServiceContext = {
      url: this.url,
      signal: controller.signal,
      budget: (ms) => Math.max(1, Math.min(ms, deadline - Date.now())),
      photoDecoder: this.photoDecoder,
    };
    const run = this.adapter.read(ctx);
    this.running = run.catch(() => undefined);
    try {
      const raw = await run;
      if (raw === null) return false;
      this.hold(raw);
      return true;
    } finally {
      options?.signal?.removeEventListener('abort', onCancel);
      if (this.controller === controller) this.controller = null;
    }
  }

  async select(): Promise<void> {}

  async readBase(options?: StepOptions): Promise<RawCardData> {
    throwIfCancelled(options?.signal);
    const raw = this.held;
    this.held = null; // handed on to the decoder, not wiped
    clearTimeout(this.heldTimer);
    if (!raw)
      throw new CardFillError(
        'READ_FAILED',
        `The ${this.adapter.label} reader service gave no card to read; place the card again and retry`,
      );
    return raw;
  }

  /** The service answers at its URL (the vendor's device itself is only opened by a read). */
  async samStatus(): Promise<void> {
    if (!(await serviceAnswers(this.url, SERVICE_BUDGETS.ping))) {
      throw new CardFillError(
        'NO_READER',
        `The ${this.adapter.label} reader service is not running at ${this.url.origin}. Start the vendor's service (or reinstall its driver package), then try again`,
      );
    }
  }

  /** Stop a read in flight; its clean-up still runs, bounded by SERVICE_BUDGETS.cleanup. */
  async close(): Promise<void> {
    this.forget();
    this.controller?.abort();
    const running = this.running;
    this.running = null;
    if (running) await running;
  }

  private hold(raw: RawCardData): void {
    this.held = raw;
    this.heldTimer = setTimeout(() => this.forget(), HELD_RESULT_MS);
    this.heldTimer.unref?.();
  }

  private forget(): void {
    clearTimeout(this.heldTimer);
    if (this.held) {
      this.held.text.fill(0);
      this.held = null;
    }
  }
}
