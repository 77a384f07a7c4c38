/**
 * One native messaging port to `cardfill-host` (a long-lived port answers in well under a
 * millisecond; starting a host per message would cost a Node start each time).
 * Waits for `hello`, checks the protocol version, matches replies to requests by id, and turns
 * every failure into a typed CardFillError (the codes of src/errors.ts): a request never hangs —
 * it is answered, times out, or is rejected when the port drops.
 *
 * The browser is passed in (`runtime.connectNative` and `runtime.lastError`), so the port is
 * tested directly with a fake (test/extension/background/native-port.test.ts).
 */
import { CardFillError } from '../../src/errors';
import {
  HOST_NAME,
  protocolMismatch,
  type EventMessage,
  type HelloMessage,
  type HostMessage,
  type HostRequest,
} from '../../src/protocol/messages';

type Pending = { resolve: (m: HostMessage) => void; reject: (e: CardFillError) => void; timer: ReturnType<typeof setTimeout> };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type RequestBody = DistributiveOmit<HostRequest, 'id'>;

/** The part of a runtime.Port the host link uses (webextension-polyfill and chrome.* both fit). */
export interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: (port: unknown) => void): void };
}

/** The part of `runtime` the host link uses. */
export interface NativeRuntime {
  connectNative(application: string): PortLike;
  readonly lastError?: { message?: string } | null | undefined;
}

/** How long the host may take to say hello after start (Node starts in ≈ 70 ms; slow disks take more). */
export const HELLO_TIMEOUT_MS = 10_000;
/** Default time a request may take before it is answered with TIMEOUT. */
export const REQUEST_TIMEOUT_MS = 60_000;

export type MismatchSide = 'host' | 'extension';

export class NativeHostPort {
  private port: PortLike | null = null;
  private hello: Promise<HelloMessage> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Set<(e: EventMessage) => void>();
  private readonly disconnectListeners = new Set<(e: CardFillError) => void>();
  private readonly helloTimeoutMs: number;
  /** After a VERSION_MISMATCH: which side is older and must be updated; null otherwise. */
  mismatchSide: MismatchSide | null = null;

  constructor(
    private readonly runtime: NativeRuntime,
    options: { helloTimeoutMs?: number } = {},
  ) {
    this.helloTimeoutMs = options.helloTimeoutMs ?? HELLO_TIMEOUT_MS;
  }

  onEvent(listener: (e: EventMessage) => void): void {
    this.eventListeners.add(listener);
  }
  onDisconnect(listener: (e: CardFillError) => void): void {
    this.disconnectListeners.add(listener);
  }

  /** True while a port is open and greeted or being greeted. */
  get connected(): boolean {
    return this.port !== null;
  }

  /** Connects if needed and resolves with the host's hello; rejects HOST_NOT_FOUND / VERSION_MISMATCH / TIMEOUT. */
  connect(): Promise<HelloMessage> {
    if (this.hello) return this.hello;
    let port: PortLike;
    try {
      port = this.runtime.connectNative(HOST_NAME);
    } catch {
      return Promise.reject(hostNotFound());
    }
    this.port = port;
    this.hello = new Promise<HelloMessage>((resolve, reject) => {
      let greeted = false;
      let closed = false;
      // Our own port.disconnect() fires no onDisconnect: close() resets here so the next connect() tries again.
      const close = (error: CardFillError) => {
        if (closed) return;
        closed = true;
        clearTimeout(helloTimer);
        if (!greeted) reject(error);
        try {
          port.disconnect();
        } catch {
          // Already gone.
        }
        if (this.port === port) this.reset(error);
      };
      const helloTimer = setTimeout(() => {
        close(new CardFillError('TIMEOUT', 'The CardFill host started but did not answer; run "cardfill-host doctor"'));
      }, this.helloTimeoutMs);
      port.onMessage.addListener((raw: unknown) => {
        if (closed) return;
        const message = raw as HostMessage;
        if (!greeted) {
          // A host that does not greet first predates protocol 1: protocolMismatch(null) says so.
          const isHello = typeof message === 'object' && message !== null && message.type === 'hello';
          const mismatch = protocolMismatch(isHello ? (message as HelloMessage).protocol : null);
          if (mismatch) {
            this.mismatchSide = mismatch.update;
            close(mismatch.error);
            return;
          }
          greeted = true;
          clearTimeout(helloTimer);
          this.mismatchSide = null;
          resolve(message as HelloMessage);
          return;
        }
        this.dispatch(message);
      });
      port.onDisconnect.addListener((p: unknown) => {
        if (closed) return;
        closed = true;
        clearTimeout(helloTimer);
        // Chrome reports why through runtime.lastError; Firefox through port.error.
        const reason = (p as { error?: { message?: string } } | null)?.error?.message ?? this.runtime.lastError?.message ?? '';
        const error = /not found|no such native application/i.test(reason)
          ? hostNotFound()
          : /forbidden|not allowed/i.test(reason)
            ? new CardFillError('NOT_ALLOWED', 'This extension may not use the CardFill host; install the host for this extension’s id')
            : new CardFillError('INTERNAL', 'The CardFill host stopped; try again');
        if (!greeted) reject(error);
        if (this.port === port) this.reset(error);
      });
    });
    // A failed connection must not stick (reset clears it); nothing here may be an unhandled rejection.
    this.hello.catch(() => undefined);
    return this.hello;
  }

  /**
   * Send one request and wait for its reply. `onSent` learns the request id once it is on the
   * wire (the read flow needs it to cancel that read). Rejects with a CardFillError on timeout or
   * when the host goes away; an error *reply* resolves like any reply.
   */
  async request(body: RequestBody, timeoutMs = REQUEST_TIMEOUT_MS, onSent?: (id: number) => void): Promise<HostMessage> {
    await this.connect();
    const port = this.port;
    if (!port) throw new CardFillError('INTERNAL', 'The CardFill host is not connected; try again');
    const id = this.nextId++;
    return new Promise<HostMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CardFillError('TIMEOUT', 'The CardFill host did not answer in time'));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      try {
        port.postMessage({ ...body, id });
      } catch {
        this.pending.delete(id);
        clearTimeout(timer);
        reject(new CardFillError('INTERNAL', 'The CardFill host stopped; try again'));
        return;
      }
      onSent?.(id);
    });
  }

  /** Fire-and-forget message (e.g. `cancel`, whose own reply nobody needs to wait for). */
  post(body: RequestBody): number | null {
    if (!this.port) return null;
    const id = this.nextId++;
    try {
      this.port.postMessage({ ...body, id });
      return id;
    } catch {
      return null;
    }
  }

  disconnect(): void {
    const port = this.port;
    if (!port) return;
    try {
      port.disconnect();
    } catch {
      // Already gone.
    }
    this.reset(new CardFillError('INTERNAL', 'Disconnected'));
  }

  private dispatch(message: HostMessage): void {
    if (typeof message !== 'object' || message === null) return;
    if (message.type === 'event') {
      for (const listener of this.eventListeners) listener(message);
      return;
    }
    if (message.type === 'hello' || message.id === null || message.id === undefined) return; // nothing waits for these
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    pending.resolve(message);
  }

  private reset(error: CardFillError): void {
    this.port = null;
    this.hello = null;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(error);
      this.pending.delete(id);
    }
    for (const listener of this.disconnectListeners) listener(error);
  }
}

function hostNotFound(): CardFillError {
  return new CardFillError('HOST_NOT_FOUND', 'The CardFill host program is not installed for this browser');
}
