/**
 * `sdtapi:LIBRARY[#PORT]`: the vendor SDT_* library (reference/card-format.md §6.1) through koffi.
 * Work in progress: the koffi binding lands in the next commit.
 */
import { CardFillError } from '../../src/errors';
import type { CardReader, ReaderInfo } from './types';

export function openSdtapiReader(spec: string, _rest: string): CardReader {
  throw new CardFillError('NO_READER', `The vendor-library backend is not available in this build yet (${spec.slice(0, 80)})`);
}

export async function discoverSdtapiReaders(): Promise<ReaderInfo[]> {
  return [];
}
