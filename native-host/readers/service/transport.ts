/**
 * HTTP and WebSocket exchanges with a vendor's local reader service (docs/readers.md,
 * "Vendor services"): loopback only, every exchange bounded by a timeout and an AbortSignal, and
 * every failure a CardFillError — a service that is not running is NO_READER, one that does not
 * answer in time is TIMEOUT, one that answers with something that is not JSON is READ_FAILED.
 * Each exchange is reported to the probe trace as shape only (path, status, byte counts).
 */
import http from 'node:http';
import WebSocket from 'ws';
import { CardFillError } from '../../../src/errors';
import { traceExchange } from '../trace';
import { ReadCancelledError } from '../types';

/** Largest answer a service may send (a BMP photo in base64 is ≈ 52 KB; fingerprints ≈ 2 KB). */
export const MAX_SERVICE_REPLY_BYTES = 4 * 1024 * 1024;

/** Hosts that are this computer. A service URL naming anything else is refused. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Parse and check a service URL: the vendor's scheme, a loopback host, no credentials, query or
 * fragment. Anything else is BAD_REQUEST: a reader SPEC must never point CardFill at the network.
 */
export function parseServiceUrl(raw: string, scheme: 'http:' | 'ws:', vendor: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CardFillError(
      'BAD_REQUEST',
      `"${raw.slice(0, 80)}" is not a URL; the ${vendor} service is named like service:${vendor}@${scheme}//127.0.0.1:PORT`,
    );
  }
  if (url.protocol !== scheme) {
    throw new CardFillError(
      'BAD_REQUEST',
      `The ${vendor} service speaks ${scheme.slice(0, -1)}, not ${url.protocol.slice(0, -1)}: use ${scheme}//127.0.0.1:PORT`,
    );
  }
  if (!isLoopbackHost(url.hostname)) {
    throw new CardFillError(
      'BAD_REQUEST',
      `A reader service must run on this computer (127.0.0.1 or localhost); ${url.hostname.slice(0, 60)} is not allowed`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new CardFillError('BAD_REQUEST', 'A reader service URL has no user name, password, query or fragment');
  }
  if (url.hostname.toLowerCase() === 'localhost') url.hostname = '127.0.0.1'; // the services listen on IPv4
  return url;
}

/** An AbortSignal that fires on `parent` or after `ms`, and a function to stop its timer. */
function bounded(parent: AbortSignal | undefined, ms: number): { signal: AbortSignal; done: () => void; timedOut: () => boolean } {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(
    () => {
      expired = true;
      controller.abort();
    },
    Math.max(1, ms),
  );
  const onParent = () => controller.abort();
  if (parent?.aborted) controller.abort();
  else parent?.addEventListener('abort', onParent, { once: true });
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
    timedOut: () => expired,
  };
}

function cancelled(what: string): CardFillError {
  return new ReadCancelledError(`The read was cancelled while waiting for ${what}`);
}

function connectionError(e: unknown, what: string, vendor: string): CardFillError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EADDRNOTAVAIL' || code === 'EHOSTUNREACH') {
    return new CardFillError(
      'NO_READER',
      `The ${vendor} reader service is not running (nothing answers at ${what}). Start the vendor's service, or plug its reader in, then try again`,
    );
  }
  return new CardFillError(
    'READ_FAILED',
    `The ${vendor} reader service at ${what} failed: ${(e as Error)?.message?.slice(0, 120) ?? 'unknown error'}`,
  );
}

export interface HttpOptions {
  method?: 'GET' | 'POST';
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  vendor: string;
}

export interface HttpAnswer {
  status: number;
  text: string;
}

