/**
 * The 32-bit helper for vendor SDT_* libraries (docs/readers.md): nearly every vendor sdtapi.dll
 * is 32-bit, which a 64-bit Node cannot load. The host starts its own code on a 32-bit Node
 * (`cardfill-host-ia32.exe sdtapi-helper`), which loads the library and runs one SDT_* step per
 * request. They speak over the helper's stdio with the host's native-messaging framing (4-byte
 * length + UTF-8 JSON, src/protocol/framing.ts):
 *
 *   host → helper  {"id": n, "op": "open", "library": "…", "port": 1001}
 *                  {"id": n, "op": "find" | "select" | "readBase" | "samStatus" | "close"}
 *                  {"id": n, "op": "cancel", "target": m}      (stop request m between vendor calls)
 *   helper → host  {"id": n, "ok": true, "value": …}
 *                  {"id": n, "ok": false, "error": {"code", "message", "status"?, "cancelled"?}}
 *
 * readBase's value carries the raw text and WLT photo as base64. The helper holds no card data
 * beyond the request it answers and writes nothing else to stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CardFillError, type ErrorCode } from '../../src/errors';
import { WIN_IA32_HELPER_FILE } from '../native-addon';
import { encodeNativeMessage, NativeMessageDecoder } from '../../src/protocol/framing';
import { SamStatusError, SDT_API_STATUS, statusError } from '../../src/sam/frame';
import { photoFrom, type PhotoDecoder } from './sam-reader';
import {
  isCancelled,
  ReadCancelledError,
  throwIfCancelled,
  type CardReader,
  type RawCardData,
  type ReaderInfo,
  type StepOptions,
} from './types';

/** Env var naming the helper executable (or a .mjs/.js host script to run on this Node). */
export const HELPER32_ENV = 'CARDFILL_HELPER32';
/** Env var that forces the out-of-process path for every sdtapi library ("1"; tests use it on Linux). */
export const HELPER_FORCE_ENV = 'CARDFILL_SDTAPI_HELPER';
/** The 32-bit host executable the release puts beside the 64-bit one on Windows (one name: native-addon.ts). */
export const HELPER32_EXECUTABLE = WIN_IA32_HELPER_FILE;
/** The host command that runs the helper side. */
export const HELPER_COMMAND = 'sdtapi-helper';

/** Bounds of the helper conversation, ms. */
export const HELPER_TIMEOUTS = {
  /** Start-up plus library load and SDT_OpenPort. */
  open: 10_000,
  /** After a cancel: how long the helper may take to finish its vendor call before it is ended. */
  cancelGrace: 1500,
  /** close: SDT_ClosePort and the helper's exit. */
  close: 2000,
} as const;

/** Messages either way are small (the base read is ~2 KiB as base64). */
const HELPER_MAX_MESSAGE = 256 * 1024;

type Op = 'open' | 'find' | 'select' | 'readBase' | 'samStatus' | 'close';

interface HelperReply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: { code: ErrorCode; message: string; status?: number; cancelled?: boolean };
}

