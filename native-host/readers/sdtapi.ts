/**
 * `sdtapi:LIBRARY[#PORT]`: a vendor's SDT_* library (sdtapi.dll / libsdtapi.so,
 * docs/card-format.md §6.1) through koffi. koffi is imported lazily so the host starts fast
 * without it. Calls run on koffi's worker threads (`.async`), one at a time per reader, so a
 * slow vendor call never blocks the host's message loop.
 *
 * Return codes are SAM status words (0x90, 0x9F, 0x80 …, §1.4) plus the library's own 1/2/3/5.
 */
import { CardFillError } from '../../src/errors';
import { SDT_API_STATUS, statusError, SW_FIND_OK, SW_NO_CARD, SW_OK } from '../../src/sam/frame';
import { parseAppendAddressData } from '../../src/card/append-address';
import { loadKoffi, type KoffiModule } from './koffi';
import { loadPlan, readLibraryMachine } from './pe';
import { photoFrom, type PhotoDecoder } from './sam-reader';
import { HELPER_FORCE_ENV, HelperSdtapiReader } from './sdtapi-helper';
import { throwIfCancelled, type CardReader, type RawCardData, type ReaderInfo, type StepOptions } from './types';

/** §6.1: 1001–1016 are USB ports, 1–16 COM ports. USB first is what vendor demos default to. */
export const DEFAULT_SDTAPI_PORT = 1001;
/** Env var naming a vendor library for `auto` and `doctor` to try: LIBRARY[#PORT]. */
export const SDTAPI_ENV = 'CARDFILL_SDTAPI';

/**
 * Words for a library that will not load. Many vendor DLLs are 32-bit and cannot load into a
 * 64-bit Node (docs/architecture.md §5); say so, since the OS error ("not a valid Win32 application") is cryptic.
 */
function loadFailureWords(library: string, reason: string): string {
  const win32 =
    process.platform === 'win32'
      ? ' Vendor sdtapi.dll files are often 32-bit; cardfill-host loads those in its 32-bit helper (cardfill-host-ia32.exe beside it).'
      : '';
  return `The vendor reader library ${library} could not be loaded (${reason}).${win32} Check the path, and that the library's own dependencies (termb, WltRS, licence files) sit beside it.`;
}

type AsyncFn = { async: (...args: unknown[]) => void };

interface SdtFunctions {
  openPort: AsyncFn;
  closePort: AsyncFn;
  samStatus: AsyncFn;
  find: AsyncFn;
  select: AsyncFn;
  readBase: AsyncFn;
  readNewApp: AsyncFn | null;
}

/** Load a library and bind the SDT_* functions (stdcall on 32-bit Windows, the default ABI elsewhere). */
export async function bindSdtapi(library: string): Promise<SdtFunctions> {
  const koffi = await loadKoffi('NO_READER', 'Vendor-library support');
  let lib: ReturnType<KoffiModule['load']>;
  try {
    lib = koffi.load(library);
  } catch (e) {
    throw new CardFillError('NO_READER', loadFailureWords(library, (e as Error)?.message ?? String(e)));
  }
  const bind = (proto: string): AsyncFn => {
    try {
      return lib.func(proto) as unknown as AsyncFn;
    } catch (e) {
      throw new CardFillError('NO_READER', `${library} is not an SDT_* reader library: ${(e as Error)?.message ?? e}`);
    }
  };
  let readNewApp: AsyncFn | null = null;
  try {
    readNewApp = lib.func(
      'int __stdcall SDT_ReadNewAppMsg(int port, _Out_ uint8_t *app, _Out_ uint32_t *appLen, int ifOpen)',
    ) as unknown as AsyncFn;
  } catch {
    readNewApp = null; // optional: older libraries have no append-address read
  }
  return {
    openPort: bind('int __stdcall SDT_OpenPort(int port)'),
    closePort: bind('int __stdcall SDT_ClosePort(int port)'),
    samStatus: bind('int __stdcall SDT_GetSAMStatus(int port, int ifOpen)'),
    find: bind('int __stdcall SDT_StartFindIDCard(int port, _Out_ uint8_t *iin, int ifOpen)'),
    select: bind('int __stdcall SDT_SelectIDCard(int port, _Out_ uint8_t *sn, int ifOpen)'),
    readBase: bind(
      'int __stdcall SDT_ReadBaseMsg(int port, _Out_ uint8_t *text, _Out_ uint32_t *textLen, _Out_ uint8_t *photo, _Out_ uint32_t *photoLen, int ifOpen)',
    ),
    readNewApp,
  };
}

