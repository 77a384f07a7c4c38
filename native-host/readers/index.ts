/**
 * Reader SPEC parsing, what a browser request may name, and discovery (docs/readers.md):
 *   auto | sim[:CARD] | serial:PATH[@BAUD] | sdtapi:LIBRARY[#PORT] | usb[:VVVV:PPPP] | service:NAME[@URL]
 * One table (BACKENDS) says for each SPEC kind how its target is written, how it opens and whether
 * a browser request may name it. `auto` uses a real reader that answers, else says NO_READER in
 * words; it never falls back to the simulator silently.
 */
import { CardFillError } from '../../src/errors';
import type { PhotoDecoder } from './sam-reader';
import { discoverSerialReaders, isNeverSerial, isRequestableSerialDevice, openSerialReader, parseSerialTarget } from './serial';
import { openSimReader } from './sim';
import { discoverSdtapiReaders, openSdtapiReader } from './sdtapi';
import { discoverUsbReaders, openUsbReader, parseUsbTarget } from './usb';
import { findServices, openServiceReader } from './service/index';
import type { CardReader, RawCardData, ReaderInfo, StepOptions } from './types';

export const READER_SPEC_HELP =
  'Reader SPEC is one of: auto, sim[:CARD], serial:PATH[@BAUD] (e.g. serial:/dev/ttyUSB0@115200), sdtapi:LIBRARY[#PORT] ' +
  '(e.g. sdtapi:/opt/reader/libsdtapi.so#1001), usb or usb:VVVV:PPPP (e.g. usb:0400:c35a), service:NAME[@URL] ' +
  '(NAME one of decard, synjones, chinavision, eastcom)';

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

/** What a browser request's SPEC is checked against (tests pass their own platform and port list). */
export interface RequestContext {
  platform?: NodeJS.Platform;
  /** Paths the serial port lister reported on this computer. */
  listedSerialPorts?: readonly string[];
}

/** The vendor services a request may name, each only with its default URL (no `@URL`). */
export const REQUESTABLE_SERVICES = ['decard', 'synjones', 'chinavision', 'eastcom'] as const;

interface Backend {
  /** How the part after `KIND:` is written: absent, optional or required. */
  target: 'none' | 'optional' | 'required';
  open(spec: string, target: string | null, options: OpenReaderOptions): CardReader;
  /**
   * null when a browser request may name this SPEC, else the words of the BAD_REQUEST. `listed`
   * is true when the answer could change with the serial port list (the caller then asks the
   * lister and checks again).
   */
  requestable(target: string | null, context: RequestContext): { refusal: string; askLister?: boolean } | null;
}

const LOCAL_ONLY_LIBRARY =
  'A vendor-library reader can only be set on this computer: cardfill-host install --reader sdtapi:LIBRARY, or CARDFILL_READER';
const REQUESTABLE_WORDS =
  'A request may name auto, sim[:CARD], a serial port (serial:/dev/ttyUSB0, serial:COM3), usb[:VVVV:PPPP] or service:NAME as its reader';

