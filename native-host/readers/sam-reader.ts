/**
 * A CardReader that speaks the SAM frame protocol (docs/card-format.md §1) over any byte
 * link: a serial port (./serial.ts) or the in-process simulator (./sim.ts). The link moves bytes;
 * this class owns framing, per-step timeouts, status words and the one-command-at-a-time rule.
 */
import { WLT_MIME } from '../../src/card/decode';
import { CardFillError } from '../../src/errors';
import {
  COMMANDS,
  DEFAULT_BAUD,
  encodeRequest,
  FrameDecoder,
  parseReadBaseData,
  parseResponseBody,
  parseSamIdData,
  statusError,
  SW_FIND_OK,
  SW_NO_CARD,
  SW_NO_CONTENT,
  SW_OK,
  REPLY_BYTES,
  wireTimeMs,
  type SamCommand,
  type SamResponse,
} from '../../src/sam/frame';
import { readTimeoutMs, STEP_TIMEOUTS } from './session';
import { traceSamExchange } from './trace';
import { ReadCancelledError, throwIfCancelled, type CardReader, type RawCardData, type ReaderInfo, type StepOptions } from './types';
import { parseAppendAddressData } from '../../src/card/append-address';

/** What a transport offers: bytes out, bytes in, and word when it goes away. */
export interface ByteLink {
  /** Current line speed (for wire-time budgets). */
  readonly baud: number;
  open(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  /** One listener; replaced by a later call. */
  onData(listener: (chunk: Uint8Array) => void): void;
  /** Called when the link closes or fails on its own (unplugged). */
  onClose(listener: (error: Error | null) => void): void;
  close(): Promise<void>;
  /** Stop at once for a cancel: drop what is buffered and close (default: close). */
  abort?(): Promise<void>;
  readonly isOpen: boolean;
}

/** Turns raw WLT into an image where a vendor decoder is configured (--wlt-decoder). */
export type PhotoDecoder = (wlt: Uint8Array) => Promise<{ mime: string; bytes: Uint8Array } | null>;

/** The photo a backend hands on: decoded where a decoder is set and succeeds, else raw WLT. */
export async function photoFrom(bytes: Uint8Array, decoder: PhotoDecoder | null): Promise<RawCardData['photo']> {
  if (bytes.length === 0) return null;
  return (decoder ? await decoder(bytes) : null) ?? { mime: WLT_MIME, bytes };
}

interface Pending {
  fits: (r: SamResponse) => boolean;
  resolve: (r: SamResponse) => void;
  reject: (e: CardFillError) => void;
}

/**
 * What a successful reply to each command looks like (§1.5): its SW3 and data length. A frame
 * that fits neither that nor a status-only error reply is a late answer to an earlier command
 * (after a timeout) and is skipped instead of being taken for this command's answer.
 */
const REPLY_SHAPES: ReadonlyMap<SamCommand, { success: number; dataLength: (n: number) => boolean }> = new Map([
  [COMMANDS.FIND_CARD, { success: SW_FIND_OK, dataLength: (n: number) => n === 4 }],
  [COMMANDS.SELECT_CARD, { success: SW_OK, dataLength: (n: number) => n === 8 }],
  [COMMANDS.READ_BASE, { success: SW_OK, dataLength: (n: number) => n >= 4 }],
  [COMMANDS.READ_APPEND, { success: SW_OK, dataLength: () => true }],
  [COMMANDS.SAM_STATUS, { success: SW_OK, dataLength: (n: number) => n === 0 }],
  [COMMANDS.SAM_ID, { success: SW_OK, dataLength: (n: number) => n === 16 }],
]);

function replyFits(command: SamCommand, r: SamResponse): boolean {
  const shape = REPLY_SHAPES.get(command);
  if (!shape) return true;
  if (r.sw3 === shape.success) return shape.dataLength(r.data.length);
  return r.data.length === 0;
}

export class SamFrameReader implements CardReader {
  private decoder = new FrameDecoder();
  private pending: Pending | null = null;
  private wire: Promise<void> = Promise.resolve();
  private opening: Promise<void> | null = null;

  constructor(
    readonly info: ReaderInfo,
    protected readonly link: ByteLink,
    private readonly photoDecoder: PhotoDecoder | null = null,
  ) {
    link.onData((chunk) => this.onData(chunk));
    link.onClose(() => {
      this.opening = null;
      this.pending?.reject(new CardFillError('NO_READER', `The reader (${this.info.spec}) went away: it was unplugged or its port closed`));
      this.pending = null;
    });
  }

