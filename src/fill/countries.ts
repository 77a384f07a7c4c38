/**
 * Country lookups for matching nationality options, over the one country table (src/card/codes/country-index.ts).
 * In the extension's content script the table is not in the core: `content-countries.js`, which the background
 * injects where a page may ask for a nationality (src/fill/drivers/registry.ts), puts it on the isolated world's
 * global. Everywhere else (standalone engine, tests) the table is imported as usual.
 */
import { COUNTRY_TABLE } from '../card/codes/countries-data.js';
import { createCountryIndex } from '../card/codes/country-index.js';

/** Set (to true) only in the extension's content-script build (vite.config.ts). */
declare const __CARDFILL_LAZY_COUNTRIES__: boolean | undefined;

function table(): string {
  // Written inline (not as a constant) so the bundler folds it and leaves the unused table out of the core.
  return typeof __CARDFILL_LAZY_COUNTRIES__ !== 'undefined' && __CARDFILL_LAZY_COUNTRIES__
    ? ((globalThis as { __cardfillCountryTable?: string }).__cardfillCountryTable ?? '')
    : COUNTRY_TABLE;
}

export const { alpha2FromAlpha3, alpha3FromAlpha2, countryNameIndex, countryOfText, numericFromAlpha2 } = createCountryIndex(table);
