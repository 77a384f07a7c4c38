/**
 * Nationality codes: the chip carries ISO 3166-1 alpha-3 letters (GB/T 2659) for 'I' and 'Y'
 * cards (docs/card-format.md §3.3). Names come from i18n-iso-countries (MIT, en + zh), as
 * docs/target-forms.md §8 recommends, with Chinese government naming for HK/MO/TW.
 *
 * The browser entry of the package (index.js) is imported on purpose, with only the two locales
 * registered: the Node entry loads every language, which would bloat the extension bundle.
 */
import countries from 'i18n-iso-countries/index.js';
import en from 'i18n-iso-countries/langs/en.json';
import zh from 'i18n-iso-countries/langs/zh.json';
import type { Nationality } from '../record';

countries.registerLocale(en);
countries.registerLocale(zh);

/**
 * docs/target-forms.md §8: the package says 香港 / 澳门 / 中国台湾省; mainland forms and
 * documents write 中国香港 / 中国澳门 / 中国台湾.
 */
export const COUNTRY_NAME_ZH_OVERRIDES: Readonly<Record<string, string>> = {
  HKG: '中国香港',
  MAC: '中国澳门',
  TWN: '中国台湾',
};

/**
 * English overrides: the package's official names "People's Republic of China" and
 * "Taiwan, Province of China" are not what English-language forms list.
 */
export const COUNTRY_NAME_EN_OVERRIDES: Readonly<Record<string, string>> = {
  CHN: 'China',
  TWN: 'Taiwan, China',
};

/**
 * Look up an alpha-3 code. Unknown codes (e.g. a stateless "000" [U], §3.3) keep the raw letters
 * with every other field null, so the person still sees what the chip said.
 */
export function countryByAlpha3(alpha3: string): Nationality {
  const code = alpha3.trim().toUpperCase();
  const alpha2 = countries.alpha3ToAlpha2(code) ?? null;
  if (alpha2 === null) return { alpha3: code, alpha2: null, numeric: null, nameZh: null, nameEn: null };
  return {
    alpha3: code,
    alpha2,
    numeric: countries.alpha3ToNumeric(code) ?? null,
    nameZh: COUNTRY_NAME_ZH_OVERRIDES[code] ?? countries.getName(code, 'zh') ?? null,
    nameEn: COUNTRY_NAME_EN_OVERRIDES[code] ?? countries.getName(code, 'en') ?? null,
  };
}

/** The ISO numeric code of a 2023 card number (digits 4–6, §4.2) back to a country, or null. */
export function countryByNumeric(numeric: string): Nationality | null {
  const alpha3 = countries.numericToAlpha3(numeric);
  return alpha3 ? countryByAlpha3(alpha3) : null;
}

/** Every known country, for pickers and for the fill formatter (alpha-3 order). */
export function allCountries(): Nationality[] {
  return Object.keys(countries.getAlpha3Codes())
    .sort()
    .map((a3) => countryByAlpha3(a3));
}
