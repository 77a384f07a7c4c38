/**
 * Decode the 256-byte card text block into the card record of docs/architecture.md §2.
 * Offsets: docs/card-format.md §2 (tables in ./layout.ts). Pure; runs in host and extension.
 *
 * Errors: only CardFillError UNSUPPORTED_CARD (unknown type byte) and BAD_TEXT (wrong length,
 * impossible date). A failed check digit or a mismatch with the number is flagged in `checks`,
 * never rejected: the chip read is SAM-authenticated and vendor specimens fail on purpose (§4.3).
 */
import { CardFillError } from '../errors';
import { localToday } from './dates';
import { isValidIcao731, isValidMod11_2, icao731CheckDigit } from './check-digits';
import { countryByAlpha3 } from './codes/countries';
import { ethnicityFromCode } from './codes/ethnicity';
import { regionFromNumber } from './codes/region';
import { sexFromCode } from './codes/sex';
import { LAYOUT_BY_TYPE, TEXT_BLOCK_BYTES, TYPE_OFFSET, type FieldSpan, type Layout, type LayoutField } from './layout';
import { KIND_BY_TYPE_CODE, type CardChecks, type CardRecord, type Sex, type TypeCode } from './record';
import { bytesToBase64, decodeUcs2, trimPadding } from './ucs2';

export const WLT_MIME = 'application/x-wlt';

/** The validity text for "no end date" (§2.1) and the value docs/architecture.md §2 gives it. */
const LONG_TERM_TEXT = '长期';
const LONG_TERM = 'long-term';

/**
 * Association values that mean "no previous 2017 card" on a 'Y' card (§2.5): blank per the
 * layouts, "000" per the 新中新 specimen. [U] which one cards carry; both are treated as none,
 * and "00" is not a city code, so "000" cannot be a real association.
 */
const NO_ASSOCIATION_VALUES: readonly string[] = ['', '000'];

/**
 * Whether the 14th character of a 2017 'I' number encodes sex is [U] (§4.3), so no sex check is
 * made for 'I' cards until that is confirmed.
 */
export const I_NUMBER_SEX_POSITION: number | null = null;

/**
 * Number shape per card type, the cross-check of §2.1 (the type itself comes from byte 248).
 * A number whose check digit passes but whose shape belongs to another card type (e.g. a '9…'
 * foreigner number on a resident layout, §4.2 pitfall) is reported as numberChecksum 'invalid'.
 */
const NUMBER_SHAPE_BY_TYPE: Readonly<Record<TypeCode, RegExp>> = {
  '': /^[1-7]\d{16}[\dX]$/i, // GB/T 2260 province first; 8x is J, 9 is Y (§4.1, §4.2, §4.4)
  J: /^8[123]0000\d{11}[\dX]$/i, // §4.4
  I: /^[A-Z]{3}\d{12}$/, // §4.3
  Y: /^9\d{16}[\dX]$/i, // §4.2
};

/** The resident card carries no nationality; it is by definition a Chinese citizen's card. */
const RESIDENT_NATIONALITY_ALPHA3 = 'CHN';

interface DecodeOptions {
  photo?: { mime: string; bytes: Uint8Array } | null;
  /** The newest append (new-address) entry read with 30 03; it replaces the printed address. */
  appendAddress?: string | null;
  /** YYYY-MM-DD; default: today in local time. */
  today?: string;
}

function typeCodeOf(text: Uint8Array): TypeCode {
  const unit = text[TYPE_OFFSET]! | (text[TYPE_OFFSET + 1]! << 8);
  // §2.1: '20 00' (space) = resident; a NUL is accepted too, as some readers zero-fill.
  if (unit === 0x20 || unit === 0x00) return '';
  const ch = String.fromCharCode(unit);
  if (ch === 'J' || ch === 'I' || ch === 'Y') return ch;
  const shown = unit >= 0x21 && unit <= 0x7e ? `'${ch}'` : `0x${unit.toString(16).padStart(4, '0')}`;
  throw new CardFillError(
    'UNSUPPORTED_CARD',
    `This card type (${shown} at text byte 248) is not one CardFill knows; it reads Resident ID, ` +
      'HK/Macau/Taiwan residence permit and Foreign Permanent Resident ID cards',
  );
}

