/**
 * Reader SPEC parsing and discovery (DESIGN.md §4–§5):
 *   auto | sim[:CARD] | serial:PATH[@BAUD] | sdtapi:LIBRARY[#PORT]
 * `auto` uses a real reader that answers, else says NO_READER in words; it never falls back to
 * the simulator silently.
 */
import { CardFillError } from '../../src/errors';
import type { PhotoDecoder } from './sam-reader';
import { discoverSerialReaders, openSerialReader } from './serial';
import { openSimReader } from './sim';
import { discoverSdtapiReaders, openSdtapiReader } from './sdtapi';
import { findServices, openServiceReader, SERVICE_SPEC_HELP } from './service/index';
import type { CardReader, RawCardData, ReaderInfo } from './types';

export const READER_SPEC_HELP =
  'Reader SPEC is one of: auto, sim[:CARD], serial:PATH[@BAUD] (e.g. serial:/dev/ttyUSB0@115200), sdtapi:LIBRARY[#PORT] (e.g. sdtapi:/opt/reader/libsdtapi.so#1001), ' + SERVICE_SPEC_HELP;

export interface OpenReaderOptions {
  /** Vendor WLT decoder (--wlt-decoder), applied to photos from SAM-frame backends. */
  photoDecoder?: PhotoDecoder | null;
  /**
   * Whether `sdtapi:LIBRARY` may load a shared library (default true, for the command line).
   * Pass false for a SPEC that arrived in a browser request: loading a library named by a message
   * runs native code of the sender's choosing, so such SPECs should come from local configuration.
   */
  allowLibraryLoad?: boolean;
}

export function openReader(spec: string, options: OpenReaderOptions = {}): CardReader {
  if (typeof spec !== 'string' || spec.trim() === '') throw new CardFillError('BAD_REQUEST', `No reader given. ${READER_SPEC_HELP}`);
  const trimmed = spec.trim();
  const colon = trimmed.indexOf(':');
  const kind = colon >= 0 ? trimmed.slice(0, colon) : trimmed;
  const rest = colon >= 0 ? trimmed.slice(colon + 1) : null;
  const photoDecoder = options.photoDecoder ?? null;
  switch (kind) {
    case 'auto':
      if (rest !== null) break;
      return new AutoReader(photoDecoder);
    case 'sim':
      return openSimReader(trimmed, rest, photoDecoder);
    case 'serial':
      if (rest === null) break;
      return openSerialReader(trimmed, rest, photoDecoder);
    case 'sdtapi':
      if (rest === null) break;
      if (options.allowLibraryLoad === false) {
        throw new CardFillError('BAD_REQUEST', 'A vendor-library reader can only be chosen in the local settings or on the command line, not by a request');
      }
      return openSdtapiReader(trimmed, rest, photoDecoder);
    case 'service':
      if (rest === null) break;
      return openServiceReader(trimmed, rest, photoDecoder);
    default:
      break;
  }
  throw new CardFillError('BAD_REQUEST', `"${trimmed.slice(0, 80)}" is not a reader SPEC. ${READER_SPEC_HELP}`);
}

/**
 * Real readers that answer now, in the order `auto` prefers them (docs/readers.md, "auto"):
 * serial ports where a SAM replies, sdtapi libraries configured, then the vendors' local services
 * that answer at their default addresses (each probed for SERVICE_BUDGETS.ping ms, in parallel).
 */
export async function discoverReaders(): Promise<ReaderInfo[]> {
  const services = findServices(); // probed while the serial ports are
  const found: ReaderInfo[] = [];
  for (const path of await discoverSerialReaders()) {
    found.push({ spec: `serial:${path}`, kind: 'serial', name: `Serial reader on ${path}` });
  }
  found.push(...(await discoverSdtapiReaders()));
  for (const s of await services) {
    if (s.answers) found.push({ spec: s.spec, kind: 'service', name: `${s.vendor.label} at ${s.url}` });
  }
  return found;
}

/** Which backend a read came from, for `read --json` and `probe`: for `auto`, the reader it picked. */
export function sourceOf(reader: CardReader): ReaderInfo {
  if (reader instanceof AutoReader) return reader.picked ?? reader.info;
  return { ...reader.info };
}

export const NO_READER_WORDS =
  'No card reader answered. Plug the reader in (USB) and wait a few seconds, then try again; ' +
  '`cardfill-host doctor` lists what it finds. A reader that only works through its vendor library ' +
  'needs --reader sdtapi:LIBRARY; a serial reader can be named with --reader serial:PATH.';

/** `auto`: resolves to the first real reader that answers, on first use. */
class AutoReader implements CardReader {
  private target: CardReader | null = null;

  constructor(private readonly photoDecoder: PhotoDecoder | null) {}

  /** Before the first use there is no reader yet; then it is the one found, under SPEC `auto`. */
  get info(): ReaderInfo {
    const found = this.target?.info;
    return found ? { spec: 'auto', kind: found.kind, name: found.name } : { spec: 'auto', kind: 'serial', name: 'First reader that answers' };
  }

  get baud(): number | undefined {
    return this.target?.baud;
  }

  get stepBudgetMs(): CardReader['stepBudgetMs'] {
    return this.target?.stepBudgetMs;
  }

  /** The reader found, under its own SPEC. */
  get picked(): ReaderInfo | null {
    return this.target ? { ...this.target.info } : null;
  }

  private async resolve(): Promise<CardReader> {
    if (this.target) return this.target;
    const [first] = await discoverReaders();
    if (!first) throw new CardFillError('NO_READER', NO_READER_WORDS);
    this.target = openReader(first.spec, { photoDecoder: this.photoDecoder });
    return this.target;
  }

  async open(): Promise<void> {
    const reader = await this.resolve();
    try {
      await reader.open();
    } catch (e) {
      this.target = null; // look again next time: it may have been unplugged
      throw e;
    }
  }
  async find(): Promise<boolean> {
    return (await this.resolve()).find();
  }
  async select(): Promise<void> {
    return (await this.resolve()).select();
  }
  async readBase(): Promise<RawCardData> {
    return (await this.resolve()).readBase();
  }
  async samStatus(): Promise<void> {
    return (await this.resolve()).samStatus();
  }
  async close(): Promise<void> {
    const t = this.target;
    this.target = null;
    if (t) await t.close();
  }
}