const BACKENDS: Readonly<Record<string, Backend>> = {
  auto: {
    target: 'none',
    open: (_spec, _target, options) => new AutoReader(options.photoDecoder ?? null),
    requestable: () => null,
  },
  sim: {
    target: 'optional',
    open: (spec, target, options) => openSimReader(spec, target, options.photoDecoder ?? null),
    requestable: (target) => (target === null || /^[\w-]{1,40}$/.test(target) ? null : { refusal: REQUESTABLE_WORDS }),
  },
  serial: {
    target: 'required',
    open: (spec, target, options) => openSerialReader(spec, target!, options.photoDecoder ?? null),
    requestable: (target, context) => {
      let path: string;
      try {
        path = parseSerialTarget(target!).path;
      } catch (e) {
        return { refusal: (e as Error).message };
      }
      if (isNeverSerial(path)) return { refusal: `${path.slice(0, 80)} is a terminal or console, not a serial reader` };
      if (isRequestableSerialDevice(path, { ...context, listed: context.listedSerialPorts ?? [] })) return null;
      return {
        refusal: `${path.slice(0, 80)} is not a serial port on this computer. ${REQUESTABLE_WORDS}`,
        askLister: context.listedSerialPorts === undefined,
      };
    },
  },
  sdtapi: {
    target: 'required',
    open: (spec, target, options) => {
      if (options.allowLibraryLoad === false) {
        throw new CardFillError(
          'BAD_REQUEST',
          'A vendor-library reader can only be chosen in the local settings or on the command line, not by a request',
        );
      }
      return openSdtapiReader(spec, target!, options.photoDecoder ?? null);
    },
    requestable: () => ({ refusal: LOCAL_ONLY_LIBRARY }),
  },
  usb: {
    target: 'optional',
    open: (spec, target, options) => openUsbReader(spec, target, options.photoDecoder ?? null),
    requestable: (target) => {
      try {
        parseUsbTarget(target);
        return null;
      } catch (e) {
        return { refusal: (e as Error).message };
      }
    },
  },
  service: {
    target: 'required',
    open: (spec, target, options) => openServiceReader(spec, target!, options.photoDecoder ?? null),
    requestable: (target) =>
      (REQUESTABLE_SERVICES as readonly string[]).includes(target ?? '')
        ? null
        : {
            refusal: `A request may name a vendor service only by name with its default address: service:${REQUESTABLE_SERVICES.join('|service:')}; another URL is local configuration (cardfill-host install --reader, CARDFILL_READER)`,
          },
  },
};

/** Split a SPEC into its kind and target, checking the kind exists and the target's presence. */
function splitSpec(spec: unknown): { trimmed: string; kind: string; target: string | null; backend: Backend } {
  if (typeof spec !== 'string' || spec.trim() === '') throw new CardFillError('BAD_REQUEST', `No reader given. ${READER_SPEC_HELP}`);
  const trimmed = spec.trim();
  const colon = trimmed.indexOf(':');
  const kind = colon >= 0 ? trimmed.slice(0, colon) : trimmed;
  const target = colon >= 0 ? trimmed.slice(colon + 1) : null;
  const backend = Object.hasOwn(BACKENDS, kind) ? BACKENDS[kind] : undefined;
  const fits =
    backend && (backend.target === 'optional' || (backend.target === 'none' ? target === null : target !== null && target !== ''));
  if (!backend || !fits) throw new CardFillError('BAD_REQUEST', `"${trimmed.slice(0, 80)}" is not a reader SPEC. ${READER_SPEC_HELP}`);
  return { trimmed, kind, target, backend };
}

export function openReader(spec: string, options: OpenReaderOptions = {}): CardReader {
  const { trimmed, target, backend } = splitSpec(spec);
  return backend.open(trimmed, target, options);
}

/**
 * What a browser request may name as its reader, beyond the host's own configured default: `auto`,
 * the simulator, a serial *port* (never a terminal, console or other file), `usb[:VVVV:PPPP]` and
 * a vendor service by name with its default URL. A vendor library or another URL belongs in local
 * configuration (`--reader`, CARDFILL_READER or the installer). Throws BAD_REQUEST with words.
 */
export function assertRequestableSpec(spec: string, context: RequestContext = {}): void {
  const verdict = requestableVerdict(spec, context);
  if (verdict) throw new CardFillError('BAD_REQUEST', verdict.refusal);
}

/** As assertRequestableSpec, asking the serial port lister only when a name is not one the platform uses. */
export async function assertRequestableSpecListed(
  spec: string,
  context: RequestContext = {},
  list: () => Promise<string[]>,
): Promise<void> {
  const verdict = requestableVerdict(spec, context);
  if (!verdict) return;
  if (verdict.askLister) return assertRequestableSpec(spec, { ...context, listedSerialPorts: await list() });
  throw new CardFillError('BAD_REQUEST', verdict.refusal);
}

