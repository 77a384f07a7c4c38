/**
 * Facts shared by the two 12306 profiles (docs/target-forms.md §2). Each uncertain fact lives here once.
 */
import type { CardRecord } from '../card/record.js';
import type { ChoiceOption } from '../fill/types.js';

export function is12306(url: URL): boolean {
  return url.protocol === 'https:' && url.hostname === 'kyfw.12306.cn';
}

/**
 * 12306 country values that are not the ISO alpha-2 code of the country the option names
 * (docs/target-forms.md §2.4, from the registration-page copy and iccfish country.json).
 * Used only when an option's text names no country we know: text matching comes first.
 * [U] rows marked "registration copy only" in the reference: SV, PS, KN, UG, UZ.
 */
export const COUNTRY_VALUES_12306: Record<string, string> = {
  CV: 'KY',
  GE: 'CE',
  GD: 'GL',
  RS: 'CS',
  KP: 'DPR',
  UA: 'UKR',
  VN: 'VIE',
  CR: 'CRC',
  SV: 'EV',
  PS: 'BL',
  KN: 'KNA',
  UG: 'UGA',
  UZ: 'UZB',
};

/**
 * [U] docs/target-forms.md §2.3: the ~2019 site had no residence-permit type and submitted
 * 港澳台居民居住证 as code 1 (the number's 81/82/83 prefix tells it apart). The newest form has K/P.
 * So: when the list has no K/P (or text) option for a residence permit, use the resident-ID option `1`.
 */
const HMT_PERMIT_FALLBACK_CODE = '1';

export function documentTypeFallback12306(card: CardRecord, options: ChoiceOption[]): ChoiceOption | null {
  if (card.kind !== 'hmt-residence-permit') return null;
  return options.find((o) => o.value === HMT_PERMIT_FALLBACK_CODE) ?? null;
}
