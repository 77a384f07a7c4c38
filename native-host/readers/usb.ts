/**
 * `usb` / `usb:VVVV:PPPP`: the SAM frame protocol (docs/card-format.md) over a vendor-class USB
 * bulk device, the "SAM-USB" interface most certified desk readers carry (docs/readers.md). No
 * kernel driver claims it on Linux and macOS, so it is read directly through libusb — the `usb`
 * package's WebUSB object in production, or any WebUSB-shaped object named by CARDFILL_USB_BINDING
 * (tests and outside checks).
 *
 * Framing: the request header (preamble + length, 7 bytes) goes to bulk OUT 2 and the rest
 * (CMD PARA DATA CHK) to bulk OUT 6; the reply header is read from IN 1 and the body from IN 5,
 * always asking for a multiple of the 64-byte packet size and accepting short packets. Some
 * public code sends the whole frame on one OUT pipe and reads it all from one IN pipe; that
 * framing is tried only when the split framing failed at open.
 *
 * A pending WebUSB transfer has no timeout of its own, so every exchange is bounded here and a
 * stuck one is cancelled by closing the device (close() makes pending transfers reject). The
 * device is released after every read (`closeAfterEachRead`): a claimed interface would lock out
 * every other program.
 */
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CardFillError } from '../../src/errors';
import {
  COMMANDS,
  DEFAULT_BAUD,
  encodeRequest,
  FRAME_HEADER_BYTES,
  FrameDecoder,
  parseResponseBody,
  SamStatusError,
  SW_CHECKSUM_ERROR,
  SW_LENGTH_ERROR,
  startsWithPreambleAt,
  type SamCommand,
  type SamResponse,
} from '../../src/sam/frame';
import { SamFrameReader, type ByteLink, type PhotoDecoder } from './sam-reader';
import type { ReaderInfo } from './types';

/** Env var naming an ES module whose default export replaces the `usb` package's WebUSB object. */
export const USB_BINDING_ENV = 'CARDFILL_USB_BINDING';

export interface KnownUsbReader {
  vendorId: number;
  productId: number;
  name: string;
  /**
   * 'confirmed': several independent programs use this id for a SAM-USB reader speaking SAM frames.
   * 'uncertain': one source names the id for an ID-card reader; whether it speaks the same
   * framing is not established (docs/readers.md lists what was verified).
   */
  confidence: 'confirmed' | 'uncertain';
}

/**
 * USB ids tried by `usb` (in this order) and marked "known" by doctor. 0400:C35A is the
 * public-security standard SAM-USB interface; the others are single-source. The 中软高科 cloud
 * reader (C216:0102) is left out on purpose: it has no local SAM and cannot be read offline.
 */
export const KNOWN_SAM_USB_READERS: readonly KnownUsbReader[] = [
  { vendorId: 0x0400, productId: 0xc35a, name: 'SAM-USB ID-card reader (public-security standard interface)', confidence: 'confirmed' },
  { vendorId: 0x0316, productId: 0x5020, name: 'Synjones (新中新) ID-card reader', confidence: 'uncertain' },
  { vendorId: 0x0483, productId: 0x5652, name: 'ID-card reader (STMicroelectronics vendor id)', confidence: 'uncertain' },
  { vendorId: 0x10c4, productId: 0x8a1b, name: 'Senter (信通) ID-card reader', confidence: 'uncertain' },
  { vendorId: 0x2015, productId: 0x0008, name: 'Senrui (森锐) ID-card reader', confidence: 'uncertain' },
  { vendorId: 0x9573, productId: 0x4836, name: 'Yishu (亿数) ID-card reader', confidence: 'uncertain' },
];

/**
 * Endpoint numbers of the split framing (WebUSB numbers, without the direction bit: IN 0x81 is 1).
 * Two public sources agree on them; whether every firmware uses them is not established.
 */
export const SAM_USB_ENDPOINTS = { requestHeaderOut: 2, requestBodyOut: 6, replyHeaderIn: 1, replyBodyIn: 5 } as const;

/** Full-speed bulk packet size: every IN transfer asks for a multiple of it. */
export const USB_PACKET_BYTES = 64;

/**
 * Bounds of USB operations, ms. The device's own timing is not documented (one program waits
 * 400 ms between header and body); these are generous against the SAM's step budgets.
 */
