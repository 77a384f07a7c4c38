/**
 * `serial:PATH[@BAUD]`: the SAM frame protocol (docs/card-format.md §1) over a serial port
 * through the `serialport` package. The package (a native addon) is imported lazily, so the host
 * starts fast when no serial reader is used.
 */
import { realpathSync } from 'node:fs';
import { CardFillError } from '../../src/errors';
import { BAUD_PARAM, COMMANDS, DEFAULT_BAUD, encodeRequest, FrameDecoder, parseResponseBody, wireTimeMs } from '../../src/sam/frame';
import { SamFrameReader, type ByteLink, type PhotoDecoder } from './sam-reader';
import { STEP_TIMEOUTS } from './session';
import type { ReaderInfo } from './types';

/** §1.1: 8N1 at 115200 by default; 57600, 38400, 19200 and 9600 are the other rates. */
export const SERIAL_BAUD_RATES: readonly number[] = Object.keys(BAUD_PARAM).map(Number);

type SerialPortModule = typeof import('serialport');
type SerialPortInstance = InstanceType<SerialPortModule['SerialPort']>;

let serialportModule: Promise<SerialPortModule> | null = null;
async function loadSerialport(): Promise<SerialPortModule> {
  serialportModule ??= import('serialport').catch((e: unknown) => {
    serialportModule = null;
    throw new CardFillError(
      'NO_READER',
      `Serial support is not available on this machine (the serialport package did not load: ${(e as Error)?.message ?? e})`,
    );
  });
  return serialportModule;
}

export class SerialLink implements ByteLink {
  private port: SerialPortInstance | null = null;
  private listener: (chunk: Uint8Array) => void = () => {};
  private closeListener: (e: Error | null) => void = () => {};
  private closing = false;

  constructor(
    readonly path: string,
    readonly baud: number,
  ) {}

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    const { SerialPort } = await loadSerialport();
    const port = new SerialPort({ path: this.path, baudRate: this.baud, dataBits: 8, parity: 'none', stopBits: 1, autoOpen: false });
    await new Promise<void>((resolve, reject) => {
      port.open((err) => {
        if (err && /lock/i.test(err.message)) {
          reject(
            new CardFillError(
              'NO_READER',
              `The serial port ${this.path} is in use by another program (or another CardFill window); close it and try again`,
            ),
          );
        } else if (err) {
          reject(
            new CardFillError(
              'NO_READER',
              `The serial port ${this.path} could not be opened (${err.message}). Check that the reader is plugged in and that you may use the port (on Linux: the dialout group)`,
            ),
          );
        } else resolve();
      });
    });
    this.closing = false;
    port.on('data', (chunk: Buffer) => this.listener(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    port.on('close', (err: Error | null) => {
      if (this.port === port) this.port = null;
      if (!this.closing) this.closeListener(err ?? new Error('port closed'));
    });
    port.on('error', () => {
      // 'close' follows an error that ends the port; a lone error surfaces on the next write.
    });
    this.port = port;
  }

  async write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port) throw new CardFillError('NO_READER', `The serial port ${this.path} is not open`);
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes), (err) => (err ? reject(err) : port.drain((e) => (e ? reject(e) : resolve()))));
    });
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.listener = listener;
  }

  onClose(listener: (error: Error | null) => void): void {
    this.closeListener = listener;
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (!port || !port.isOpen) return;
    this.closing = true;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /** For a cancel: discard what is buffered both ways (tcflush / PurgeComm), then close. */
  async abort(): Promise<void> {
    const port = this.port;
    if (port?.isOpen) await new Promise<void>((resolve) => port.flush(() => resolve()));
    await this.close();
  }
}

export class SerialReader extends SamFrameReader {
  constructor(info: ReaderInfo, path: string, baud: number, photoDecoder: PhotoDecoder | null = null) {
    super(info, new SerialLink(path, baud), photoDecoder);
  }
}

/** Parse the part after `serial:` — PATH or PATH@BAUD. */
export function parseSerialTarget(rest: string): { path: string; baud: number } {
  const at = rest.lastIndexOf('@');
  const path = at >= 0 ? rest.slice(0, at) : rest;
  const baudText = at >= 0 ? rest.slice(at + 1) : '';
  if (path === '') throw new CardFillError('BAD_REQUEST', 'A serial reader needs a port: serial:/dev/ttyUSB0 or serial:COM3@115200');
  if (baudText === '') return { path, baud: DEFAULT_BAUD };
  const baud = Number(baudText);
  if (!SERIAL_BAUD_RATES.includes(baud)) {
    throw new CardFillError(
      'BAD_REQUEST',
      `Baud rate "${baudText.slice(0, 20)}" is not one a SAM reader uses; use one of ${SERIAL_BAUD_RATES.join(', ')}`,
    );
  }
  return { path, baud };
}

