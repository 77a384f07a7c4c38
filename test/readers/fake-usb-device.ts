/**
 * A fake SAM-USB reader with a WebUSB-shaped interface, answering with the simulator's bytes
 * (native-host/readers/sim-device.ts). It keeps the rules a real WebUSB device and the SAM-USB
 * firmware impose, and refuses what breaks them, so a host that breaks them fails its tests:
 *  - transfers only after open() and claimInterface(0); transferOut takes a Uint8Array;
 *  - IN transfers ask for a multiple of 64 bytes; replies come in pieces (short packets);
 *  - split framing: request header (7 bytes) on OUT 2, the rest on OUT 6; reply header on IN 1,
 *    body on IN 5 (the one-pipe variant: whole frames on OUT 2 / IN 1);
 *  - a pending transfer never ends by itself; close() rejects it.
 * Faults: unplug-mid-read, no-card, checksum, stall (once, until clearHalt), stall-always,
 * silence, and `onePipe: true` for a device that only takes whole frames on one pipe.
 *
 * Default export (for CARDFILL_USB_BINDING): a WebUSB-shaped object configured from env
 * CARDFILL_FAKE_USB (JSON of FakeUsbOptions). The tests bundle this file with esbuild for the
 * built host.
 */
import { SYNTHETIC_CARDS, type SyntheticCardName } from '../../src/card/synthetic';
import { SimSamDevice } from '../../native-host/readers/sim-device';

export type FakeUsbFault = 'unplug-mid-read' | 'no-card' | 'checksum' | 'stall' | 'stall-always' | 'silence';

export interface FakeUsbOptions {
  card?: SyntheticCardName | null;
  fault?: FakeUsbFault | null;
  onePipe?: boolean;
  vendorId?: number;
  productId?: number;
  /** Put an unrelated vendor-class device first in the list (the host must pick by id). */
  decoyFirst?: boolean;
  /** Most bytes one body IN transfer returns (default 200: not a multiple of 64, so short packets happen). */
  bodyPiece?: number;
}

const PACKET = 64;
const HEADER = 7;
const READ_BASE = [0x30, 0x01];

class DomLikeError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
}

export class FakeSamUsbDevice {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName = 'Fake SAM-USB reader';
  readonly manufacturerName = 'CardFill tests';
  readonly sim: SimSamDevice;
  readonly calls: string[] = [];
  opened = false;
  claimed = false;
  unplugged = false;
  /** Errors seen: contract breaches by the host. */
  readonly breaches: string[] = [];
  private header: Uint8Array | null = null;
  private replyHeader: Uint8Array | null = null;
  private replyBody = new Uint8Array(0);
  private stream = new Uint8Array(0);
  private waiters = new Set<Waiter>();
  private stalled = false;
  private readingBase = false;

  constructor(private readonly options: FakeUsbOptions = {}) {
    this.vendorId = options.vendorId ?? 0x0400;
    this.productId = options.productId ?? 0xc35a;
    const card = options.card === undefined ? 'resident' : options.card;
    const simFault = options.fault === 'no-card' || options.fault === 'checksum' || options.fault === 'silence' ? options.fault : null;
    this.sim = new SimSamDevice({ card, fault: simFault });
  }

  get configuration() {
    const ep = (endpointNumber: number, direction: 'in' | 'out') => ({ endpointNumber, direction, type: 'bulk', packetSize: PACKET });
    const endpoints = this.options.onePipe ? [ep(2, 'out'), ep(1, 'in')] : [ep(2, 'out'), ep(6, 'out'), ep(1, 'in'), ep(5, 'in')];
    return {
      configurationValue: 1,
      interfaces: [{ interfaceNumber: 0, claimed: this.claimed, alternate: { interfaceClass: 0xff, endpoints } }],
    };
  }

  private outEndpoints(): number[] {
    return this.options.onePipe ? [2] : [2, 6];
  }
  private inEndpoints(): number[] {
    return this.options.onePipe ? [1] : [1, 5];
  }