export const USB_TIMEOUTS = {
  /** getDevices + open + selectConfiguration + claimInterface. */
  open: 3000,
  /** One OUT transfer (a few bytes; the device takes them at once or not at all). */
  transferOut: 1000,
  /** The SAM status probe that decides the framing at open. */
  probe: 800,
  /** releaseInterface / close. */
  close: 1000,
} as const;

/**
 * Passed to the `usb` package as its own transfer timeout: longer than any one exchange the host
 * allows (so the host's bound always speaks first), short enough that a transfer the library does
 * not cancel on close() cannot keep the process alive for long after a read.
 */
const NATIVE_TRANSFER_TIMEOUT_MS = 5000;
const VENDOR_CLASS = 0xff;
/** Zero-length packets tolerated in a row before a reply counts as cut short. */
const MAX_EMPTY_READS = 4;

// --- The WebUSB shape this backend needs (a subset of the W3C WebUSB USBDevice) -------------------

export interface UsbEndpointLike {
  endpointNumber: number;
  direction: 'in' | 'out';
  type?: string;
  packetSize?: number;
}
export interface UsbInterfaceLike {
  interfaceNumber?: number;
  alternate: { interfaceClass: number; endpoints: UsbEndpointLike[] };
}
export interface UsbTransferInResult {
  status: 'ok' | 'stall' | 'babble' | string;
  data?: DataView | Uint8Array | ArrayBuffer | null;
}
export interface UsbTransferOutResult {
  status: 'ok' | 'stall' | string;
  bytesWritten?: number;
}
export interface UsbDeviceLike {
  vendorId: number;
  productId: number;
  productName?: string | null;
  manufacturerName?: string | null;
  configuration?: { configurationValue?: number; interfaces: UsbInterfaceLike[] } | null;
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(value: number): Promise<void>;
  claimInterface(n: number): Promise<void>;
  releaseInterface(n: number): Promise<void>;
  /** The third argument is the `usb` package's own transfer timeout; WebUSB-shaped fakes ignore it. */
  transferOut(endpoint: number, data: Uint8Array, timeoutMs?: number): Promise<UsbTransferOutResult>;
  transferIn(endpoint: number, length: number, timeoutMs?: number): Promise<UsbTransferInResult>;
  clearHalt?(direction: 'in' | 'out', endpoint: number): Promise<void>;
}
export interface WebUsbLike {
  getDevices(): Promise<UsbDeviceLike[]>;
}

// --- Loading the binding ------------------------------------------------------------------------

let productionBinding: Promise<WebUsbLike> | null = null;
const overrideBindings = new Map<string, Promise<WebUsbLike>>();

function checkedBinding(value: unknown, from: string): WebUsbLike {
  if (typeof value !== 'object' || value === null || typeof (value as WebUsbLike).getDevices !== 'function') {
    throw new CardFillError('NO_READER', `${from} does not provide a WebUSB-shaped object (with getDevices())`);
  }
  return value as WebUsbLike;
}

/** The WebUSB object: CARDFILL_USB_BINDING's default export, else `new WebUSB({ allowAllDevices: true })`, loaded lazily. */
export async function loadWebUsb(env: NodeJS.ProcessEnv = process.env): Promise<WebUsbLike> {
  const override = env[USB_BINDING_ENV];
  if (override) {
    let p = overrideBindings.get(override);
    if (!p) {
      p = import(pathToFileURL(resolvePath(override)).href).then(
        (m: { default?: unknown }) => checkedBinding(m.default, `The module in ${USB_BINDING_ENV} (${override})`),
        (e: unknown) => {
          throw new CardFillError(
            'NO_READER',
            `The module in ${USB_BINDING_ENV} (${override}) did not load: ${(e as Error)?.message ?? e}`,
          );
        },
      );
      overrideBindings.set(override, p);
      p.catch(() => overrideBindings.delete(override));
    }
    return p;
  }
  productionBinding ??= import('usb').then(
    (m) => {
      const mod = ((m as { default?: unknown }).default ?? m) as { WebUSB: new (o: { allowAllDevices: boolean }) => unknown };
      return checkedBinding(new mod.WebUSB({ allowAllDevices: true }), 'The usb package');
    },
    (e: unknown) => {
      productionBinding = null;
      throw new CardFillError(
        'NO_READER',
        `USB readers are not available on this machine (the usb package did not load: ${(e as Error)?.message ?? e})`,
      );
    },
  );
  return productionBinding;
}

