/**
 * Region of a HK/Macau/Taiwan residence permit from its number prefix
 * (docs/card-format.md §4.4: 810000 = Hong Kong, 820000 = Macau, 830000 = Taiwan).
 */
export type Region = 'HK' | 'MO' | 'TW';

const REGION_BY_PREFIX: Readonly<Record<string, Region>> = { '81': 'HK', '82': 'MO', '83': 'TW' };

export const REGION_NAME_ZH: Readonly<Record<Region, string>> = { HK: '中国香港', MO: '中国澳门', TW: '中国台湾' };

export function regionFromNumber(number: string): Region | null {
  return REGION_BY_PREFIX[number.slice(0, 2)] ?? null;
}
