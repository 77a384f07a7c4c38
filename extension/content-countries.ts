/**
 * The country table (src/card/codes/countries-data.ts), injected by the background into the same frame as content.ts
 * only where a page may ask for a nationality (src/fill/drivers/registry.ts); countries.ts reads it from the
 * isolated world's global. Listens to nothing.
 */
import { COUNTRY_TABLE } from '../src/card/codes/countries-data';

globalThis.__cardfillCountryTable = COUNTRY_TABLE;