function call(fn: AsyncFn, ...args: unknown[]): Promise<number> {
  return new Promise((resolve, reject) => {
    fn.async(...args, (err: unknown, result: number) => (err ? reject(err) : resolve(result)));
  });
}

/** Parse the part after `sdtapi:` — LIBRARY or LIBRARY#PORT. */
export function parseSdtapiTarget(rest: string): { library: string; port: number } {
  const hash = rest.lastIndexOf('#');
  const library = hash >= 0 ? rest.slice(0, hash) : rest;
  const portText = hash >= 0 ? rest.slice(hash + 1) : '';
  if (library === '') {
    throw new CardFillError(
      'BAD_REQUEST',
      'A vendor-library reader needs the library path: sdtapi:/path/to/libsdtapi.so or sdtapi:C:\\Reader\\sdtapi.dll#1001',
    );
  }
  if (portText === '') return { library, port: DEFAULT_SDTAPI_PORT };
  const port = Number(portText);
  if (!Number.isInteger(port) || !((port >= 1 && port <= 16) || (port >= 1001 && port <= 1016))) {
    throw new CardFillError('BAD_REQUEST', `Port "${portText.slice(0, 20)}" is not an sdtapi port: use 1001–1016 for USB or 1–16 for COM`);
  }
  return { library, port };
}

/**
 * The library loaded into this process. Every step checks its cancel signal before and after its
 * vendor call: a call in progress cannot be interrupted, so a cancel stops the read between calls.
 */
export class DirectSdtapiReader implements CardReader {
  private fns: SdtFunctions | null = null;
  private opened = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly info: ReaderInfo,
    private readonly library: string,
    private readonly port: number,
    private readonly photoDecoder: PhotoDecoder | null = null,
  ) {}

  /** One vendor call at a time: the library is single-session (§1.6). */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async fail(code: number): Promise<never> {
    const error = statusError(code, SDT_API_STATUS);
    if (error.code === 'NO_READER') this.opened = false;
    throw error;
  }

  async open(options: StepOptions = {}): Promise<void> {
    return this.serial(async () => {
      throwIfCancelled(options.signal);
      if (this.opened) return;
      this.fns ??= await bindSdtapi(this.library);
      const rc = await call(this.fns.openPort, this.port);
      if (rc !== SW_OK) {
        throw new CardFillError(
          'NO_READER',
          `${statusError(rc, SDT_API_STATUS).message}: no reader answered on port ${this.port} of ${this.library}`,
        );
      }
      this.opened = true;
    });
  }

  private ready(): SdtFunctions {
    if (!this.fns || !this.opened) throw new CardFillError('NO_READER', `The vendor-library reader ${this.info.spec} is not open`);
    return this.fns;
  }

  async find(options: StepOptions = {}): Promise<boolean> {
    return this.serial(async () => {
      throwIfCancelled(options.signal);
      const rc = await call(this.ready().find, this.port, new Uint8Array(4), 0);
      throwIfCancelled(options.signal);
      if (rc === SW_FIND_OK) return true;
      if (rc === SW_NO_CARD) return false;
      return this.fail(rc);
    });
  }

  async select(options: StepOptions = {}): Promise<void> {
    return this.serial(async () => {
      throwIfCancelled(options.signal);
      const rc = await call(this.ready().select, this.port, new Uint8Array(8), 0);
      throwIfCancelled(options.signal);
      if (rc !== SW_OK) await this.fail(rc);
    });
  }

  async readBase(options: StepOptions = {}): Promise<RawCardData> {
    const { signal } = options;
    const raw = await this.serial(async () => {
      throwIfCancelled(signal);
      const fns = this.ready();
      // Buffers larger than the 256/1024 the layout needs: some libraries write a little more.
      const text = new Uint8Array(1024);
      const photo = new Uint8Array(4096);
      const textLen = [0];
      const photoLen = [0];
      const rc = await call(fns.readBase, this.port, text, textLen, photo, photoLen, 0);
      if (rc !== SW_OK) await this.fail(rc);
      throwIfCancelled(signal);
      const tl = Math.min(textLen[0] ?? 0, text.length);
      const pl = Math.min(photoLen[0] ?? 0, photo.length);
      let appendAddress: string | null = null;
      if (fns.readNewApp) {
        const app = new Uint8Array(1024);
        const appLen = [0];
        try {
          const arc = await call(fns.readNewApp, this.port, app, appLen, 0);
          // 0x90 = the card holds a newer address; 0x91 (none) or anything else leaves it null.
          if (arc === SW_OK) appendAddress = parseAppendAddressData(app.subarray(0, Math.min(appLen[0] ?? 0, app.length)));
        } catch {
          appendAddress = null; // the base read succeeded; a failing append read means "none"
        }
      }
      return { text: text.slice(0, tl), photo: photo.slice(0, pl), appendAddress };
    });
    return { text: raw.text, photo: await photoFrom(raw.photo, this.photoDecoder), appendAddress: raw.appendAddress };
  }

  async samStatus(options: StepOptions = {}): Promise<void> {
    return this.serial(async () => {
      throwIfCancelled(options.signal);
      const rc = await call(this.ready().samStatus, this.port, 0);
      if (rc !== SW_OK) await this.fail(rc);
    });
  }

  async close(): Promise<void> {
    return this.serial(async () => {
      if (!this.opened || !this.fns) return;
      this.opened = false;
      await call(this.fns.closePort, this.port).catch(() => undefined);
    });
  }
}

