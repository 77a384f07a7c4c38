/**
 * A simulated SAM reader: request frames in, response frames out, byte for byte as a reader
 * following docs/card-format.md §1 answers. Pure (no I/O, no timers): the in-process
 * backend (./sim.ts) and the pseudo-terminal simulator (../commands/simulate.ts) move the bytes
 * and pace them at `paceBaud`.
 *
 * Card state follows §1.6: after a successful base read the card is halted, and find answers
 * 0x80 until the card is lifted and placed again (`place()`).
 */
import { encodeAppendAddress } from '../../src/card/encode';
import { SYNTHETIC_CARDS, isSyntheticCardName, type SyntheticCard, type SyntheticCardName } from '../../src/card/synthetic';
import { CardFillError } from '../../src/errors';
import {
  BAUD_PARAM,
  COMMANDS,
  DEFAULT_BAUD,
  encodeReadBaseData,
  encodeReadBaseFpData,
  encodeResponse,
  FrameDecoder,
  MAX_RF_BYTES_RANGE,
  parseRequestBody,
  SW_CHECKSUM_ERROR,
  SW_COMMAND_ERROR,
  SW_FIND_OK,
  SW_LENGTH_ERROR,
  SW_NO_CARD,
  SW_NO_CONTENT,
  SW_OK,
  SW_READ_FAILED,
  SW_SAM_SELF_TEST_FAILED,
  SW_SELECT_FAILED,
  SW_UNSUPPORTED_CARD,
  type SamRequest,
} from '../../src/sam/frame';

export const SIM_FAULTS = [
  'no-card',
  'removed',
  'checksum',
  'truncated',
  'garbage',
  'silence',
  'slow',
  'sam-failure',
  'unsupported',
] as const;
export type SimFault = (typeof SIM_FAULTS)[number];

export const SIM_FAULT_WORDS: Readonly<Record<SimFault, string>> = {
  'no-card': 'no card on the reader (find answers 0x80)',
  removed: 'the card is taken away during the read (read answers 0x41, then find 0x80)',
  checksum: 'the read reply has a wrong checksum',
  truncated: 'the read reply stops half way',
  garbage: 'the read reply is replaced by line noise',
  silence: 'the reader answers nothing at all',
  slow: 'a slow reader: bytes paced at 9600 baud',
  'sam-failure': 'the security module failed its self-test (every command answers 0x60)',
  unsupported: 'the reader does not recognise the card type (read answers 0x40)',
};

/** The baud rate at which the `slow` fault paces every byte (§1.1, §7: 1295 bytes ≈ 1.35 s). */
export const SLOW_FAULT_BAUD = 9600;

export function isSimFault(value: string): value is SimFault {
  return (SIM_FAULTS as readonly string[]).includes(value);
}

export function parseSimFault(value: string | null | undefined): SimFault | null {
  if (value === null || value === undefined || value === '' || value === 'none') return null;
  if (!isSimFault(value)) {
    throw new CardFillError('BAD_REQUEST', `Unknown simulator fault "${value.slice(0, 40)}"; faults are: ${SIM_FAULTS.join(', ')}`);
  }
  return value;
}

export function parseSimCardName(value: string | null | undefined): SyntheticCardName | null {
  if (value === null || value === undefined) return null;
  if (!isSyntheticCardName(value)) {
    throw new CardFillError(
      'BAD_REQUEST',
      `Unknown simulated card "${value.slice(0, 40)}"; cards are: ${Object.keys(SYNTHETIC_CARDS).join(', ')}`,
    );
  }
  return value;
}

type CardState = 'idle' | 'found' | 'selected' | 'read';

/** Invented SAM ID (12 FF reply): 16 bytes, formatting is [U] (§6.1). */
const SIM_SAM_ID = Uint8Array.from([0x05, 0x00, 0x01, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x15, 0xcd, 0x5b, 0x07, 0x39, 0x30, 0x00, 0x00]);
/** Invented card serial number (20 02 reply data). */
const SIM_CARD_SN = Uint8Array.from([0x53, 0x49, 0x4d, 0x43, 0x41, 0x52, 0x44, 0x31]);
const NOISE_BYTES = 600;

export interface SimDeviceOptions {
  card?: SyntheticCardName | null;
  fault?: SimFault | null;
  /** Initial UART rate (default 115200); command 60 xx changes it. */
  baud?: number;
}

export class SimSamDevice {
  private current: SyntheticCard | null;
  private present: boolean;
  private state: CardState = 'idle';
  private decoder = new FrameDecoder();
  private uartBaud = DEFAULT_BAUD;
  private pendingBaud: number | null = null;
  private noiseSeed = 1;
  fault: SimFault | null;

  constructor(options: SimDeviceOptions = {}) {
    this.current = options.card ? SYNTHETIC_CARDS[options.card] : null;
    this.present = this.current !== null;
    this.fault = options.fault ?? null;
    this.uartBaud = options.baud ?? DEFAULT_BAUD;
  }

  /** The card lying on (or last on) the reader. */
  get card(): SyntheticCard | null {
    return this.current;
  }

  get cardPresent(): boolean {
    return this.present;
  }

  /** The baud rate at which replies leave the device (the slow fault forces 9600). */
  get paceBaud(): number {
    return this.fault === 'slow' ? SLOW_FAULT_BAUD : this.uartBaud;
  }

  /** Put a card on the reader (null = take it away): a synthetic card by name, or any built card. A new card is not yet read. */
  setCard(card: SyntheticCardName | SyntheticCard | null): void {
    this.current = typeof card === 'string' ? SYNTHETIC_CARDS[card] : card;
    this.place();
  }