export function openSerialReader(spec: string, rest: string, photoDecoder: PhotoDecoder | null = null): SerialReader {
  const { path, baud } = parseSerialTarget(rest);
  return new SerialReader({ spec, kind: 'serial', name: `Serial reader on ${path} at ${baud} baud` }, path, baud, photoDecoder);
}

/**
 * Ask a port whether a SAM answers: open it, send 11 FF (SAM status, §1.3) and wait for any
 * well-formed reply. Any reply at all means a reader is there (0x60 too: it is a reader, just
 * unwell). Never throws.
 */
export async function probeSerialPort(path: string, baud = DEFAULT_BAUD, timeoutMs = STEP_TIMEOUTS.samStatus): Promise<boolean> {
  const link = new SerialLink(path, baud);
  try {
    await link.open();
  } catch {
    return false;
  }
  try {
    const decoder = new FrameDecoder();
    const answered = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs + wireTimeMs(22, baud));
      link.onData((chunk) => {
        for (const event of decoder.push(chunk)) {
          if (event.kind !== 'frame') continue;
          try {
            parseResponseBody(event.body);
            clearTimeout(timer);
            resolve(true);
          } catch {
            // not a response frame; keep listening
          }
        }
      });
    });
    await link.write(encodeRequest(COMMANDS.SAM_STATUS));
    return await answered;
  } catch {
    return false;
  } finally {
    await link.close().catch(() => undefined);
  }
}

/**
 * Device names a browser request may name as a serial reader, per platform: the names the
 * operating system gives real serial ports (UARTs, USB-serial bridges, USB CDC-ACM, the Raspberry
 * Pi's AMBA UART, udev's stable by-id/by-path links; macOS call-out and dial-in devices; Windows
 * COM ports). Anything else is accepted only when the port lister reports it (see
 * `isRequestableSerialDevice`). Terminals and consoles are never accepted, whatever lists them:
 * writing SAM frames to the controlling terminal or a console is what this guards against.
 */
export const SERIAL_DEVICE_NAMES: Readonly<Record<'linux' | 'darwin' | 'win32', readonly RegExp[]>> = {
  linux: [/^\/dev\/tty(S|USB|ACM|AMA)\d{1,3}$/, /^\/dev\/serial\/by-(id|path)\/(?!\.\.?$)[\w.:+@-]{1,200}$/],
  darwin: [/^\/dev\/(cu|tty)\.[\w.+-]{1,120}$/],
  win32: [/^COM\d{1,3}$/i],
};

/** Terminals, consoles and pseudo-terminals: never a reader, on any platform. */
const NEVER_SERIAL: readonly RegExp[] = [
  /^\/dev\/(tty|console|ptmx|systty|ttyprintk)$/,
  /^\/dev\/tty\d+$/, // Linux virtual consoles
  /^\/dev\/(pts|pty)\//,
  /^\/dev\/(pty|tty)[p-za-e][0-9a-f]$/, // BSD-style pseudo-terminals
  /^\/dev\/ttys\d+$/, // macOS pseudo-terminals
  /^\/dev\/vcsa?\d*$/,
];

export type SerialPlatform = keyof typeof SERIAL_DEVICE_NAMES;

export function serialPlatform(platform: NodeJS.Platform = process.platform): SerialPlatform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}

export function isNeverSerial(path: string): boolean {
  return NEVER_SERIAL.some((r) => r.test(path));
}

/**
 * Whether a browser request may open `path` as a serial reader: a name the platform uses for
 * serial ports, or one the port lister reported (`listed`), and never a terminal or console.
 * A by-id/by-path link must also point at such a device (the link is resolved when it exists).
 */
export function isRequestableSerialDevice(path: string, options: { platform?: NodeJS.Platform; listed?: readonly string[] } = {}): boolean {
  const platform = serialPlatform(options.platform);
  if (isNeverSerial(path) || path.includes('\0')) return false;
  const named = SERIAL_DEVICE_NAMES[platform].some((r) => r.test(path));
  const listed = options.listed?.includes(path) ?? false;
  if (!named && !listed) return false;
  if (platform !== 'win32' && /^\/dev\/serial\//.test(path)) {
    let target: string;
    try {
      target = realpathSync(path);
    } catch {
      return true; // not there: opening it will say NO_READER
    }
    if (isNeverSerial(target)) return false;
    return SERIAL_DEVICE_NAMES[platform].some((r) => r.test(target)) || (options.listed?.includes(target) ?? false);
  }
  return true;
}

/** Serial ports that look like USB/serial adapters, from SerialPort.list(). */
export async function listSerialPorts(): Promise<string[]> {
  try {
    const { SerialPort } = await loadSerialport();
    const ports = await SerialPort.list();
    return ports.map((p) => p.path).filter((path) => !isNeverSerial(path));
  } catch {
    return [];
  }
}

/** Ports where a SAM answered the status command. */
export async function discoverSerialReaders(): Promise<string[]> {
  const found: string[] = [];
  for (const path of await listSerialPorts()) {
    if (await probeSerialPort(path)) found.push(path);
  }
  return found;
}