// --- SPEC ---------------------------------------------------------------------------------------

const hex4 = (n: number) => n.toString(16).padStart(4, '0');
export const usbId = (vendorId: number, productId: number) => `${hex4(vendorId)}:${hex4(productId)}`;

/** Parse the part after `usb:` — nothing (the known ids) or VVVV:PPPP in hex. */
export function parseUsbTarget(target: string | null): { ids: { vendorId: number; productId: number }[]; explicit: boolean } {
  if (target === null) return { ids: KNOWN_SAM_USB_READERS.map(({ vendorId, productId }) => ({ vendorId, productId })), explicit: false };
  const m = /^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$/.exec(target);
  if (!m)
    throw new CardFillError(
      'BAD_REQUEST',
      `"${target.slice(0, 40)}" is not a USB id: write usb or usb:VVVV:PPPP in hex, e.g. usb:0400:c35a`,
    );
  return { ids: [{ vendorId: parseInt(m[1]!, 16), productId: parseInt(m[2]!, 16) }], explicit: true };
}

function knownReader(vendorId: number, productId: number): KnownUsbReader | undefined {
  return KNOWN_SAM_USB_READERS.find((k) => k.vendorId === vendorId && k.productId === productId);
}

function isVendorClass(device: UsbDeviceLike): boolean {
  try {
    return (device.configuration?.interfaces ?? []).some((i) => i.alternate?.interfaceClass === VENDOR_CLASS);
  } catch {
    return false;
  }
}

/** The device to use: the first of `ids` (in order) that is connected — never just any vendor-class device. */
export function pickUsbDevice(
  devices: readonly UsbDeviceLike[],
  ids: readonly { vendorId: number; productId: number }[],
): UsbDeviceLike | undefined {
  for (const id of ids) {
    const d = devices.find((x) => x.vendorId === id.vendorId && x.productId === id.productId);
    if (d) return d;
  }
  return undefined;
}

// --- Small helpers ------------------------------------------------------------------------------