  /** The card is lifted and placed again: it answers find again (§1.6). */
  place(): void {
    this.present = this.current !== null;
    this.state = 'idle';
  }

  /** Lift the card off the reader. */
  lift(): void {
    this.present = false;
    this.state = 'idle';
  }

  setFault(fault: SimFault | null): void {
    this.fault = fault;
  }

  /** Feed bytes from the host; returns the reply byte strings in order (none under `silence`). */
  receive(chunk: Uint8Array): Uint8Array[] {
    if (this.pendingBaud !== null) {
      this.uartBaud = this.pendingBaud;
      this.pendingBaud = null;
    }
    const replies: Uint8Array[] = [];
    for (const event of this.decoder.push(chunk)) {
      if (this.fault === 'silence') continue;
      if (event.kind === 'error') {
        replies.push(encodeResponse(event.reason === 'checksum' ? SW_CHECKSUM_ERROR : SW_LENGTH_ERROR));
        continue;
      }
      let request: SamRequest;
      try {
        request = parseRequestBody(event.body);
      } catch {
        replies.push(encodeResponse(SW_LENGTH_ERROR));
        continue;
      }
      const reply = this.answer(request);
      if (reply) replies.push(reply);
    }
    return replies;
  }

  private answer(req: SamRequest): Uint8Array | null {
    const is = (c: { cmd: number; para: number }) => req.cmd === c.cmd && req.para === c.para;
    if (this.fault === 'sam-failure' && !is(COMMANDS.RESET_SAM)) return encodeResponse(SW_SAM_SELF_TEST_FAILED);
    if (is(COMMANDS.RESET_SAM) || is(COMMANDS.SAM_STATUS)) return encodeResponse(SW_OK);
    if (is(COMMANDS.SAM_ID)) return encodeResponse(SW_OK, SIM_SAM_ID);
    if (is(COMMANDS.FIND_CARD)) return this.find();
    if (is(COMMANDS.SELECT_CARD)) return this.select();
    if (is(COMMANDS.READ_BASE) || is(COMMANDS.READ_BASE_FP)) return this.read(is(COMMANDS.READ_BASE_FP));
    if (is(COMMANDS.READ_APPEND)) return this.readAppend();
    if (req.cmd === COMMANDS.SET_BAUD.cmd) return this.setBaud(req.para);
    if (is(COMMANDS.SET_MAX_RF_BYTES)) {
      const n = req.data[0];
      const ok = req.data.length === 1 && n !== undefined && n >= MAX_RF_BYTES_RANGE.min && n <= MAX_RF_BYTES_RANGE.max;
      return encodeResponse(ok ? SW_OK : SW_COMMAND_ERROR);
    }
    // 30 05 is [U] and everything else is unknown: the reader's "command error".
    return encodeResponse(SW_COMMAND_ERROR);
  }

  private find(): Uint8Array {
    // §1.6: a halted card (state 'read') does not answer find until placed again.
    if (!this.present || this.fault === 'no-card' || this.state === 'read') return encodeResponse(SW_NO_CARD);
    this.state = 'found';
    return encodeResponse(SW_FIND_OK, new Uint8Array(4));
  }

  private select(): Uint8Array {
    if (!this.present || this.state !== 'found') return encodeResponse(SW_SELECT_FAILED);
    this.state = 'selected';
    return encodeResponse(SW_OK, SIM_CARD_SN);
  }

  private read(withFingerprint: boolean): Uint8Array {
    const card = this.card;
    if (!this.present || card === null || this.state !== 'selected') return encodeResponse(SW_READ_FAILED);
    switch (this.fault) {
      case 'removed':
        this.lift();
        return encodeResponse(SW_READ_FAILED);
      case 'unsupported':
        this.state = 'idle';
        return encodeResponse(SW_UNSUPPORTED_CARD);
      default:
        break;
    }
    // Synthetic cards hold no fingerprint: a 30 10 reply carries FP length 0 (§1.5).
    const data = withFingerprint
      ? encodeReadBaseFpData(card.text, card.photo, new Uint8Array(0))
      : encodeReadBaseData(card.text, card.photo);
    const frame = encodeResponse(SW_OK, data);
    switch (this.fault) {
      // A damaged line: the card was never completely read, so it is not halted.
      case 'checksum':
        this.state = 'idle';
        frame[frame.length - 1] = frame[frame.length - 1]! ^ 0x5a;
        return frame;
      case 'truncated':
        this.state = 'idle';
        return frame.slice(0, Math.floor(frame.length / 2));
      case 'garbage':
        this.state = 'idle';
        return this.noise(NOISE_BYTES);
      default:
        this.state = 'read';
        return frame;
    }
  }

  private readAppend(): Uint8Array {
    const card = this.card;
    if (!this.present || card === null || (this.state !== 'selected' && this.state !== 'read')) return encodeResponse(SW_READ_FAILED);
    if (card.appendAddress === null) return encodeResponse(SW_NO_CONTENT);
    return encodeResponse(SW_OK, encodeAppendAddress(card.appendAddress));
  }

  private setBaud(param: number): Uint8Array {
    const entry = Object.entries(BAUD_PARAM).find(([, p]) => p === param);
    if (!entry) return encodeResponse(SW_COMMAND_ERROR);
    // The reply still goes out at the old rate; the new rate applies from the next byte.
    this.pendingBaud = Number(entry[0]);
    return encodeResponse(SW_OK);
  }

  /** Deterministic noise that never contains the 0xAA preamble byte. */
  private noise(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      this.noiseSeed = (this.noiseSeed * 1103515245 + 12345) >>> 0;
      const b = (this.noiseSeed >>> 16) & 0xff;
      out[i] = b === 0xaa ? 0x55 : b;
    }
    return out;
  }
}
