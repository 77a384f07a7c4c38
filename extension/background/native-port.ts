/**
 * One native messaging port to `cardfill-host` (reference/tooling.md §6: a long-lived port answers
 * in < 1 ms, a new host per message costs ~75 ms). Waits for `hello`, checks the protocol version,
 * matches replies to requests by id, and turns every failure into a DESIGN §3 error value.
 */
import browser from 'webextension-polyfill';
import { CardFillError } from '../../src/errors';
import {
  HOST_NAME,
  PROTOCOL_VERSION,
  type EventMessage,
  type HelloMessage,
  type HostMessage,
  type HostRequest,
} from '../../src/protocol/messages';

type Pending = { resolve: (m: HostMessage) => void; reject: (e: CardFillError) => void; timer: ReturnType<typeof setTimeout> };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type RequestBody = DistributiveOmit<HostRequest, 'id'>;

/** How long the host may take to say hello after start (Node start ≈ 70 ms; slow disks more). */
const HELLO_TIMEOUT_MS = 10_000;

export class NativeHostPort {
  private port: browser.Runtime.Port | null = null;
  private hello: Promise<HelloMessage> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Set<(e: EventMessage) => void>();
  private readonly disconnectListeners = new Set<(e: CardFillError) => void>();
  /**
   * After a VERSION_MISMATCH: which side is older and must be updated (web-eid's
   * checkCompatibility idea, reference/anchors.md §A1 "Versioning"); null otherwise.
   */
  mismatchSide: 'host' | 'extension' | null = null;

  onEvent(listener: (e: EventMessage) => void): void {
    this.eventListeners.add(listener);
  }
  onDisconnect(listener: (e: CardFillError) => void): void {
    this.disconnectListeners.add(listener);
  }

  /** Connects if needed and resolves with the host's hello; rejects HOST_NOT_FOUND / VERSION_MISMATCH. */
  connect(): Promise<HelloMessage> {
    if (this.hello) return this.hello;
    this.hello = new Promise<HelloMessage>((resolve, reject) => {
      let port: browser.Runtime.Port;
      try {
        port = browser.runtime.connectNative(HOST_NAME);
      } catch {
        reject(hostNotFound());
        return;
      }
      this.port = port;
      const helloTimer = setTimeout(() => {
        reject(new CardFillError('TIMEOUT', 'The CardFill host started but did not answer'));
        port.disconnect();
        this.reset(new CardFillError('TIMEOUT', 'The CardFill host did not answer'));
      }, HELLO_TIMEOUT_MS);
      let greeted = false;
      port.onMessage.addListener((raw: unknown) => {
        const message = raw as HostMessage;
        if (!greeted) {
          greeted = true;
          clearTimeout(helloTimer);
          if (message.type !== 'hello') {
            // A host that does not greet first predates protocol 1.
            this.mismatchSide = 'host';
            const error = new CardFillError('VERSION_MISMATCH', 'The CardFill host did not introduce itself; update it');
            reject(error);
            port.disconnect();
            // Our own disconnect() fires no onDisconnect: reset here so the next connect() tries again.
            this.reset(error);
            return;
          }
          if (message.protocol !== PROTOCOL_VERSION) {
            const side = message.protocol < PROTOCOL_VERSION ? 'host' : 'extension';
            this.mismatchSide = side;
            const error = new CardFillError(
              'VERSION_MISMATCH',
              `The CardFill host speaks protocol ${message.protocol}, the extension ${PROTOCOL_VERSION}: update the ${side}`,
            );
            reject(error);
            port.disconnect();
            this.reset(error);
            return;
          }
          this.mismatchSide = null;
          resolve(message);
          return;
        }
        this.dispatch(message);
      });
      port.onDisconnect.addListener((p) => {
        clearTimeout(helloTimer);
        // Chrome reports why through runtime.lastError; Firefox through port.error.
        const reason = (p as { error?: { message?: string } }).error?.message ?? browser.runtime.lastError?.message ?? '';
        const error = /not found|no such native application/i.test(reason)
          ? hostNotFound()
          : /forbidden|not allowed/i.test(reason)
            ? new CardFillError('NOT_ALLOWED', 'This extension is not allowed to use the CardFill host')
            : new CardFillError('INTERNAL', 'The CardFill host stopped');
        if (!greeted) reject(error);
        this.reset(error);
      });
    });
    // A failed connection must not stick: the next call tries again.
    this.hello.catch(() => undefined);
    return this.hello;
  }

  /** `onSent` learns the request's id (a read's id is what a later `cancel` names). */
  async request(body: RequestBody, timeoutMs = 60_000, onSent?: (id: number) => void): Promise<HostMessage> {
    await this.connect();
    const port = this.port;
    if (!port) throw new CardFillError('INTERNAL', 'The CardFill host is not connected');
    const id = this.nextId++;
    return new Promise<HostMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CardFillError('TIMEOUT', 'The CardFill host did not answer in time'));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      port.postMessage({ ...body, id });
      onSent?.(id);
    });
  }

  disconnect(): void {
    this.port?.disconnect();
    this.reset(new CardFillError('INTERNAL', 'Disconnected'));
  }

  private dispatch(message: HostMessage): void {
    if (message.type === 'event') {
      for (const listener of this.eventListeners) listener(message);
      return;
    }
    if (message.type === 'hello' || message.id === null) return; // nothing waits for these
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