  private gone(): DomLikeError {
    return new DomLikeError('NetworkError', 'A transfer error has occurred: the device was disconnected');
  }

  async open(): Promise<void> {
    this.calls.push('open');
    if (this.unplugged) throw this.gone();
    this.opened = true;
  }

  async selectConfiguration(value: number): Promise<void> {
    this.calls.push(`selectConfiguration(${value})`);
    if (!this.opened) throw new DomLikeError('InvalidStateError', 'The device must be opened first');
  }

  async claimInterface(n: number): Promise<void> {
    this.calls.push(`claimInterface(${n})`);
    if (!this.opened) throw new DomLikeError('InvalidStateError', 'The device must be opened first');
    if (n !== 0) throw new DomLikeError('NotFoundError', `No interface ${n}`);
    this.claimed = true;
  }

  async releaseInterface(n: number): Promise<void> {
    this.calls.push(`releaseInterface(${n})`);
    this.claimed = false;
  }

  async close(): Promise<void> {
    this.calls.push('close');
    this.opened = false;
    this.claimed = false;
    this.header = null;
    for (const w of this.waiters) w.reject(new DomLikeError('AbortError', 'The transfer was cancelled'));
    this.waiters.clear();
  }

  async clearHalt(direction: 'in' | 'out', endpoint: number): Promise<void> {
    this.calls.push(`clearHalt(${direction},${endpoint})`);
    if (this.options.fault === 'stall') this.stalled = false;
  }

  private checkReady(what: string): void {
    if (this.unplugged) throw this.gone();
    if (!this.opened || !this.claimed) {
      this.breaches.push(`${what} before open()+claimInterface(0)`);
      throw new DomLikeError('InvalidStateError', 'The device must be opened and its interface claimed first');
    }
  }

  async transferOut(endpoint: number, data: Uint8Array): Promise<{ status: string; bytesWritten: number }> {
    this.calls.push(`out(${endpoint},${data?.length})`);
    this.checkReady('transferOut');
    if (!(data instanceof Uint8Array)) {
      this.breaches.push('transferOut without a Uint8Array');
      throw new TypeError('data must be a Uint8Array');
    }
    if (!this.outEndpoints().includes(endpoint)) throw new DomLikeError('NotFoundError', `No OUT endpoint ${endpoint}`);
    let frame: Uint8Array | null = null;
    if (this.options.onePipe) {
      frame = data;
    } else if (endpoint === 2) {
      // A whole frame on OUT 2 is the one-pipe fallback: allowed only after the split framing was tried.
      if (data.length !== HEADER && !this.calls.some((c) => c.startsWith('out(6,')))
        this.breaches.push(`a ${data.length}-byte frame on OUT 2 before the split framing was tried`);
      this.header = data.slice();
    } else {
      if (!this.header) {
        this.breaches.push('body on OUT 6 without a header on OUT 2');
        return { status: 'ok', bytesWritten: data.length };
      }
      frame = new Uint8Array(this.header.length + data.length);
      frame.set(this.header, 0);
      frame.set(data, this.header.length);
      this.header = null;
    }
    if (frame) this.take(frame);
    return { status: 'ok', bytesWritten: data.length };
  }

  private take(frame: Uint8Array): void {
    this.readingBase = frame[7] === READ_BASE[0] && frame[8] === READ_BASE[1];
    if (this.readingBase && this.options.fault === 'stall') this.stalled = true;
    const replies = this.sim.receive(frame);
    setTimeout(() => {
      for (const reply of replies) {
        if (this.options.onePipe) {
          const joined = new Uint8Array(this.stream.length + reply.length);
          joined.set(this.stream, 0);
          joined.set(reply, this.stream.length);
          this.stream = joined;
        } else {
          this.replyHeader = reply.slice(0, HEADER);
          // Unplugged mid-read: the body of the read reply never comes.
          this.replyBody = this.readingBase && this.options.fault === 'unplug-mid-read' ? new Uint8Array(0) : reply.slice(HEADER);
        }
      }
      for (const w of this.waiters) w.resolve();
      this.waiters.clear();
    }, 2);
  }

