/**
 * 德卡 (DeCard) dcrf32 WebSocket bridge (docs/readers.md, "德卡"): every dcrf32 function can be
 * called as a JSON text frame `{"func": NAME, "in": [strings]}`, answered by
 * `{"result": string, "out": [strings]}`. The read returns the chip's raw 256-byte text and the
 * 1024-byte WLT photo as hex, so the card is decoded by CardFill's own decoder, like a SAM read.
 */
import { CardFillError } from '../../../src/errors';
import { photoFrom } from '../sam-reader';
import type { RawCardData } from '../types';
import { SERVICE_BUDGETS, type ServiceAdapter, type ServiceContext } from './reader';
import { text } from './fields';
import { WsCalls } from './transport';

export const DECARD_DEFAULT_URL = 'ws://127.0.0.1:50150';

/**
 * The dcrf32 calls and their arguments. `dc_init("100", "115200")` opens the USB reader and
 * answers a handle > 0; `dc_exit(handle)` closes it. The read's second argument is [U]: the
 * public samples pass a small mode number whose meaning is not documented; "0" is what they use
 * for text + photo. The positions of the text and photo hex in `out` follow the C signature
 * (text length, text, photo length, photo, fingerprint length, fingerprint, …).
 */
export const DECARD_PROTOCOL = {
  init: 'dc_init',
  initIn: ['100', '115200'],
  read: 'dc_SamAReadCardInfo',
  readMode: '0',
  exit: 'dc_exit',
  /** The read's result when no card lies on the reader. */
  noCard: '-1',
  ok: '0',
  outText: 1,
  outPhoto: 3,
} as const;

const LABEL = '德卡 (DeCard)';
const TEXT_BYTES = 256;

/** Hex text → bytes; null when it is not hex of whole bytes. */
export function hexBytes(value: unknown): Uint8Array | null {
  const s = text(value);
  if (s === null) return new Uint8Array(0);
  if (s.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(s)) return null;
  return new Uint8Array(Buffer.from(s, 'hex'));
}

/** The chip's text and WLT in a dc_SamAReadCardInfo answer (pure), or null when no card lies on the reader. */
export function decardRead(answer: Record<string, unknown>): { text: Uint8Array; photo: Uint8Array } | null {
  const result = text(answer['result']);
  if (result === DECARD_PROTOCOL.noCard) return null;
  if (result !== DECARD_PROTOCOL.ok) {
    throw new CardFillError(
      'READ_FAILED',
      `The ${LABEL} reader could not read the card (${DECARD_PROTOCOL.read} answered ${result?.slice(0, 8) ?? 'nothing'}); keep the card still and try again`,
    );
  }
  const out = Array.isArray(answer['out']) ? (answer['out'] as unknown[]) : null;
  const textBytes = out ? hexBytes(out[DECARD_PROTOCOL.outText]) : null;
  const photoBytes = out ? hexBytes(out[DECARD_PROTOCOL.outPhoto]) : null;
  if (!textBytes || textBytes.length !== TEXT_BYTES || !photoBytes) {
    throw new CardFillError(
      'READ_FAILED',
      `The ${LABEL} service's answer does not hold the card's ${TEXT_BYTES}-byte text as hex; its version may differ from the one CardFill knows`,
    );
  }
  return { text: textBytes, photo: photoBytes };
}

export const decardAdapter: ServiceAdapter = {
  label: LABEL,
  async read(ctx: ServiceContext): Promise<RawCardData | null> {
    const ws = new WsCalls(ctx.url, LABEL);
    try {
      await ws.connect(ctx.budget(SERVICE_BUDGETS.connect), ctx.signal);
      const init = await ws.call(
        { func: DECARD_PROTOCOL.init, in: [...DECARD_PROTOCOL.initIn] },
        DECARD_PROTOCOL.init,
        ctx.budget(SERVICE_BUDGETS.call),
        ctx.signal,
      );
      const handle = text(init['result']);
      if (handle === null || !/^\d+$/.test(handle) || Number(handle) <= 0) {
        throw new CardFillError(
          'NO_READER',
          `The ${LABEL} service runs, but it found no reader (dc_init answered ${handle?.slice(0, 8) ?? 'nothing'}). Plug the reader in and try again`,
        );
      }
      try {
        const answer = await ws.call(
          { func: DECARD_PROTOCOL.read, in: [handle, DECARD_PROTOCOL.readMode] },
          DECARD_PROTOCOL.read,
          ctx.budget(SERVICE_BUDGETS.read),
          ctx.signal,
        );
        const read = decardRead(answer);
        if (read === null) return null;
        return { text: read.text, photo: await photoFrom(read.photo, ctx.photoDecoder), appendAddress: null };
      } finally {
        // Always hand the reader back, with the handle dc_init gave, whatever happened above.
        await ws.call({ func: DECARD_PROTOCOL.exit, in: [handle] }, DECARD_PROTOCOL.exit, SERVICE_BUDGETS.cleanup).catch(() => undefined);
      }
    } finally {
      ws.close();
    }
  },
};
