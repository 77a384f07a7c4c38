/**
 * Native messaging mode (docs/architecture.md §3): length-prefixed JSON on stdio, `hello` first, then
 * requests answered by id. stdout carries protocol frames only; diagnostics go to stderr and never
 * contain card data. All reader access is serialised: one transaction at a time.
 */
import { CardFillError, toErrorInfo, type ErrorInfo } from '../src/errors';
import { NativeMessageDecoder, encodeNativeMessage } from '../src/protocol/framing';
import {
  MAX_REPLY_BYTES,
  MAX_REQUEST_BYTES,
  PROTOCOL_VERSION,
  requestIdOf,
  validateRequest,
  type CardEvent,
  type HostMessage,
  type HostRequest,
  type ReaderSummary,
} from '../src/protocol/messages';
import type { CardRecord } from '../src/card/record';
import { assertRequestableSpecListed, openReader } from './readers/index';
import { listSerialPorts } from './readers/serial';
import { readCard } from './readers/session';
import type { CardReader } from './readers/types';
import type { PhotoDecoder } from './readers/sam-reader';
import { HOST_VERSION } from './version';
import { debug } from './log';
import { recordLastError } from './state';

/** Poll interval for `watch`: the vendor manual asks for > 600 ms between polls (card-format.md §7). */
const WATCH_INTERVAL_MS = 700;
/**
 * Readers kept open at most (least recently used is closed first). A few: the configured one,
 * the one a watch polls and one or two the options page tried. Requests naming ever new devices
 * then cost nothing that stays.
 */
export const READER_CACHE_SIZE = 4;

export { assertRequestableSpec } from './readers/index';

interface MessagingOptions {
  input: NodeJS.ReadableStream;
  write: (bytes: Uint8Array) => void;
  /** Reader used when a request names none: `--reader`, CARDFILL_READER, else `auto`. */
  defaultReader: string;
  onExit: (code: number) => void;
  /** Vendor WLT decoder for photos (CARDFILL_WLT_DECODER / --wlt-decoder), local configuration only. */
  photoDecoder?: PhotoDecoder | null;
}

export class NativeMessagingHost {
  private readonly decoder = new NativeMessageDecoder(MAX_REQUEST_BYTES);
  /** SPEC → reader, in least-recently-used order (a Map keeps insertion order). */
  private readonly readers = new Map<string, CardReader>();
  private busy: { id: number; abort: AbortController; reader: CardReader } | null = null;
  private watch: { id: number; spec: string; timer: ReturnType<typeof setTimeout>; state: string } | null = null;
  private closed = false;

  constructor(private readonly options: MessagingOptions) {}

  start(): void {
    this.send({ type: 'hello', protocol: PROTOCOL_VERSION, version: HOST_VERSION, readers: [this.summaryFor(this.options.defaultReader)] });
    this.options.input.on('data', (chunk: Buffer) => this.onChunk(chunk));
    // The browser closes stdin when the port is disconnected: finish and exit.
    this.options.input.on('end', () => void this.shutdown(0));
    this.options.input.on('error', () => void this.shutdown(1));
  }

  private summaryFor(spec: string): ReaderSummary {
    try {
      const info = this.cachedReader(spec, openReader(spec, { photoDecoder: this.options.photoDecoder ?? null })).info;
      return { spec: info.spec, kind: info.kind, name: info.name };
    } catch {
      return { spec, kind: spec.split(':')[0] ?? spec, name: spec };
    }
  }

  private onChunk(chunk: Buffer): void {
    for (const result of this.decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
      if (result.kind === 'error') {
        this.send({ id: null, type: 'error', error: result.error.toJSON() });
        if (result.fatal) void this.shutdown(1);
        continue;
      }
      let request: HostRequest;
      try {
        request = validateRequest(result.value);
      } catch (e) {
        this.send({ id: requestIdOf(result.value), type: 'error', error: toErrorInfo(e) });
        continue;
      }
      void this.handle(request);
    }
  }

  private async handle(request: HostRequest): Promise<void> {
    debug(`request ${request.type} #${request.id}`);
    try {
      switch (request.type) {
        case 'status':
          return this.send(await this.status(request.id, request.reader ?? this.options.defaultReader));
        case 'read':
          return this.send({
            id: request.id,
            type: 'card',
            card: await this.read(request.id, request.reader ?? this.options.defaultReader, request.photo ?? true, request.timeoutMs),
          });
        case 'watch':
          await this.startWatch(request.id, request.reader ?? this.options.defaultReader);
          return this.send({ id: request.id, type: 'ok' });
        case 'unwatch':
          this.stopWatch();
          return this.send({ id: request.id, type: 'ok' });
        case 'cancel':
          // The read itself answers (cancelled) once its transport has stopped; until then the
          // host stays busy.
          if (this.busy && this.busy.id === request.target) this.busy.abort.abort();
          return this.send({ id: request.id, type: 'ok' });
      }
    } catch (e) {
      const error = toErrorInfo(e);
      debug(`request ${request.type} #${request.id} failed: ${error.code}`);
      recordLastError(error.code);
      this.send({ id: request.id, type: 'error', error });
    }
  }

  /** The reader for a SPEC: the configured one, or one a request may name (checked first). */
  private async reader(spec: string): Promise<CardReader> {
    const cached = this.readers.get(spec);
    if (cached) return this.cachedReader(spec, cached);
    const local = spec === this.options.defaultReader;
    if (!local) await assertRequestableSpecListed(spec, {}, listSerialPorts);
    const again = this.readers.get(spec); // another request may have opened it meanwhile
    if (again) return this.cachedReader(spec, again);
    // A SPEC from a message must not make the host load native code of the sender's choosing.
    return this.cachedReader(spec, openReader(spec, { allowLibraryLoad: local, photoDecoder: this.options.photoDecoder ?? null }));
  }

