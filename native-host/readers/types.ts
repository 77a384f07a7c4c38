/**
 * One interface for every reader backend (DESIGN.md §5): the serial SAM frame protocol, the
 * vendor SDT_* library and the simulator. The steps mirror the SAM sequence of
 * reference/card-format.md §1.3 (find → select → read) so that the card-must-be-lifted rule
 * and per-step timeouts live in one place (`readCard` in ./session.ts), not in each backend.
 *
 * Every method either resolves or rejects with a CardFillError carrying a DESIGN §3 code.
 */

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
  kind: 'sim' | 'serial' | 'sdtapi' | 'service';
  /** Words for people: "Simulated reader (Resident ID card)". */
  name: string;
}

export interface CardReader {
  readonly info: ReaderInfo;
  /**
   * The line speed when the backend talks SAM frames over a UART (serial, sim), so that step
   * timeouts can include wire time (reference/card-format.md §7). Absent for library backends.
   */
  readonly baud?: number;
  /**
   * Step budgets (ms) for a backend whose steps are not single SAM frames: a vendor service finds,
   * selects and reads in one call (./service/). The session uses these in place of its SAM budgets.
   */
  readonly stepBudgetMs?: { open?: number; find?: number };
  /** Open the port/library. NO_READER when it is not there. Idempotent. */
  open(): Promise<void>;
  /** Find card: true = a card answered (0x9F); false = no card in the field (0x80). */
  find(): Promise<boolean>;
  /** Select the card found (0x90). */
  select(): Promise<void>;
  /** Read the base message (0x30 0x01) and, where the card has one, the append address (0x30 0x03). */
  readBase(): Promise<RawCardData>;
  /** SAM self-test (0x11 0xFF); resolves when the SAM answers 0x90. */
  samStatus(): Promise<void>;
  close(): Promise<void>;
}