  get baud(): number {
    return this.link.baud || DEFAULT_BAUD;
  }

  /** Hook run before every operation (the simulator re-reads its control file here). */
  protected async beforeOperation(): Promise<void> {}

  /** Fail the command waiting for its reply (a link that saw its reply fail on the wire). */
  protected failPending(error: CardFillError): void {
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }

  /** Stop the transport for a cancel: pending reads end, buffered bytes are dropped, the port closes. */
  protected async stopTransport(): Promise<void> {
    this.opening = null;
    this.decoder.reset();
    await (this.link.abort ? this.link.abort() : this.link.close()).catch(() => undefined);
  }

  async open(options: StepOptions = {}): Promise<void> {
    const { signal } = options;
    throwIfCancelled(signal);
    await this.beforeOperation();
    if (!signal) return this.ensureOpen();
    // Opening may take a while (USB framing probe): a cancel closes the link, which ends it.
    const onAbort = () => void this.stopTransport();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.ensureOpen();
    } catch (e) {
      if (signal.aborted) throw new ReadCancelledError();
      throw e;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (signal.aborted) {
      await this.stopTransport();
      throw new ReadCancelledError();
    }
  }

  private async ensureOpen(): Promise<void> {
    if (this.link.isOpen) return;
    this.opening ??= this.link.open().catch((e: unknown) => {
      this.opening = null;
      if (e instanceof CardFillError) throw e;
      throw new CardFillError(
        'NO_READER',
        `The reader at ${this.info.spec} could not be opened: ${(e as Error)?.message ?? 'unknown error'}`,
      );
    });
    await this.opening;
  }

  private onData(chunk: Uint8Array): void {
    for (const event of this.decoder.push(chunk)) {
      const pending = this.pending;
      if (!pending) continue; // a late reply to a command that already timed out
      this.pending = null;
      if (event.kind === 'error') {
        pending.reject(new CardFillError('READ_FAILED', `The reader's reply was damaged: ${event.error.message}`));
        continue;
      }
      try {
        const response = parseResponseBody(event.body);
        if (!pending.fits(response)) {
          this.pending = pending; // a stale reply: keep waiting for this command's own
          continue;
        }
        pending.resolve(response);
      } catch (e) {
        pending.reject(new CardFillError('READ_FAILED', `The reader's reply was damaged: ${(e as Error).message}`));
      }
    }
  }