/**
 * `sdtapi:LIBRARY`: decides at open, from the library's header, whether it loads in this process or
 * in the 32-bit helper (a PE32 i386 DLL on 64-bit Windows; or always, when CARDFILL_SDTAPI_HELPER=1
 * forces the out-of-process path). The same CardReader either way.
 */
export class SdtapiReader implements CardReader {
  private target: CardReader | null = null;

  constructor(
    readonly info: ReaderInfo,
    private readonly library: string,
    private readonly port: number,
    private readonly photoDecoder: PhotoDecoder | null = null,
  ) {}

  /** 'in-process' or 'helper' once opened (for doctor and tests). */
  get mode(): 'in-process' | 'helper' | null {
    return this.target === null ? null : this.target instanceof HelperSdtapiReader ? 'helper' : 'in-process';
  }

  private async resolve(): Promise<CardReader> {
    if (this.target) return this.target;
    const forced = process.env[HELPER_FORCE_ENV] === '1';
    const plan = forced ? { mode: 'helper32' as const } : loadPlan(await readLibraryMachine(this.library));
    if (plan.mode === 'impossible') {
      throw new CardFillError('NO_READER', loadFailureWords(this.library, plan.reason));
    }
    this.target =
      plan.mode === 'helper32'
        ? new HelperSdtapiReader(this.info, this.library, this.port, this.photoDecoder)
        : new DirectSdtapiReader(this.info, this.library, this.port, this.photoDecoder);
    return this.target;
  }

  async open(options?: StepOptions): Promise<void> {
    return (await this.resolve()).open(options);
  }
  async find(options?: StepOptions): Promise<boolean> {
    return (await this.resolve()).find(options);
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
    await this.target?.close();
  }
}

export function openSdtapiReader(spec: string, rest: string, photoDecoder: PhotoDecoder | null = null): SdtapiReader {
  const { library, port } = parseSdtapiTarget(rest);
  const where = port >= 1001 ? `USB port ${port}` : `COM${port}`;
  return new SdtapiReader({ spec, kind: 'sdtapi', name: `Vendor library reader (${library}, ${where})` }, library, port, photoDecoder);
}

/**
 * The library named by CARDFILL_SDTAPI, when its reader answers the SAM status call. Vendor
 * libraries are not searched for: loading unknown DLLs is not something to do behind a person's back.
 */
export async function discoverSdtapiReaders(): Promise<ReaderInfo[]> {
  const configured = process.env[SDTAPI_ENV];
  if (!configured) return [];
  let reader: SdtapiReader;
  try {
    reader = openSdtapiReader(`sdtapi:${configured}`, configured);
  } catch {
    return [];
  }
  try {
    await reader.open();
    await reader.samStatus();
    return [reader.info];
  } catch {
    return [];
  } finally {
    await reader.close().catch(() => undefined);
  }
}