/** How to start the helper: CARDFILL_HELPER32, else the 32-bit executable beside this one, else this host's own script. */
export function helperCommand(
  env: NodeJS.ProcessEnv = process.env,
  execPath: string = process.execPath,
  script: string | undefined = process.argv[1],
): { file: string; args: string[] } | null {
  const named = env[HELPER32_ENV];
  if (named)
    return /\.(mjs|cjs|js)$/.test(named) ? { file: execPath, args: [named, HELPER_COMMAND] } : { file: named, args: [HELPER_COMMAND] };
  const beside = join(dirname(execPath), HELPER32_EXECUTABLE);
  if (existsSync(beside)) return { file: beside, args: [HELPER_COMMAND] };
  // Forced helper mode on a development machine: the same host script on this Node.
  if (env[HELPER_FORCE_ENV] === '1' && script && /\.(mjs|cjs|js)$/.test(script)) return { file: execPath, args: [script, HELPER_COMMAND] };
  return null;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const unb64 = (text: unknown) => (typeof text === 'string' ? new Uint8Array(Buffer.from(text, 'base64')) : new Uint8Array(0));

/** Host side: the same CardReader as the in-process one, each step a request to the helper. */
export class HelperSdtapiReader implements CardReader {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: HelperReply) => void; reject: (e: Error) => void }>();
  private opened = false;

  constructor(
    readonly info: ReaderInfo,
    private readonly library: string,
    private readonly port: number,
    private readonly photoDecoder: PhotoDecoder | null = null,
  ) {}

  /** The helper's process id while it runs (tests end it to play a crash). */
  get helperPid(): number | null {
    return this.child?.pid ?? null;
  }

  private start(): ChildProcess {
    if (this.child) return this.child;
    const command = helperCommand();
    if (!command) {
      throw new CardFillError(
        'NO_READER',
        `${this.library} is a 32-bit library and needs the 32-bit helper: put ${HELPER32_EXECUTABLE} beside cardfill-host (the Windows installer does), or name it in ${HELPER32_ENV}`,
      );
    }
    const child = spawn(command.file, command.args, { stdio: ['pipe', 'pipe', 'inherit'], windowsHide: true });
    const decoder = new NativeMessageDecoder(HELPER_MAX_MESSAGE);
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const r of decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
        if (r.kind !== 'message') continue;
        const reply = r.value as HelperReply;
        const waiter = this.pending.get(reply?.id);
        if (!waiter) continue;
        this.pending.delete(reply.id);
        waiter.resolve(reply);
      }
    });
    const gone = (why: string) => {
      if (this.child === child) {
        this.child = null;
        this.opened = false;
      }
      for (const [id, w] of this.pending) {
        this.pending.delete(id);
        w.reject(new CardFillError('NO_READER', `The 32-bit reader helper stopped (${why}); try again`));
      }
    };
    child.on('error', (e) => gone(e.message));
    child.on('exit', (code, signal) => gone(signal ?? `exit ${code}`));
    child.stdin!.on('error', () => undefined);
    this.child = child;
    return child;
  }

  private send(child: ChildProcess, message: object): void {
    child.stdin!.write(encodeNativeMessage(message, HELPER_MAX_MESSAGE));
  }

  /** One step in the helper. A cancel asks the helper to stop; one that does not in time is ended. */
  private async request(op: Op, extra: object, signal?: AbortSignal, timeoutMs?: number): Promise<unknown> {
    throwIfCancelled(signal);
    const child = this.start();
    const id = this.nextId++;
    const reply = new Promise<HelperReply>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    reply.catch(() => undefined);
    this.send(child, { id, op, ...extra });
    let grace: ReturnType<typeof setTimeout> | undefined;
    let limit: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      if (this.child === child) this.send(child, { id: this.nextId++, op: 'cancel', target: id });
      grace = setTimeout(() => child.kill('SIGKILL'), HELPER_TIMEOUTS.cancelGrace);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs) limit = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      const r = await reply;
      if (signal?.aborted) throw new ReadCancelledError();
      if (r.ok) return r.value;
      const e = r.error ?? { code: 'INTERNAL' as const, message: 'The reader helper failed' };
      if (e.cancelled) throw new ReadCancelledError();
      if (typeof e.status === 'number') throw statusError(e.status, SDT_API_STATUS);
      throw new CardFillError(e.code, e.message);
    } catch (e) {
      if (signal?.aborted) {
        // Wait until the helper has really stopped (answered, or was ended) before saying so.
        if (this.child === child && this.pending.has(id)) await reply.catch(() => undefined);
        throw new ReadCancelledError();
      }
      throw e;
    } finally {
      clearTimeout(grace);
      clearTimeout(limit);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async open(options: StepOptions = {}): Promise<void> {
    if (this.opened && this.child) return;
    await this.request('open', { library: this.library, port: this.port }, options.signal, HELPER_TIMEOUTS.open);
    this.opened = true;
  }

  async find(options: StepOptions = {}): Promise<boolean> {
    return (await this.request('find', {}, options.signal)) === true;
  }

  async select(options: StepOptions = {}): Promise<void> {
    await this.request('select', {}, options.signal);
  }

  async readBase(options: StepOptions = {}): Promise<RawCardData> {
    const v = (await this.request('readBase', {}, options.signal)) as {
      text?: string;
      photo?: string;
      appendAddress?: string | null;
    } | null;
    const photo = unb64(v?.photo);
    return {
      text: unb64(v?.text),
      photo: await photoFrom(photo, this.photoDecoder),
      appendAddress: typeof v?.appendAddress === 'string' ? v.appendAddress : null,
    };
  }

  async samStatus(options: StepOptions = {}): Promise<void> {
    await this.request('samStatus', {}, options.signal);
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.opened = false;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await Promise.race([this.request('close', {}).catch(() => undefined), new Promise((r) => setTimeout(r, HELPER_TIMEOUTS.close))]);
    } finally {
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), HELPER_TIMEOUTS.close);
      await exited;
      clearTimeout(timer);
    }
  }
}