  /**
   * Send one command and wait for its reply. Commands queue on the wire: two never interleave,
   * whoever calls (a read, a status probe, a watch tick).
   */
  protected transact(command: SamCommand, budgetMs: number, data?: Uint8Array, signal?: AbortSignal): Promise<SamResponse> {
    const run = async (): Promise<SamResponse> => {
      throwIfCancelled(signal);
      await this.ensureOpen();
      if (!this.link.isOpen) throw new CardFillError('NO_READER', `The reader (${this.info.spec}) is not connected`);
      this.decoder.reset();
      const request = encodeRequest(command, data);
      const timeoutMs = Math.ceil(budgetMs + wireTimeMs(request.length, this.baud));
      let timer: ReturnType<typeof setTimeout> | undefined;
      let onAbort: (() => void) | undefined;
      const reply = new Promise<SamResponse>((resolve, reject) => {
        const pending: Pending = { fits: (r) => replyFits(command, r), resolve, reject };
        this.pending = pending;
        timer = setTimeout(() => {
          if (this.pending === pending) this.pending = null;
          reject(this.silenceError(command, timeoutMs));
        }, timeoutMs);
        // A cancel stops the transport first and only then ends the command: when the read
        // answers "cancelled", nothing is still moving on the wire.
        onAbort = () => {
          if (this.pending === pending) this.pending = null;
          clearTimeout(timer);
          void this.stopTransport().then(() => reject(new ReadCancelledError()));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        if (signal?.aborted) onAbort();
      });
      const started = Date.now();
      reply.catch(() => undefined);
      try {
        await this.link.write(request);
        const response = await reply;
        traceSamExchange(command, request.length, started, response);
        return response;
      } catch (e) {
        traceSamExchange(command, request.length, started, e);
        this.pending = null;
        if (signal?.aborted) {
          await reply.catch(() => undefined); // wait for the transport to stop
          throw new ReadCancelledError();
        }
        if (e instanceof CardFillError) throw e;
        throw new CardFillError(
          'NO_READER',
          `Writing to the reader (${this.info.spec}) failed: ${(e as Error)?.message ?? 'unknown error'}`,
        );
      } finally {
        clearTimeout(timer);
        if (onAbort) signal?.removeEventListener('abort', onAbort);
      }
    };
    const result = this.wire.then(run, run);
    this.wire = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** What a timeout means depends on what did arrive: nothing, half a frame, or noise. */
  private silenceError(command: SamCommand, timeoutMs: number): CardFillError {
    const expected = this.decoder.expectedBytes;
    if (this.decoder.inFrame) {
      return new CardFillError(
        'READ_FAILED',
        `The reader's reply to "${command.name}" stopped short` +
          (expected !== null ? ` (${this.decoder.pending} of ${expected} bytes)` : '') +
          `; keep the card still and try again (a reader slower than ${this.baud} baud needs its rate in the SPEC, e.g. serial:PATH@9600)`,
      );
    }
    if (this.decoder.discarded > 0 || this.decoder.pending > 0) {
      return new CardFillError(
        'READ_FAILED',
        `The reader sent ${this.decoder.discarded + this.decoder.pending} bytes that are not SAM frames in reply to "${command.name}"; ` +
          `check the baud rate (now ${this.baud}) and the cable`,
      );
    }
    return new CardFillError(
      'TIMEOUT',
      `The reader did not answer "${command.name}" within ${timeoutMs} ms; check that it is connected and powered`,
    );
  }

  async find(options: StepOptions = {}): Promise<boolean> {
    await this.beforeOperation();
    const r = await this.transact(
      COMMANDS.FIND_CARD,
      STEP_TIMEOUTS.find + wireTimeMs(REPLY_BYTES.find, this.baud),
      undefined,
      options.signal,
    );
    if (r.sw3 === SW_FIND_OK) return true;
    if (r.sw3 === SW_NO_CARD) return false;
    throw statusError(r.sw3);
  }

  async select(options: StepOptions = {}): Promise<void> {
    await this.beforeOperation();
    const r = await this.transact(
      COMMANDS.SELECT_CARD,
      STEP_TIMEOUTS.select + wireTimeMs(REPLY_BYTES.select, this.baud),
      undefined,
      options.signal,
    );
    if (r.sw3 !== SW_OK) throw statusError(r.sw3);
  }

  async readBase(options: StepOptions = {}): Promise<RawCardData> {
    await this.beforeOperation();
    const r = await this.transact(COMMANDS.READ_BASE, readTimeoutMs(this.baud), undefined, options.signal);
    if (r.sw3 !== SW_OK) throw statusError(r.sw3);
    let message;
    try {
      message = parseReadBaseData(r.data);
    } catch (e) {
      throw new CardFillError('READ_FAILED', `The reader's read reply was malformed: ${(e as Error).message}`);
    }
    const appendAddress = await this.readAppendAddress(options.signal);
    return { text: message.text, photo: await photoFrom(message.photo, this.photoDecoder), appendAddress };
  }

  /**
   * 30 03 (§2.7): 0x90 with data when the card holds a newer address, 0x91 when none. The base
   * read already succeeded, so any failure here means "no newer address", not a failed read.
   */
  private async readAppendAddress(signal?: AbortSignal): Promise<string | null> {
    try {
      const r = await this.transact(
        COMMANDS.READ_APPEND,
        STEP_TIMEOUTS.append + wireTimeMs(REPLY_BYTES.appendAddress, this.baud),
        undefined,
        signal,
      );
      if (r.sw3 === SW_OK) return parseAppendAddressData(r.data);
      if (r.sw3 !== SW_NO_CONTENT) return null;
    } catch (e) {
      if (e instanceof ReadCancelledError) throw e;
      return null;
    }
    return null;
  }

  async samStatus(options: StepOptions = {}): Promise<void> {
    await this.beforeOperation();
    const r = await this.transact(
      COMMANDS.SAM_STATUS,
      STEP_TIMEOUTS.samStatus + wireTimeMs(REPLY_BYTES.statusOnly, this.baud),
      undefined,
      options.signal,
    );
    if (r.sw3 !== SW_OK) throw statusError(r.sw3);
  }

  /** 12 FF, for `doctor`. */
  async samId(): Promise<string> {
    const r = await this.transact(COMMANDS.SAM_ID, STEP_TIMEOUTS.samStatus + wireTimeMs(REPLY_BYTES.samId, this.baud));
    if (r.sw3 !== SW_OK) throw statusError(r.sw3);
    try {
      return parseSamIdData(r.data);
    } catch (e) {
      throw new CardFillError('READ_FAILED', (e as Error).message);
    }
  }

  async close(): Promise<void> {
    this.opening = null;
    if (this.link.isOpen) await this.link.close();
  }
}