/** One HTTP exchange with a loopback service, bounded in time and size. */
export function httpRequest(url: URL, options: HttpOptions): Promise<HttpAnswer> {
  const started = Date.now();
  const method = options.method ?? 'GET';
  const body = options.body === undefined ? null : Buffer.from(options.body, 'utf8');
  const where = `${url.host}${url.pathname}`;
  const limit = bounded(options.signal, options.timeoutMs);
  let received: number | null = null;
  let status: number | null = null;
  const result = new Promise<HttpAnswer>((resolve, reject) => {
    if (limit.signal.aborted) return reject(options.signal?.aborted ? cancelled(where) : timeoutError(options, where));
    const request = http.request(
      url,
      {
        method,
        agent: false,
        headers: {
          accept: 'application/json, text/plain, */*',
          ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
        },
      },
      (response) => {
        status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          received = size;
          if (size > MAX_SERVICE_REPLY_BYTES) {
            request.destroy();
            reject(
              new CardFillError(
                'READ_FAILED',
                `The ${options.vendor} service sent more than ${MAX_SERVICE_REPLY_BYTES} bytes; that is not a card`,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: status!, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', (e) => reject(connectionError(e, where, options.vendor)));
      },
    );
    limit.signal.addEventListener(
      'abort',
      () => {
        request.destroy();
        reject(options.signal?.aborted ? cancelled(where) : timeoutError(options, where));
      },
      { once: true },
    );
    request.on('error', (e) =>
      reject(
        limit.signal.aborted
          ? options.signal?.aborted
            ? cancelled(where)
            : timeoutError(options, where)
          : connectionError(e, where, options.vendor),
      ),
    );
    request.end(body ?? undefined);
  });
  return result.then(
    (answer) => {
      limit.done();
      traceExchange({
        transport: 'http',
        command: `${method} ${url.pathname}`,
        status: String(answer.status),
        sentBytes: body?.length ?? 0,
        receivedBytes: received ?? 0,
        outcome: 'ok',
        ms: Date.now() - started,
      });
      return answer;
    },
    (e: CardFillError) => {
      limit.done();
      traceExchange({
        transport: 'http',
        command: `${method} ${url.pathname}`,
        status: status === null ? null : String(status),
        sentBytes: body?.length ?? 0,
        receivedBytes: received,
        outcome: e.code,
        ms: Date.now() - started,
      });
      throw e;
    },
  );
}

function timeoutError(options: { timeoutMs: number; vendor: string }, where: string): CardFillError {
  return new CardFillError(
    'TIMEOUT',
    `The ${options.vendor} reader service at ${where} did not answer within ${(options.timeoutMs / 1000).toFixed(1)} s; restart the vendor's service and try again`,
  );
}

/** Parse a service's answer as a JSON object (a JSONP wrapper `cb({...})` is unwrapped). */
export function parseServiceJson(text: string, vendor: string): Record<string, unknown> {
  let body = text.trim().replace(/^\uFEFF/, '');
  const jsonp = /^[\w$.]+\s*\(([\s\S]*)\)\s*;?$/.exec(body);
  if (jsonp) body = jsonp[1]!;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new CardFillError(
      'READ_FAILED',
      `The ${vendor} reader service answered with something that is not JSON; it may be another program on that port`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CardFillError('READ_FAILED', `The ${vendor} reader service answered with JSON that is not an object`);
  }
  return value as Record<string, unknown>;
}

/** GET or POST, then parse JSON; an HTTP error status is READ_FAILED with the status named. */
export async function httpJson(url: URL, options: HttpOptions): Promise<Record<string, unknown>> {
  const answer = await httpRequest(url, options);
  if (answer.status === 404) {
    throw new CardFillError(
      'READ_FAILED',
      `The ${options.vendor} reader service has no ${url.pathname} (HTTP 404); it may be another program on that port, or a version CardFill does not know`,
    );
  }
  if (answer.status < 200 || answer.status >= 300) {
    throw new CardFillError('READ_FAILED', `The ${options.vendor} reader service answered HTTP ${answer.status} to ${url.pathname}`);
  }
  return parseServiceJson(answer.text, options.vendor);
}

/**
 * A WebSocket connection that carries one call at a time: send a text frame, take the next text
 * frame as its answer. Services of this kind (the 德卡 dcrf32 bridge) answer in order and carry
 * no request ids.
 */
export class WsCalls {
  private socket: WebSocket | null = null;
  private waiting: { resolve: (text: string) => void; reject: (e: CardFillError) => void } | null = null;

  constructor(
    private readonly url: URL,
    private readonly vendor: string,
  ) {}

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  async connect(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const started = Date.now();
    const where = this.url.host;
    const limit = bounded(signal, timeoutMs);
    try {
      await new Promise<void>((resolve, reject) => {
        if (limit.signal.aborted)
          return reject(signal?.aborted ? cancelled(where) : timeoutError({ timeoutMs, vendor: this.vendor }, where));
        const socket = new WebSocket(this.url, {
          handshakeTimeout: timeoutMs,
          maxPayload: MAX_SERVICE_REPLY_BYTES,
          perMessageDeflate: false,
        });
        this.socket = socket;
        socket.on('open', () => resolve());
        socket.on('error', (e) => {
          const failure = limit.signal.aborted
            ? timeoutError({ timeoutMs, vendor: this.vendor }, where)
            : /Unexpected server response/.test((e as Error).message)
              ? new CardFillError('READ_FAILED', `The program at ${where} is not the ${this.vendor} WebSocket service`)
              : connectionError(e, where, this.vendor);
          reject(failure);
          this.failWaiting(failure);
        });
        socket.on('message', (data, isBinary) => this.onMessage(isBinary ? null : data.toString()));
        socket.on('close', () =>
          this.failWaiting(
            new CardFillError('READ_FAILED', `The ${this.vendor} reader service closed the connection in the middle of a call`),
          ),
        );
        limit.signal.addEventListener(
          'abort',
          () => {
            reject(signal?.aborted ? cancelled(where) : timeoutError({ timeoutMs, vendor: this.vendor }, where));
            socket.terminate();
          },
          { once: true },
        );
      });
      traceExchange({
        transport: 'ws',
        command: 'connect',
        status: '101',
        sentBytes: 0,
        receivedBytes: 0,
        outcome: 'ok',
        ms: Date.now() - started,
      });
    } catch (e) {
      traceExchange({
        transport: 'ws',
        command: 'connect',
        status: null,
        sentBytes: 0,
        receivedBytes: null,
        outcome: (e as CardFillError).code ?? 'error',
        ms: Date.now() - started,
      });
      this.close();
      throw e;
    } finally {
      limit.done();
    }
  }

  private onMessage(text: string | null): void {
    const waiting = this.waiting;
    this.waiting = null;
    if (!waiting) return; // an answer nobody waits for (after a timeout) is dropped
    if (text === null)
      waiting.reject(new CardFillError('READ_FAILED', `The ${this.vendor} reader service sent a binary frame where text was expected`));
    else waiting.resolve(text);
  }

  private failWaiting(e: CardFillError): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(e);
  }

  /** Send one JSON call and wait for the next text frame; `label` names it in the trace. */
  async call(message: Record<string, unknown>, label: string, timeoutMs: number, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const started = Date.now();
    const text = JSON.stringify(message);
    const sent = Buffer.byteLength(text);
    let received: number | null = null;
    const limit = bounded(signal, timeoutMs);
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        if (!this.connected) return reject(new CardFillError('NO_READER', `The ${this.vendor} reader service connection is closed`));
        if (limit.signal.aborted)
          return reject(
            signal?.aborted ? cancelled(label) : timeoutError({ timeoutMs, vendor: this.vendor }, `${this.url.host} (${label})`),
          );
        this.waiting = { resolve, reject };
        limit.signal.addEventListener(
          'abort',
          () => {
            this.waiting = null;
            reject(signal?.aborted ? cancelled(label) : timeoutError({ timeoutMs, vendor: this.vendor }, `${this.url.host} (${label})`));
          },
          { once: true },
        );
        this.socket!.send(text, (e) => {
          if (e) reject(connectionError(e, this.url.host, this.vendor));
        });
      });
      received = Buffer.byteLength(answer);
      const parsed = parseServiceJson(answer, this.vendor);
      traceExchange({
        transport: 'ws',
        command: label,
        status: resultCode(parsed['result']),
        sentBytes: sent,
        receivedBytes: received,
        outcome: 'ok',
        ms: Date.now() - started,
      });
      return parsed;
    } catch (e) {
      traceExchange({
        transport: 'ws',
        command: label,
        status: null,
        sentBytes: sent,
        receivedBytes: received,
        outcome: (e as CardFillError).code ?? 'error',
        ms: Date.now() - started,
      });
      throw e;
    } finally {
      limit.done();
    }
  }

  close(): void {
    const socket = this.socket;
    this.socket = null;
    this.failWaiting(new CardFillError('READ_FAILED', `The ${this.vendor} reader service connection was closed`));
    if (!socket) return;
    try {
      socket.terminate();
    } catch {
      // already gone
    }
  }
}

/** A result code for the trace: a short number, never a value that could be card data. */
function resultCode(value: unknown): string | null {
  const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  return /^-?\d{1,6}$/.test(s) ? s : s === '' ? null : '(text)';
}

/** Whether anything answers at a loopback URL within `ms` (doctor, `auto`): true, or why not. */
export async function serviceAnswers(url: URL, ms: number): Promise<boolean> {
  if (url.protocol === 'ws:') {
    const calls = new WsCalls(url, 'probe');
    try {
      await calls.connect(ms);
      return true;
    } catch {
      return false;
    } finally {
      calls.close();
    }
  }
  try {
    await httpRequest(url, { timeoutMs: ms, vendor: 'probe' });
    return true; // any HTTP answer, whatever its status, means a program listens there
  } catch {
    return false;
  }
}