/**
 * Helper side (`cardfill-host sdtapi-helper`): load the library in this process and run each
 * request's step, one at a time; a cancel aborts the step it names between vendor calls. Ends
 * when stdin closes.
 */
export async function runSdtapiHelper(
  io: { input: NodeJS.ReadableStream; write: (bytes: Uint8Array) => void } = {
    input: process.stdin,
    write: (bytes) => process.stdout.write(bytes),
  },
): Promise<number> {
  const { DirectSdtapiReader } = await import('./sdtapi');
  let reader: InstanceType<typeof DirectSdtapiReader> | null = null;
  const decoder = new NativeMessageDecoder(HELPER_MAX_MESSAGE);
  const running = new Map<number, AbortController>();
  let queue: Promise<void> = Promise.resolve();
  const reply = (r: HelperReply) => io.write(encodeNativeMessage(r, HELPER_MAX_MESSAGE));

  const step = async (id: number, op: string, m: Record<string, unknown>, signal: AbortSignal): Promise<unknown> => {
    const options = { signal };
    if (op === 'open') {
      if (typeof m['library'] !== 'string' || typeof m['port'] !== 'number')
        throw new CardFillError('BAD_REQUEST', 'open needs library and port');
      reader ??= new DirectSdtapiReader({ spec: `sdtapi:${m['library']}`, kind: 'sdtapi', name: 'helper' }, m['library'], m['port']);
      await reader.open(options);
      return null;
    }
    if (!reader) throw new CardFillError('NO_READER', 'The reader helper has no library open');
    switch (op) {
      case 'find':
        return reader.find(options);
      case 'select':
        return reader.select(options).then(() => null);
      case 'samStatus':
        return reader.samStatus(options).then(() => null);
      case 'readBase': {
        const raw = await reader.readBase(options);
        return { text: b64(raw.text), photo: raw.photo ? b64(raw.photo.bytes) : null, appendAddress: raw.appendAddress };
      }
      case 'close':
        await reader.close();
        return null;
      default:
        throw new CardFillError('BAD_REQUEST', `Unknown helper request ${String(op).slice(0, 20)} (#${id})`);
    }
  };

  io.input.on('data', (chunk: Buffer) => {
    for (const r of decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
      if (r.kind !== 'message' || typeof r.value !== 'object' || r.value === null) continue;
      const m = r.value as Record<string, unknown>;
      const id = typeof m['id'] === 'number' ? m['id'] : -1;
      if (m['op'] === 'cancel') {
        running.get(m['target'] as number)?.abort();
        continue;
      }
      const abort = new AbortController();
      running.set(id, abort);
      queue = queue.then(async () => {
        try {
          reply({ id, ok: true, value: (await step(id, String(m['op']), m, abort.signal)) ?? null });
        } catch (e) {
          const error =
            e instanceof CardFillError
              ? {
                  code: e.code,
                  message: e.message,
                  ...(e instanceof SamStatusError ? { status: e.status } : {}),
                  ...(isCancelled(e) ? { cancelled: true } : {}),
                }
              : { code: 'INTERNAL' as const, message: 'The reader helper failed' };
          reply({ id, ok: false, error });
        } finally {
          running.delete(id);
        }
      });
    }
  });
  await new Promise<void>((resolve) => {
    io.input.on('end', () => resolve());
    io.input.on('error', () => resolve());
  });
  await queue;
  await (reader as InstanceType<typeof DirectSdtapiReader> | null)?.close().catch(() => undefined);
  return 0;
}
