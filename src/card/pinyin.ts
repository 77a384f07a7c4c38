/**
 * The romaniser behind src/card/latin-name.ts: pinyin-pro (toneless, one syllable per character). About 146 KiB
 * min+gzip, so it never goes into the content script: the popup loads this module with a dynamic import only when
 * the card has a Chinese name and no English one, and sends the Latin name with the plan request
 * (src/fill/README.md "Latin names").
 */
import { pinyin } from 'pinyin-pro';
import { latinNameOf, type LatinName } from './latin-name.js';

export function romanise(han: string): string[] {
  return pinyin(han, { toneType: 'none', type: 'array' });
}

export function latinNameWithPinyin(card: { nameZh: string | null; nameEn: string | null }): LatinName | null {
  return latinNameOf(card, romanise);
}
