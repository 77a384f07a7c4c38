import type { Sex } from '../record';

/** GB/T 2261.1 sex codes, the same on every card type (docs/card-format.md §3.1). */
const SEX_BY_CODE: Readonly<Record<string, Sex>> = {
  '0': 'unknown',
  '1': 'male',
  '2': 'female',
  '9': 'unspecified',
};

/**
 * Sex from the chip's one-character code. A code outside GB/T 2261.1 becomes 'unknown' rather
 * than an error: the read is SAM-authenticated, and a person can still correct it in review.
 */
export function sexFromCode(code: string): Sex {
  return SEX_BY_CODE[code] ?? 'unknown';
}

/** The GB/T 2261.1 code of a sex value (used by the encoder and by forms that want 1/2). */
export function sexToCode(sex: Sex): string {
  for (const [code, value] of Object.entries(SEX_BY_CODE)) if (value === sex) return code;
  return '0';
}
