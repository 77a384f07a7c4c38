/**
 * `sim[:CARD]`: the simulated SAM device (./sim-device.ts) behind the real frame codec and the
 * real SamFrameReader, in-process. Bytes are paced at the device's baud rate (10 bits a byte), so
 * timings and the `slow` fault behave as on a wire.
 *
 * Test control (env CARDFILL_SIM_CONTROL = path of a JSON file), re-read before each operation:
 *   { "card": "<name>" | null, "fault": "<fault>" | null, "placed": <number>, "custom"?: CardTextFields }
 * card null = empty reader; a changed `placed` = the card was lifted and placed again; `custom`
 * puts an invented card built from chip text fields (src/card/encode.ts) on the reader instead.
 */
import { readFileSync } from 'node:fs';
import { SYNTHETIC_CARDS, type SyntheticCard, type SyntheticCardName } from '../../src/card/synthetic';
import { encodeCardText, type CardTextFields } from '../../src/card/encode';
import { drawSyntheticPortrait } from '../../src/card/portrait';
import { CardFillError } from '../../src/errors';
import { wireTimeMs } from '../../src/sam/frame';
import { SamFrameReader, type ByteLink, type PhotoDecoder } from './sam-reader';
import { parseSimCardName, parseSimFault, SimSamDevice, type SimFault } from './sim-device';

export const SIM_CONTROL_ENV = 'CARDFILL_SIM_CONTROL';
export const DEFAULT_SIM_CARD: SyntheticCardName = 'resident';
/** Replies leave the device in chunks of this size, as a USB-serial bridge delivers them. */
const CHUNK_BYTES = 64;

/**
 * Deliver reply bytes in chunks at the times a UART at `baud` would (10 bits a byte, §1.1).
 * Returns the time (ms, Date.now() clock) at which the last byte is out. Timers are kept in
 * `timers` so a close can cancel them.
 */
export function schedulePaced(
  replies: Uint8Array[],
  baud: number,
  startAt: number,
  timers: Set<ReturnType<typeof setTimeout>>,
  deliver: (chunk: Uint8Array) => void,
): number {
  let at = startAt;
  for (const reply of replies) {
    for (let off = 0; off < reply.length; off += CHUNK_BYTES) {
      const chunk = reply.slice(off, off + CHUNK_BYTES);
      at += wireTimeMs(chunk.length, baud);
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          deliver(chunk);
        },
        Math.max(0, at - Date.now()),
      );
      timers.add(timer);
    }
  }
  return at;
}

/** An in-memory link to a SimSamDevice: writes go to the device, replies come back paced. */
export class SimLink implements ByteLink {
  private listener: (chunk: Uint8Array) => void = () => {};
  private closeListener: (e: Error | null) => void = () => {};
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private busyUntil = 0;
  isOpen = false;

  constructor(readonly device: SimSamDevice) {}

  get baud(): number {
    return this.device.paceBaud;
  }

  async open(): Promise<void> {
    this.isOpen = true;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.isOpen) throw new CardFillError('NO_READER', 'The simulated reader is closed');
    // The request itself takes wire time to reach the device.
    const inbound = wireTimeMs(bytes.length, this.baud);
    const replies = this.device.receive(bytes);
    this.busyUntil = schedulePaced(replies, this.device.paceBaud, Math.max(Date.now(), this.busyUntil) + inbound, this.timers, (chunk) => {
      if (this.isOpen) this.listener(chunk);
    });
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.listener = listener;
  }

  onClose(listener: (error: Error | null) => void): void {
    this.closeListener = listener;
  }

  /** Simulate unplugging the reader. */
  unplug(): void {
    void this.close();
    this.closeListener(new Error('unplugged'));
  }

  async close(): Promise<void> {
    this.isOpen = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.busyUntil = 0;
  }
}

interface SimControl {
  card: SyntheticCardName | SyntheticCard | null;
  /** Identity of the card for change detection: its name, or the custom fields as JSON. */
  cardKey: string | null;
  fault: SimFault | null;
  placed: number | null;
}

