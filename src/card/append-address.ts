/**
 * The card's append (new-address) data, the data part of a 30 03 reply or SDT_ReadNewAppMsg's buffer
 * (docs/card-format.md §2.7). A card layout, so it lives with the other layouts, not in src/sam.
 */
import { CardFillError } from '../errors';
import { APPEND_ADDRESS_ENTRY_BYTES } from './layout';
import { decodeUcs2, trimPadding } from './ucs2';

/**
 * 30 03 append (new-address) data: entries of APPEND_ADDRESS_ENTRY_BYTES UCS-2 bytes (docs/card-format.md §2.7, uncertain),
 * written in order, so the last non-blank entry is the newest address. Null when all are blank.
 * A trailing partial entry is still read (the entry size is uncertain); an odd byte count cannot
 * be UCS-2 and is a BAD_FRAME.
 */
export function parseAppendAddressData(data: Uint8Array): string | null {
  if (data.length % 2 !== 0) {
    throw new CardFillError('BAD_FRAME', `The append-address reply has ${data.length} bytes, not whole UCS-2 characters`);
  }
  let newest: string | null = null;
  for (let at = 0; at < data.length; at += APPEND_ADDRESS_ENTRY_BYTES) {
    const entry = trimPadding(decodeUcs2(data.subarray(at, Math.min(at + APPEND_ADDRESS_ENTRY_BYTES, data.length))));
    if (entry !== '') newest = entry;
  }
  return newest;
}
