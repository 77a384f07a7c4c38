/**
 * One interface for every reader backend (docs/readers.md): the serial SAM frame protocol, the
 * SAM-USB bulk device, the vendor SDT_* library, the vendors' local services and the simulator.
 * The steps mirror the SAM sequence (docs/card-format.md: find → select → read) so that the
 * card-must-be-lifted rule and per-step timeouts live in one place (`readCard` in ./session.ts),
 * not in each backend.
 *
 * Every method either resolves or rejects with a CardFillError carrying a code of src/errors.ts.
 */
import { CardFillError } from '../../src/errors';

/** What a backend returns from one base-message read, before decoding. */
export interface RawCardData {
  /** The 256-byte UCS-2LE text block. */
  text: Uint8Array;
  /** The 1024-byte WLT photo, or an already decoded image when the backend offers one. */
  photo: { mime: string; bytes: Uint8Array } | null;
  /** The newest append (new-address) entry, already decoded and trimmed, or null. */
  appendAddress: string | null;
}

export interface ReaderInfo {
  /** The reader SPEC as given on the command line: `sim:resident`, `serial:/dev/ttyUSB0@115200`, … */
  spec: string;
  kind: 'sim' | 'serial' | 'sdtapi' | 'usb' | 'service';
  /** Words for people: "Simulated reader (Resident ID card)". */
  name: string;
}

/**
 * Options every step accepts. `signal` is aborted when the person cancels the read (the `cancel`
 * request) or the host shuts down. A backend that sees it aborted stops its transport at once —
 * closes the port or device, aborts its HTTP/WebSocket request, stops between library calls —
 * and rejects with a `ReadCancelledError` (see `throwIfCancelled`). A step must not resolve after
 * its signal was aborted, and it must not leave work running behind its rejection.
 */
export interface StepOptions {
  signal?: AbortSignal;
}

/**
 * The typed error of a cancelled read. It crosses to the browser as READ_FAILED (retriable: the
 * person may simply read again) with a message that says it was cancelled; inside the host it is
 * told apart with `instanceof` / `isCancelled`. The wire code stays within the closed set of
 * src/errors.ts on purpose, so older extensions and outside checks keep working.
 */
export class ReadCancelledError extends CardFillError {
  readonly cancelled = true;
  constructor(message = 'The read was cancelled') {
    super('READ_FAILED', message);
    this.name = 'ReadCancelledError';
  }
}

export function isCancelled(e: unknown): e is ReadCancelledError {
  return e instanceof ReadCancelledError;
}

/** Throw a ReadCancelledError when `signal` is aborted (call it between steps). */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ReadCancelledError();
}

export interface CardReader {
  readonly info: ReaderInfo;
  /**
   * The line speed when the backend talks SAM frames over a UART (serial, sim), so that step
   * timeouts can include wire time (docs/card-format.md §7). Absent for library backends.
   */
  readonly baud?: number;
  /**
   * Step budgets (ms) for a backend whose steps are not single SAM frames: a vendor service finds,
   * selects and reads in one call (./service/). The session uses these in place of its SAM budgets.
   */
  readonly stepBudgetMs?: { open?: number; find?: number };
  /**
   * True when the device must be released after every read (USB: a claimed interface blocks every
   * other program), so `readCard` closes it before the read returns.
   */
  readonly closeAfterEachRead?: boolean;
  /** Open the port/library. NO_READER when it is not there. Idempotent. */
  open(options?: StepOptions): Promise<void>;
  /** Find card: true = a card answered (0x9F); false = no card in the field (0x80). */
  find(options?: StepOptions): Promise<boolean>;
  /** Select the card found (0x90). */
  select(options?: StepOptions): Promise<void>;
  /** Read the base message (0x30 0x01) and, where the card has one, the append address (0x30 0x03). */
  readBase(options?: StepOptions): Promise<RawCardData>;
  /** SAM self-test (0x11 0xFF); resolves when the SAM answers 0x90. */
  samStatus(options?: StepOptions): Promise<void>;
  /** Release the port/device/library. Never rejects; safe to call at any time, also mid-step. */
  close(): Promise<void>;
}