  /** Put `reader` at the fresh end of the cache and close the stalest readers beyond the bound. */
  private cachedReader(spec: string, reader: CardReader): CardReader {
    this.readers.delete(spec);
    this.readers.set(spec, reader);
    for (const [oldSpec, old] of this.readers) {
      if (this.readers.size <= READER_CACHE_SIZE) break;
      if (old === reader || this.inUse(old)) continue;
      this.readers.delete(oldSpec);
      void old.close().catch(() => undefined);
    }
    return reader;
  }

  private inUse(reader: CardReader): boolean {
    return this.busy?.reader === reader || (this.watch !== null && this.readers.get(this.watch.spec) === reader);
  }

  /** Readers held now (for tests of the bound). */
  get cachedReaderCount(): number {
    return this.readers.size;
  }

  /**
   * Run one reader transaction; a second one while the first runs is refused with BUSY. A cancel
   * aborts `signal`; the host stays busy until `run` has really finished (the backend stopped its
   * transport), and `run` then rejects with the typed cancelled error.
   */
  private async exclusive<T>(id: number, reader: CardReader, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.busy) throw new CardFillError('BUSY', 'The reader is busy with another request; try again in a moment');
    const abort = new AbortController();
    this.busy = { id, abort, reader };
    try {
      return await run(abort.signal);
    } finally {
      this.busy = null;
    }
  }

  /** The reader and whether a card lies on it; no reader is an answer here (reader: null), not an error. */
  private async status(id: number, spec: string): Promise<HostMessage> {
    if (this.busy) throw new CardFillError('BUSY', 'The reader is busy with another request; try again in a moment');
    const reader = await this.reader(spec);
    const summary: ReaderSummary = { spec: reader.info.spec, kind: reader.info.kind, name: reader.info.name };
    return this.exclusive(id, reader, async (signal) => {
      const serialPorts = await listSerialPorts();
      try {
        await reader.open({ signal });
        await reader.samStatus({ signal });
        return { id, type: 'status', reader: summary, cardPresent: await reader.find({ signal }), serialPorts };
      } catch (e) {
        if (toErrorInfo(e).code !== 'NO_READER') throw e;
        return { id, type: 'status', reader: null, cardPresent: null, serialPorts };
      } finally {
        if (reader.closeAfterEachRead) await reader.close().catch(() => undefined);
      }
    });
  }

  private async read(id: number, spec: string, photo: boolean, timeoutMs?: number): Promise<CardRecord> {
    if (this.busy) throw new CardFillError('BUSY', 'The reader is busy with another request; try again in a moment');
    const reader = await this.reader(spec);
    const card = await this.exclusive(id, reader, (signal) => readCard(reader, { photo, signal, ...(timeoutMs ? { timeoutMs } : {}) }));
    debug(`read #${id} ok: ${card.kind}`);
    if (this.watch && this.watch.spec === spec) this.watch.state = 'read';
    return card;
  }

  private async startWatch(id: number, spec: string): Promise<void> {
    const reader = await this.reader(spec);
    this.stopWatch();
    const tick = async (): Promise<void> => {
      if (!this.watch || this.watch.id !== id) return;
      if (!this.busy) {
        let state: string;
        try {
          await reader.open();
          state = (await reader.find()) ? 'present' : 'absent';
        } catch (e) {
          state = toErrorInfo(e).code === 'NO_READER' ? 'gone' : this.watch.state;
        } finally {
          if (reader.closeAfterEachRead && !this.busy) await reader.close().catch(() => undefined);
        }
        if (!this.watch || this.watch.id !== id) return;
        const previous = this.watch.state;
        // A card that was just read is halted and answers "no card" while it still lies there.
        if (previous === 'read' && state === 'absent') state = 'read';
        if (state !== previous) {
          this.watch.state = state;
          const event = watchEvent(previous, state);
          if (event) this.send({ type: 'event', event, watch: id });
        }
      }
      if (this.watch && this.watch.id === id) this.watch.timer = setTimeout(() => void tick(), WATCH_INTERVAL_MS);
    };
    this.watch = { id, spec, state: 'unknown', timer: setTimeout(() => void tick(), 0) };
  }

  private stopWatch(): void {
    if (this.watch) clearTimeout(this.watch.timer);
    this.watch = null;
  }

  private send(message: HostMessage): void {
    if (this.closed) return;
    let bytes: Uint8Array;
    try {
      bytes = encodeNativeMessage(message, MAX_REPLY_BYTES);
    } catch (e) {
      const error: ErrorInfo = toErrorInfo(e);
      bytes = encodeNativeMessage({ id: 'id' in message ? message.id : null, type: 'error', error }, MAX_REPLY_BYTES);
    }
    this.options.write(bytes);
  }

  async shutdown(code: number): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopWatch();
    await Promise.allSettled([...this.readers.values()].map((r) => r.close()));
    this.options.onExit(code);
  }
}

/**
 * Presence transitions → events. A card that was read answers "absent" while it stays on the
 * reader (card-format.md §1.6), so "absent" after "present" can mean either; staff mode clears
 * data after each fill anyway, and a new "present" always means a card was (re)placed.
 */
function watchEvent(previous: string, next: string): CardEvent | null {
  if (next === 'gone') return 'reader-gone';
  if (previous === 'gone') return next === 'present' ? 'card-present' : 'reader-back';
  if (next === 'present') return 'card-present';
  if (next === 'absent' && previous === 'present') return 'card-removed';
  return null;
}