function requestableVerdict(spec: string, context: RequestContext): { refusal: string; askLister?: boolean } | null {
  let parts;
  try {
    parts = splitSpec(spec);
  } catch {
    return { refusal: REQUESTABLE_WORDS };
  }
  // The SPEC must be given exactly (no padding that local parsing would forgive).
  if (parts.trimmed !== spec) return { refusal: REQUESTABLE_WORDS };
  return parts.backend.requestable(parts.target, context);
}

/**
 * Real readers that answer now, in the order `auto` prefers them (docs/readers.md, "auto"): SAM-USB
 * devices, serial ports where a SAM replies, sdtapi libraries configured, then the vendors' local
 * services that answer at their default addresses (each probed for SERVICE_BUDGETS.ping ms, in
 * parallel, while the others are looked for).
 */
export async function discoverReaders(): Promise<ReaderInfo[]> {
  const services = findServices();
  const found: ReaderInfo[] = [];
  found.push(...(await discoverUsbReaders()));
  for (const path of await discoverSerialReaders()) {
    found.push({ spec: `serial:${path}`, kind: 'serial', name: `Serial reader on ${path}` });
  }
  found.push(...(await discoverSdtapiReaders()));
  for (const service of await services) {
    if (service.answers) found.push({ spec: service.spec, kind: 'service', name: `${service.vendor.label} at ${service.url}` });
  }
  return found;
}

/** Which backend a read came from, for `read --json` and `probe`: for `auto`, the reader it picked. */
export function sourceOf(reader: CardReader): ReaderInfo {
  if (reader instanceof AutoReader) return reader.picked ?? { ...reader.info };
  return { ...reader.info };
}

export const NO_READER_WORDS =
  'No card reader answered. Plug the reader in (USB) and wait a few seconds, then try again; ' +
  '`cardfill-host doctor` lists what it finds. A reader that only works through its vendor library ' +
  'needs --reader sdtapi:LIBRARY; a serial reader can be named with --reader serial:PATH; a USB reader ' +
  "on Linux needs the udev rule (sudo cardfill-host install --system); a reader used through its vendor's " +
  'service (德卡, 新中新, 华视, 东信) needs that service running.';

/** `auto`: resolves to the first real reader that answers, on first use. */
class AutoReader implements CardReader {
  private target: CardReader | null = null;

  constructor(private readonly photoDecoder: PhotoDecoder | null) {}

  /** Before the first use there is no reader yet; then it is the one found, under SPEC `auto`. */
  get info(): ReaderInfo {
    const found = this.target?.info;
    return found
      ? { spec: 'auto', kind: found.kind, name: found.name }
      : { spec: 'auto', kind: 'serial', name: 'First reader that answers' };
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

  get closeAfterEachRead(): boolean {
    return this.target?.closeAfterEachRead ?? false;
  }

  private async resolve(): Promise<CardReader> {
    if (this.target) return this.target;
    const [first] = await discoverReaders();
    if (!first) throw new CardFillError('NO_READER', NO_READER_WORDS);
    this.target = openReader(first.spec, { photoDecoder: this.photoDecoder });
    return this.target;
  }

  async open(options?: StepOptions): Promise<void> {
    const reader = await this.resolve();
    try {
      await reader.open(options);
    } catch (e) {
      this.target = null; // look again next time: it may have been unplugged
      throw e;
    }
  }
  async find(options?: StepOptions): Promise<boolean> {
    const reader = await this.resolve();
    try {
      return await reader.find(options);
    } catch (e) {
      // A reader that went away (a service stopped: it has nothing to open) is looked for again next time.
      if (e instanceof CardFillError && e.code === 'NO_READER' && this.target === reader) {
        this.target = null;
        await reader.close().catch(() => undefined);
      }
      throw e;
    }
  }
  async select(options?: StepOptions): Promise<void> {
    return (await this.resolve()).select(options);
  }
  async readBase(options?: StepOptions): Promise<RawCardData> {
    return (await this.resolve()).readBase(options);
  }
  async samStatus(options?: StepOptions): Promise<void> {
    return (await this.resolve()).samStatus(options);
  }
  async close(): Promise<void> {
    const t = this.target;
    this.target = null;
    if (t) await t.close();
  }
}