function readControl(path: string): SimControl | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null; // no file yet: keep the current state
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CardFillError('BAD_REQUEST', `The simulator control file ${path} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null) {
    throw new CardFillError('BAD_REQUEST', `The simulator control file ${path} must hold a JSON object`);
  }
  const o = value as Record<string, unknown>;
  let card: SyntheticCardName | SyntheticCard | null =
    o['card'] === undefined || o['card'] === null ? null : parseSimCardName(String(o['card']));
  let cardKey: string | null = card;
  if (o['custom'] !== undefined && o['custom'] !== null) {
    cardKey = JSON.stringify(o['custom']);
    card = customCard(o['custom'], path);
  }
  const fault = o['fault'] === undefined || o['fault'] === null ? null : parseSimFault(String(o['fault']));
  const placed = typeof o['placed'] === 'number' ? o['placed'] : null;
  return { card, cardKey, fault, placed };
}

/** A card from chip text fields, for tests that need a particular invented person on the reader. */
function customCard(fields: unknown, path: string): SyntheticCard {
  if (typeof fields !== 'object' || fields === null) {
    throw new CardFillError('BAD_REQUEST', `"custom" in the simulator control file ${path} must be an object of card text fields`);
  }
  let text: Uint8Array;
  try {
    text = encodeCardText(fields as CardTextFields);
  } catch (e) {
    throw new CardFillError('BAD_REQUEST', `"custom" in ${path} is not a card: ${(e as Error).message}`);
  }
  return {
    name: 'custom',
    description: 'Invented card from the control file',
    fields: fields as CardTextFields,
    text,
    photo: drawSyntheticPortrait(1),
    appendAddress: null,
  };
}

/** Applies the control file to a device; used by the in-process reader and the pty simulator. */
export class SimControlWatcher {
  private last: SimControl | null = null;

  constructor(
    private readonly path: string,
    private readonly device: SimSamDevice,
  ) {}

  /** Re-read the file and apply what changed. Throws BAD_REQUEST for a malformed file. */
  apply(): void {
    const control = readControl(this.path);
    if (!control) return;
    const last = this.last;
    this.last = control;
    if (last === null || control.cardKey !== last.cardKey) {
      // First look at the file, or another card: it lies on the reader, not yet read.
      if (last !== null || control.cardKey !== (this.device.card?.name ?? null)) this.device.setCard(control.card);
    } else if (control.placed !== last.placed) {
      this.device.place();
    }
    this.device.setFault(control.fault);
  }
}

export interface SimReaderOptions {
  card?: SyntheticCardName | null;
  fault?: SimFault | null;
  /** Control file path; default: env CARDFILL_SIM_CONTROL. */
  controlFile?: string | null;
  photoDecoder?: PhotoDecoder | null;
}

export class SimReader extends SamFrameReader {
  readonly device: SimSamDevice;
  private readonly control: SimControlWatcher | null;

  constructor(spec: string, options: SimReaderOptions = {}) {
    const card = options.card === undefined ? DEFAULT_SIM_CARD : options.card;
    const device = new SimSamDevice({ card, fault: options.fault ?? null });
    const name = card === null ? 'Simulated reader (empty)' : `Simulated reader (${SYNTHETIC_CARDS[card].description})`;
    super({ spec, kind: 'sim', name }, new SimLink(device), options.photoDecoder ?? null);
    this.device = device;
    const controlFile = options.controlFile === undefined ? (process.env[SIM_CONTROL_ENV] ?? null) : options.controlFile;
    this.control = controlFile ? new SimControlWatcher(controlFile, device) : null;
  }

  /** The in-memory link, for tests that unplug the reader. */
  get simLink(): SimLink {
    return this.link as SimLink;
  }

  protected override async beforeOperation(): Promise<void> {
    this.control?.apply();
  }
}

/** `sim` or `sim:CARD`. */
export function openSimReader(spec: string, rest: string | null, photoDecoder: PhotoDecoder | null = null): SimReader {
  const card = rest === null || rest === '' ? DEFAULT_SIM_CARD : parseSimCardName(rest);
  return new SimReader(spec, { card, photoDecoder });
}