function rawField(text: Uint8Array, s: FieldSpan): string {
  return decodeUcs2(text.subarray(s.offset, s.offset + s.bytes));
}

/** A trimmed field, or null when the field is absent from this layout or blank. */
function field(text: Uint8Array, layout: Layout, name: LayoutField): string | null {
  const s = layout[name];
  if (!s) return null;
  const v = trimPadding(rawField(text, s));
  return v === '' ? null : v;
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** YYYYMMDD (8 ASCII digits, §2.1) → YYYY-MM-DD, else BAD_TEXT naming the field. */
function parseDate(value: string | null, what: string): string {
  const m = value === null ? null : /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new CardFillError('BAD_TEXT', `The card text holds an impossible ${what} (expected 8 digits YYYYMMDD)`);
  }
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function parseCount(value: string | null): number | null {
  return value !== null && /^\d{1,2}$/.test(value) ? Number(value) : null;
}

/**
 * §2.6: the 15-character 2017 number = nationality alpha-3 + new-number digits 2–3 (province)
 * + association chars 1–2 (city) + new-number digits 9–14 (YYMMDD) + association char 3
 * + 7-3-1 check digit. The structure is [C]; the exact formula is [U] (no official vector).
 */
export function rebuildPreviousNumber(number: string, nationalityAlpha3: string | null, association: string | null): string | null {
  const assoc = association ?? '';
  if (NO_ASSOCIATION_VALUES.includes(assoc)) return null;
  if (!/^\d{3}$/.test(assoc) || !/^9\d{16}[\dX]$/.test(number)) return null;
  if (nationalityAlpha3 === null || !/^[A-Z]{3}$/.test(nationalityAlpha3)) return null;
  const first14 = nationalityAlpha3 + number.slice(1, 3) + assoc.slice(0, 2) + number.slice(8, 14) + assoc[2];
  const check = icao731CheckDigit(first14);
  return check === null ? null : first14 + check;
}

/** Birth date and sex as the number states them, for the cross-checks; null where it cannot tell. */
function numberFacts(typeCode: TypeCode, number: string): { birth: string | null; sex: Sex | null } {
  if (typeCode === 'I') {
    // §4.3: characters 8–13 are YYMMDD; the century is not in the number.
    const yymmdd = /^[A-Z]{3}\d{4}(\d{6})/.exec(number)?.[1] ?? null;
    return { birth: yymmdd, sex: null };
  }
  // §4.1, §4.2, §4.4: digits 7–14 are YYYYMMDD; the 17th digit is odd for male, even for female.
  if (!/^\d{17}[\dX]$/i.test(number)) return { birth: null, sex: null };
  return { birth: number.slice(6, 14), sex: Number(number[16]) % 2 === 1 ? 'male' : 'female' };
}

function computeChecks(typeCode: TypeCode, number: string, birthDate: string, sex: Sex, validUntil: string, today: string): CardChecks {
  const checkDigitOk = typeCode === 'I' ? isValidIcao731(number) : isValidMod11_2(number);
  const valid = checkDigitOk && NUMBER_SHAPE_BY_TYPE[typeCode].test(number);
  const facts = numberFacts(typeCode, number);
  const birthDigits = birthDate.replaceAll('-', '');
  let birthDateMatchesNumber: boolean | null = null;
  if (facts.birth !== null) {
    birthDateMatchesNumber = facts.birth.length === 6 ? facts.birth === birthDigits.slice(2) : facts.birth === birthDigits;
  }
  let sexMatchesNumber: boolean | null = null;
  if (facts.sex !== null && (sex === 'male' || sex === 'female')) sexMatchesNumber = facts.sex === sex;
  // The card is valid through its last day; it is expired from the day after.
  const expired = validUntil !== LONG_TERM && validUntil < today;
  return { numberChecksum: valid ? 'valid' : 'invalid', birthDateMatchesNumber, sexMatchesNumber, expired };
}

export function decodeCardText(text: Uint8Array, options: DecodeOptions = {}): CardRecord {
  if (!(text instanceof Uint8Array) || text.length !== TEXT_BLOCK_BYTES) {
    const got = text instanceof Uint8Array ? `${text.length} bytes` : 'no bytes';
    throw new CardFillError('BAD_TEXT', `A card text block is ${TEXT_BLOCK_BYTES} bytes; got ${got}`);
  }
  const today = options.today ?? localToday();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) {
    throw new CardFillError('BAD_TEXT', 'The date to check expiry against must be YYYY-MM-DD');
  }
  const typeCode = typeCodeOf(text);
  const layout = LAYOUT_BY_TYPE[typeCode];
  const get = (name: LayoutField) => field(text, layout, name);

  const number = get('number') ?? '';
  const birthDate = parseDate(get('birthDate'), 'birth date');
  const validFrom = parseDate(get('validFrom'), 'valid-from date');
  const untilRaw = get('validUntil');
  const validUntil = untilRaw === LONG_TERM_TEXT ? LONG_TERM : parseDate(untilRaw, 'valid-until date');
  const sex = sexFromCode(get('sex') ?? '');

  let nameEn: string | null = null;
  if (typeCode === 'Y') {
    // §2.5 / §9 pitfall 7: join both spans untrimmed, then trim, so a space at the split survives.
    const joined = trimPadding(rawField(text, layout.nameEn!) + rawField(text, layout.nameEnContinued!));
    nameEn = joined === '' ? null : joined;
  } else {
    nameEn = get('nameEn');
  }

  const nationalityCode = typeCode === '' ? RESIDENT_NATIONALITY_ALPHA3 : get('nationality');
  const nationality = nationalityCode === null ? null : countryByAlpha3(nationalityCode);

  const hasAddress = typeCode === '' || typeCode === 'J';
  const appended = options.appendAddress ? trimPadding(options.appendAddress) : '';
  const photo = options.photo ? { mime: options.photo.mime, base64: bytesToBase64(options.photo.bytes) } : null;

  return {
    kind: KIND_BY_TYPE_CODE[typeCode],
    typeCode,
    nameZh: get('nameZh'),
    nameEn,
    sex,
    birthDate,
    ethnicity: typeCode === '' ? ethnicityFromCode(get('ethnicity') ?? '') : null,
    nationality,
    region: typeCode === 'J' ? regionFromNumber(number) : null,
    // §2.7: the newest append address replaces the printed one when the card holds one.
    address: hasAddress ? (appended !== '' ? appended : get('address')) : null,
    number,
    // docs/architecture.md §2: the 'I' issuer is the accepting-authority code (printed authority is 公安部);
    // 'Y' has no authority in the chip (158–187 reserved).
    issuer: typeCode === 'I' ? get('acceptingAuthority') : typeCode === 'Y' ? null : get('issuer'),
    validFrom,
    validUntil,
    passNumber: typeCode === 'J' ? get('passNumber') : null,
    issueCount: typeCode === 'J' ? parseCount(get('issueCount')) : null,
    renewalCount: typeCode === 'Y' ? parseCount(get('renewalCount')) : null,
    cardVersion: typeCode === 'I' ? get('cardVersion') : null,
    previousNumber: typeCode === 'Y' ? rebuildPreviousNumber(number, nationalityCode, get('association')) : null,
    photo,
    checks: computeChecks(typeCode, number, birthDate, sex, validUntil, today),
  };
}