function bytesOf(data: UsbTransferInResult['data']): Uint8Array {
  if (!data) return new Uint8Array(0);
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

const roundUpPackets = (n: number) => Math.max(1, Math.ceil(n / USB_PACKET_BYTES)) * USB_PACKET_BYTES;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const ACCESS_DENIED = /access|permission|EACCES|EPERM|not permitted/i;
const IN_USE = /busy|in use|claim|EBUSY/i;

function openFailure(e: unknown, what: string): CardFillError {
  if (e instanceof CardFillError) return e;
  const text = errorText(e);
  if (ACCESS_DENIED.test(text)) {
    return new CardFillError('NO_READER', `${what} is connected but this user may not open it (${text}). ${USB_PERMISSION_REMEDY}`);
  }
  if (IN_USE.test(text)) {
    return new CardFillError(
      'NO_READER',
      `${what} is in use by another program or driver (${text}); close the vendor's reader software and try again`,
    );
  }
  return new CardFillError('NO_READER', `${what} could not be opened: ${text}`);
}

/** Words for a USB reader this user may not open. */
export const USB_PERMISSION_REMEDY =
  process.platform === 'linux'
    ? 'Install the udev rule that lets the person at the desk use the reader: sudo cardfill-host install --system (or copy native-host/install/60-cardfill-readers.rules to /etc/udev/rules.d/), then unplug and plug the reader in again.'
    : process.platform === 'win32'
      ? 'On Windows the reader belongs to its vendor driver; use the vendor library instead (--reader sdtapi:LIBRARY).'
      : 'Check that no other program holds the reader, then unplug and plug it in again.';

type Framing = 'split' | 'one-pipe';

/** A promise that rejects with `error` after `ms`, and a way to stop the timer. */
function deadline(ms: number, error: () => CardFillError): { promise: Promise<never>; clear: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  promise.catch(() => undefined);
  return { promise, clear: () => clearTimeout(timer) };
}

/** Where the WebUSB object comes from: given directly (in-process tests), else loaded per `env`. */
export interface UsbSource {
  webusb?: WebUsbLike;
  env?: NodeJS.ProcessEnv;
}

// --- The link -----------------------------------------------------------------------------------

/**
 * Moves SAM frames over the USB device: `write` sends one request frame and starts reading its
 * reply, which is handed to the listener as bytes (the SamFrameReader above decodes it).
 */
export class UsbLink implements ByteLink {
  readonly baud = DEFAULT_BAUD;
  private device: UsbDeviceLike | null = null;
  private framing: Framing | null = null;
  private onePipe: { out: number; in: number } = { out: SAM_USB_ENDPOINTS.requestHeaderOut, in: SAM_USB_ENDPOINTS.replyHeaderIn };
  private listener: (chunk: Uint8Array) => void = () => {};
  private closeListener: (error: Error | null) => void = () => {};
  private failListener: (error: CardFillError) => void = () => {};
  /** Bumped by every close: a reply pump of an older generation stays silent. */
  private generation = 0;
  /** Set by abort() (a cancel): an open in progress gives up instead of trying again. */
  private aborting = false;

  constructor(
    private readonly ids: readonly { vendorId: number; productId: number }[],
    private readonly describe: string,
    private readonly source: UsbSource = {},
  ) {}

  get isOpen(): boolean {
    return this.device !== null;
  }

  /** The framing found at open (for doctor and probe traces). */
  get framingInUse(): Framing | null {
    return this.framing;
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.listener = listener;
  }
  onClose(listener: (error: Error | null) => void): void {
    this.closeListener = listener;
  }
  /** A reply that failed on the wire (stall, babble): the pending command fails with this. */
  onFailure(listener: (error: CardFillError) => void): void {
    this.failListener = listener;
  }

  async open(): Promise<void> {
    if (this.device) return;
    this.aborting = false;
    await this.claim();
    if (this.framing) return;
    try {
      this.framing = await this.detectFraming();
    } catch (e) {
      await this.close();
      throw e;
    }
  }

  /** Find the device by id, open it and claim interface 0 — bounded; a late success is closed again. */
  private async claim(): Promise<void> {
    const webusb = this.source.webusb ?? (await loadWebUsb(this.source.env));
    const generation = this.generation;
    let device: UsbDeviceLike | undefined;
    const attempt = (async () => {
      let devices: UsbDeviceLike[];
      try {
        devices = await webusb.getDevices();
      } catch (e) {
        throw new CardFillError('NO_READER', `USB devices could not be listed: ${errorText(e)}`);
      }
      device = pickUsbDevice(devices, this.ids);
      if (!device) {
        throw new CardFillError(
          'NO_READER',
          `No ${this.describe} is connected. Plug the reader in and wait a few seconds; \`cardfill-host doctor\` lists the USB readers it sees`,
        );
      }
      try {
        await device.open();
        if (!device.configuration) await device.selectConfiguration(1);
        await device.claimInterface(0);
      } catch (e) {
        await device.close().catch(() => undefined);
        throw openFailure(e, `The USB reader ${usbId(device.vendorId, device.productId)}`);
      }
      return device;
    })();
    const limit = deadline(
      USB_TIMEOUTS.open,
      () => new CardFillError('TIMEOUT', `The USB reader did not open within ${USB_TIMEOUTS.open} ms`),
    );
    try {
      const opened = await Promise.race([attempt, limit.promise]);
      if (generation !== this.generation || this.aborting) {
        await opened.close().catch(() => undefined);
        throw new CardFillError('NO_READER', 'The USB reader was closed while it opened');
      }
      this.device = opened;
      this.learnOnePipeEndpoints(opened);
    } catch (e) {
      // A late open is undone; the rejection of the abandoned attempt is caught.
      attempt.then(
        (d) => (this.device === d ? undefined : d.close().catch(() => undefined)),
        () => undefined,
      );
      if (device && this.device !== device) await device.close().catch(() => undefined);
      throw e;
    } finally {
      limit.clear();
    }
  }

  /** For the one-pipe fallback: the interface's first bulk OUT and IN endpoints (defaults: OUT 2, IN 1). */
  private learnOnePipeEndpoints(device: UsbDeviceLike): void {
    try {
      const iface =
        device.configuration?.interfaces.find((i) => i.alternate?.interfaceClass === VENDOR_CLASS) ?? device.configuration?.interfaces[0];
      const eps = iface?.alternate.endpoints ?? [];
      const bulk = (d: 'in' | 'out') => eps.find((e) => e.direction === d && (e.type === undefined || e.type === 'bulk'))?.endpointNumber;
      this.onePipe = { out: bulk('out') ?? SAM_USB_ENDPOINTS.requestHeaderOut, in: bulk('in') ?? SAM_USB_ENDPOINTS.replyHeaderIn };
    } catch {
      // keep the defaults
    }
  }

  /**
   * Send SAM status (11 FF) with the split framing; only when that fails, reset the device and
   * try the one-pipe framing. Any well-formed reply decides (a checksum or length complaint
   * about a half-received earlier frame earns one more try on the same framing).
   */
  private async detectFraming(): Promise<Framing> {
    const failures: string[] = [];
    for (const framing of ['split', 'one-pipe'] as const) {
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const reply = await this.exchangeOnce(framing, COMMANDS.SAM_STATUS, USB_TIMEOUTS.probe);
          if (reply.sw3 === SW_CHECKSUM_ERROR || reply.sw3 === SW_LENGTH_ERROR) continue;
          return framing;
        } catch (e) {
          failures.push(`${framing}: ${errorText(e)}`);
          if (this.aborting) throw new CardFillError('NO_READER', `The ${this.describe} was closed while it opened`);
          if (e instanceof CardFillError && e.code === 'NO_READER') throw e;
          // A stuck transfer was cancelled by closing the device: claim it again.
          await this.close();
          await this.claim();
          break;
        }
      }
    }
    await this.close();
    throw new CardFillError(
      'TIMEOUT',
      `The ${this.describe} did not answer the SAM status command (${failures.join('; ').slice(0, 300)}); unplug it and plug it in again`,
    );
  }

  /** One bounded request/reply outside the reader's queue (used only while opening). */
  private async exchangeOnce(framing: Framing, command: SamCommand, ms: number): Promise<SamResponse> {
    const limit = deadline(ms, () => new CardFillError('TIMEOUT', `no reply within ${ms} ms`));
    const generation = this.generation;
    const work = (async () => {
      await this.sendFrame(framing, encodeRequest(command));
      const frame = await this.readFrame(framing, generation);
      const events = new FrameDecoder().push(frame);
      const first = events[0];
      if (!first || first.kind !== 'frame') throw new CardFillError('READ_FAILED', 'the reply was not a SAM frame');
      return parseResponseBody(first.body);
    })();
    work.catch(() => undefined);
    try {
      return await Promise.race([work, limit.promise]);
    } finally {
      limit.clear();
    }
  }

  async write(bytes: Uint8Array): Promise<void> {
    const framing = this.framing;
    if (!this.device || !framing) throw new CardFillError('NO_READER', `The ${this.describe} is not open`);
    const limit = deadline(
      USB_TIMEOUTS.transferOut,
      () => new CardFillError('TIMEOUT', `The USB reader did not take the request within ${USB_TIMEOUTS.transferOut} ms`),
    );
    const sent = this.sendFrame(framing, bytes);
    sent.catch(() => undefined);
    try {
      await Promise.race([sent, limit.promise]);
    } finally {
      limit.clear();
    }
    void this.pump(framing, this.generation);
  }

  /** Read one reply frame and hand it on; failures end the link (unplugged) or the command (stall). */
  private async pump(framing: Framing, generation: number): Promise<void> {
    try {
      const frame = await this.readFrame(framing, generation);
      if (generation === this.generation) this.listener(frame);
    } catch (e) {
      if (generation !== this.generation) return; // closed on purpose: the rejection is expected
      if (e instanceof CardFillError) {
        this.failListener(e);
        return;
      }
      // The device went away (unplugged) or the transfer failed for good.
      const error = e instanceof Error ? e : new Error(String(e));
      await this.close();
      this.closeListener(error);
    }
  }

  private async sendFrame(framing: Framing, frame: Uint8Array): Promise<void> {
    if (framing === 'split') {
      await this.out(SAM_USB_ENDPOINTS.requestHeaderOut, frame.slice(0, FRAME_HEADER_BYTES));
      await this.out(SAM_USB_ENDPOINTS.requestBodyOut, frame.slice(FRAME_HEADER_BYTES));
    } else {
      await this.out(this.onePipe.out, frame.slice());
    }
  }

  /** Header (7 bytes) then exactly LEN more bytes: header pipe then body pipe, or all from one pipe. */
  private async readFrame(framing: Framing, generation: number): Promise<Uint8Array> {
    const headerEp = framing === 'split' ? SAM_USB_ENDPOINTS.replyHeaderIn : this.onePipe.in;
    const bodyEp = framing === 'split' ? SAM_USB_ENDPOINTS.replyBodyIn : this.onePipe.in;
    let got: Uint8Array = new Uint8Array(0);
    let empty = 0;
    while (got.length < FRAME_HEADER_BYTES) {
      const chunk = await this.in(headerEp, USB_PACKET_BYTES, generation);
      empty = chunk.length === 0 ? empty + 1 : 0;
      if (empty > MAX_EMPTY_READS) throw new CardFillError('READ_FAILED', 'The USB reader sent empty packets instead of a reply');
      got = concat(got, chunk);
    }
    if (!startsWithPreambleAt(got)) return got; // not a SAM frame: the decoder says so
    const total = FRAME_HEADER_BYTES + ((got[5]! << 8) | got[6]!);
    while (got.length < total) {
      const chunk = await this.in(bodyEp, roundUpPackets(total - got.length), generation);
      empty = chunk.length === 0 ? empty + 1 : 0;
      if (empty > MAX_EMPTY_READS)
        throw new CardFillError('READ_FAILED', `The USB reader's reply stopped short (${got.length} of ${total} bytes)`);
      got = concat(got, chunk);
    }
    return got.subarray(0, total);
  }

  private async out(endpoint: number, data: Uint8Array): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const device = this.device;
      if (!device) throw new CardFillError('NO_READER', `The ${this.describe} is not open`);
      const r = await device.transferOut(endpoint, data, USB_TIMEOUTS.transferOut);
      if (r.status === 'ok') return;
      if (r.status === 'stall' && attempt === 0 && device.clearHalt) {
        await device.clearHalt('out', endpoint);
        continue;
      }
      throw new CardFillError(
        'READ_FAILED',
        `The USB reader refused the request on endpoint ${endpoint} (${r.status}); unplug it and plug it in again`,
      );
    }
  }

  private async in(endpoint: number, length: number, generation: number): Promise<Uint8Array> {
    for (let attempt = 0; ; attempt++) {
      const device = this.device;
      if (!device || generation !== this.generation) throw new CardFillError('NO_READER', `The ${this.describe} was closed`);
      // The usb package's own transfer timeout is kept long: the host bounds the exchange itself.
      const r = await device.transferIn(endpoint, length, NATIVE_TRANSFER_TIMEOUT_MS);
      if (r.status === 'ok') return bytesOf(r.data);
      if (r.status === 'stall' && attempt === 0 && device.clearHalt) {
        await device.clearHalt('in', endpoint);
        continue;
      }
      throw new CardFillError(
        'READ_FAILED',
        `The USB reader's reply on endpoint ${endpoint} failed (${r.status}); keep the card still and try again`,
      );
    }
  }

  /** For a cancel: close now, and let an open in progress give up. */
  async abort(): Promise<void> {
    this.aborting = true;
    await this.close();
  }

  /** Release the interface and close the device; pending transfers reject (their rejections are caught). */
  async close(): Promise<void> {
    this.generation++;
    const device = this.device;
    this.device = null;
    if (!device) return;
    const bounded = async (p: Promise<void>) => {
      const limit = deadline(USB_TIMEOUTS.close, () => new CardFillError('TIMEOUT', 'close'));
      p.catch(() => undefined);
      try {
        await Promise.race([p, limit.promise]);
      } catch {
        // a device that will not close cleanly is left to the OS
      } finally {
        limit.clear();
      }
    };
    // close() first: it is what cancels a transfer that never ends; the interface goes with it.
    await bounded(device.close());
  }
}

