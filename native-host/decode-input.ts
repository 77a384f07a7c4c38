/**
 * Input of `cardfill-host decode FILE` (docs/architecture.md §4): a 256-byte text block, or a whole reader
 * response frame to 30 01 or 30 10 (docs/card-format.md §1.5). Frames go through the same
 * codec as live reads, so a cut-short or corrupted frame is a BAD_FRAME with words, not a crash.
 */
import { decodeCardText, WLT_MIME } from '../src/card/decode';
import type { CardRecord } from '../src/card/record';
import { TEXT_BLOCK_BYTES } from '../src/card/layout';
import { CardFillError } from '../src/errors';
import {
  decodeSingleFrame,
  parseReadBaseData,
  parseReadBaseFpData,
  parseResponseBody,
  startsWithPreambleAt,
  statusError,
  SW_OK,
  type BaseMessage,
} from '../src/sam/frame';

/**
 * The data of a successful read reply, laid out as 30 01 or 30 10. The two layouts cannot be
 * confused: read as 30 01, a 30 10 reply's length fields fall short of its size by at least 2.
 */
function parseReadData(data: Uint8Array): BaseMessage {
  try {
    return parseReadBaseData(data);
  } catch (first) {
    try {
      return parseReadBaseFpData(data);
    } catch {
      throw first;
    }
  }
}

export function decodeInput(bytes: Uint8Array, options: { today?: string } = {}): CardRecord {
  const decodeOptions = options.today ? { today: options.today } : {};
  if (!startsWithPreambleAt(bytes)) {
    if (bytes.length === TEXT_BLOCK_BYTES) return decodeCardText(bytes, decodeOptions);
    throw new CardFillError(
      'BAD_TEXT',
      `The input is ${bytes.length} bytes: expected a ${TEXT_BLOCK_BYTES}-byte card text block or a reader frame starting AA AA AA 96 69`,
    );
  }
  const response = parseResponseBody(decodeSingleFrame(bytes));
  if (response.sw3 !== SW_OK) throw statusError(response.sw3);
  const message = parseReadData(response.data);
  return decodeCardText(message.text, {
    ...decodeOptions,
    photo: message.photo.length > 0 ? { mime: WLT_MIME, bytes: message.photo } : null,
  });
}

/** Hex text (`--hex`): pairs of hex digits; whitespace, colons and a 0x prefix per byte allowed. */
export function parseHexInput(text: string): Uint8Array {
  const cleaned = text.replace(/(^|[\s:])0x/gi, '$1').replace(/[\s:]+/g, '');
  if (!/^[0-9a-f]*$/i.test(cleaned)) {
    throw new CardFillError('BAD_REQUEST', 'The hex input holds characters other than hex digits, spaces and colons');
  }
  if (cleaned.length % 2 !== 0) {
    throw new CardFillError('BAD_REQUEST', `The hex input has an odd number of digits (${cleaned.length}); each byte needs two`);
  }
  const out = new Uint8Array(cleaned.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(cleaned.slice(2 * i, 2 * i + 2), 16);
  return out;
}
