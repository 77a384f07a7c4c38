/**
 * Check digits of the four number formats (docs/card-format.md §4).
 * 18-character numbers (resident, J, Y) use ISO 7064 MOD 11-2; the 15-character 2017 foreign
 * number uses the ICAO-9303-style 7-3-1 weights.
 */

const MOD11_2_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const MOD11_2_MAP = '10X98765432';

/** ISO 7064 MOD 11-2 check character for the first 17 digits; null if they are not 17 digits. */
export function mod11_2CheckDigit(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * MOD11_2_WEIGHTS[i]!;
  return MOD11_2_MAP[sum % 11]!;
}

export function isValidMod11_2(number18: string): boolean {
  if (number18.length !== 18) return false;
  const expected = mod11_2CheckDigit(number18.slice(0, 17));
  return expected !== null && expected === number18[17]!.toUpperCase();
}

function icaoValue(ch: string): number | null {
  if (/^[0-9]$/.test(ch)) return Number(ch);
  if (/^[A-Z]$/.test(ch)) return ch.charCodeAt(0) - 55; // A=10 … Z=35
  return null;
}

/** 7-3-1 check digit over the first 14 characters of a 2017 foreign permanent resident number. */
export function icao731CheckDigit(first14: string): string | null {
  if (first14.length !== 14) return null;
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < first14.length; i++) {
    const v = icaoValue(first14[i]!);
    if (v === null) return null;
    sum += v * weights[i % 3]!;
  }
  return String(sum % 10);
}

export function isValidIcao731(number15: string): boolean {
  if (!/^[A-Z]{3}\d{12}$/.test(number15)) return false;
  return icao731CheckDigit(number15.slice(0, 14)) === number15[14];
}