// --- The reader ---------------------------------------------------------------------------------

export class UsbReader extends SamFrameReader {
  readonly closeAfterEachRead = true;

  constructor(
    info: ReaderInfo,
    readonly usb: UsbLink,
    photoDecoder: PhotoDecoder | null = null,
  ) {
    super(info, usb, photoDecoder);
    usb.onFailure((e) => this.failPending(e));
  }

  /** A failed exchange may leave a transfer pending: closing the device cancels it. */
  protected override async transact(command: SamCommand, budgetMs: number, data?: Uint8Array, signal?: AbortSignal): Promise<SamResponse> {
    try {
      return await super.transact(command, budgetMs, data, signal);
    } catch (e) {
      if (!(e instanceof SamStatusError)) await this.usb.close();
      throw e;
    }
  }
}

export function openUsbReader(
  spec: string,
  target: string | null,
  photoDecoder: PhotoDecoder | null = null,
  source: UsbSource = {},
): UsbReader {
  const { ids, explicit } = parseUsbTarget(target);
  const describe = explicit ? `USB reader ${usbId(ids[0]!.vendorId, ids[0]!.productId)}` : 'SAM-USB ID-card reader';
  const known = explicit ? knownReader(ids[0]!.vendorId, ids[0]!.productId) : undefined;
  const name = explicit
    ? known
      ? `${known.name} (USB ${usbId(ids[0]!.vendorId, ids[0]!.productId)})`
      : `USB reader ${usbId(ids[0]!.vendorId, ids[0]!.productId)}`
    : 'SAM-USB ID-card reader (USB)';
  return new UsbReader({ spec, kind: 'usb', name }, new UsbLink(ids, describe, source), photoDecoder);
}