  /** Wait until `ready()` or close()/unplug; a transfer never times out by itself. */
  private async until(ready: () => boolean): Promise<void> {
    while (!ready()) {
      await new Promise<void>((resolve, reject) => this.waiters.add({ resolve, reject }));
      if (this.unplugged) throw this.gone();
    }
  }

  async transferIn(endpoint: number, length: number): Promise<{ status: string; data?: DataView }> {
    this.calls.push(`in(${endpoint},${length})`);
    this.checkReady('transferIn');
    if (!this.inEndpoints().includes(endpoint)) throw new DomLikeError('NotFoundError', `No IN endpoint ${endpoint}`);
    if (length <= 0 || length % PACKET !== 0) {
      this.breaches.push(`transferIn of ${length} bytes (not a multiple of ${PACKET})`);
      throw new TypeError(`length ${length} is not a multiple of the packet size`);
    }
    const view = (bytes: Uint8Array) => ({ status: 'ok', data: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    if (this.options.onePipe) {
      await this.until(() => this.stream.length > 0);
      const n = Math.min(length, PACKET, this.stream.length);
      const out = this.stream.slice(0, n);
      this.stream = this.stream.slice(n);
      return view(out);
    }
    if (endpoint === 1) {
      await this.until(() => this.replyHeader !== null);
      const out = this.replyHeader!;
      this.replyHeader = null;
      if (this.readingBase && this.options.fault === 'unplug-mid-read') {
        // The cable is pulled after the header went out: the body never comes.
        setTimeout(() => this.unplug(), 5);
      }
      return view(out);
    }
    if (this.readingBase && (this.stalled || this.options.fault === 'stall-always')) return { status: 'stall' };
    await this.until(() => this.replyBody.length > 0);
    const n = Math.min(length, this.options.bodyPiece ?? 200, this.replyBody.length);
    const out = this.replyBody.slice(0, n);
    this.replyBody = this.replyBody.slice(n);
    return view(out);
  }

  /** Pull the cable: pending transfers fail, the device leaves the list. */
  unplug(): void {
    this.unplugged = true;
    this.opened = false;
    this.claimed = false;
    for (const w of this.waiters) w.reject(this.gone());
    this.waiters.clear();
  }
}

/** A vendor-class device that is no reader: the host must never pick it. */
class DecoyDevice extends FakeSamUsbDevice {
  constructor() {
    super({ vendorId: 0x1234, productId: 0x5678, card: null });
  }
  override async open(): Promise<void> {
    this.breaches.push('the decoy device was opened');
    throw new DomLikeError('SecurityError', 'not this one');
  }
}

export interface FakeWebUsb {
  getDevices(): Promise<FakeSamUsbDevice[]>;
  readonly reader: FakeSamUsbDevice;
  readonly all: FakeSamUsbDevice[];
}

export function createFakeWebUsb(options: FakeUsbOptions = {}): FakeWebUsb {
  const reader = new FakeSamUsbDevice(options);
  const all = options.decoyFirst ? [new DecoyDevice(), reader] : [reader];
  return {
    reader,
    all,
    async getDevices() {
      return all.filter((d) => !d.unplugged);
    },
  };
}

function fromEnv(): FakeWebUsb {
  let options: FakeUsbOptions = {};
  try {
    options = JSON.parse(process.env['CARDFILL_FAKE_USB'] ?? '{}') as FakeUsbOptions;
  } catch {
    options = {};
  }
  if (options.card !== undefined && options.card !== null && !(options.card in SYNTHETIC_CARDS)) options.card = 'resident';
  return createFakeWebUsb(options);
}

export default fromEnv();