// --- Listing for doctor and auto ----------------------------------------------------------------

export interface UsbReaderListing {
  vendorId: number;
  productId: number;
  name: string;
  /** One of the known SAM-USB ids (else an unknown vendor-class device, never used by `usb`). */
  known: boolean;
  /** Whether this user may open it: tried for known ids only; unknown devices are not opened. */
  permission: 'ok' | 'denied' | 'unknown';
}

/** USB devices with known ids and unknown vendor-class ones. Never throws (no USB → []). */
export async function listUsbReaders(source: UsbSource = {}): Promise<UsbReaderListing[]> {
  let devices: UsbDeviceLike[];
  try {
    const webusb = source.webusb ?? (await loadWebUsb(source.env));
    devices = await Promise.race([webusb.getDevices(), deadline(USB_TIMEOUTS.open, () => new CardFillError('TIMEOUT', 'list')).promise]);
  } catch {
    return [];
  }
  const out: UsbReaderListing[] = [];
  for (const d of devices) {
    const known = knownReader(d.vendorId, d.productId);
    if (!known && !isVendorClass(d)) continue;
    const label = [d.manufacturerName, d.productName]
      .filter((s) => typeof s === 'string' && s.trim() !== '')
      .join(' ')
      .slice(0, 80);
    out.push({
      vendorId: d.vendorId,
      productId: d.productId,
      name: label || known?.name || `Vendor-class USB device ${usbId(d.vendorId, d.productId)}`,
      known: known !== undefined,
      permission: known ? await permissionOf(d) : 'unknown',
    });
  }
  return out;
}

async function permissionOf(device: UsbDeviceLike): Promise<UsbReaderListing['permission']> {
  const limit = deadline(USB_TIMEOUTS.open, () => new CardFillError('TIMEOUT', 'open'));
  const attempt = device.open();
  attempt.catch(() => undefined);
  try {
    await Promise.race([attempt, limit.promise]);
    return 'ok';
  } catch (e) {
    return ACCESS_DENIED.test(errorText(e)) ? 'denied' : 'unknown';
  } finally {
    limit.clear();
    await attempt.then(
      () => device.close().catch(() => undefined),
      () => undefined,
    );
  }
}

/**
 * For `auto`: known SAM-USB readers that this user could open just now. One that could not be
 * opened (no udev rule; on Windows, held by its vendor driver) is left to the other backends.
 */
export async function discoverUsbReaders(source: UsbSource = {}): Promise<ReaderInfo[]> {
  const found: ReaderInfo[] = [];
  for (const r of await listUsbReaders(source)) {
    if (!r.known || r.permission !== 'ok') continue;
    const spec = `usb:${usbId(r.vendorId, r.productId)}`;
    found.push({ spec, kind: 'usb', name: `${r.name} (USB ${usbId(r.vendorId, r.productId)})` });
  }
  return found;
}
