/**
 * The person's corrections to a read card, and the facts the card view shows. Edits live in a
 * separate object: the card as read is never changed, the view marks edited fields, and the fill
 * plan is made from `applyEdits(card, edits)` — a copy.
 */
import type { CardKind, CardRecord, Sex } from '../../src/card/record';
import { countryByAlpha3 } from '../../src/card/codes/countries';
import { ethnicityFromCode } from '../../src/card/codes/ethnicity';
import { isValidIcao731, isValidMod11_2 } from '../../src/card/check-digits';

export type EditableField =
  | 'nameZh'
  | 'nameEn'
  | 'number'
  | 'sex'
  | 'birthDate'
  | 'nationality'
  | 'ethnicity'
  | 'address'
  | 'issuer'
  | 'validFrom'
  | 'validUntil'
  | 'passNumber';
export type ShownField = EditableField | 'region' | 'previousNumber' | 'issueCount' | 'renewalCount' | 'cardVersion';

/** Edited values as the inputs hold them: text, a Sex, an alpha-3 code, an ethnicity code. */
export type Edits = Partial<Record<EditableField, string>>;

export const EDITABLE: ReadonlySet<ShownField> = new Set<ShownField>([
  'nameZh',
  'nameEn',
  'number',
  'sex',
  'birthDate',
  'nationality',
  'ethnicity',
  'address',
  'issuer',
  'validFrom',
  'validUntil',
  'passNumber',
]);

/** What each card carries (docs/architecture.md §2), in the order the card face shows it. */
const FIELDS_BY_KIND: Record<CardKind, ShownField[]> = {
  resident: ['nameZh', 'number', 'sex', 'birthDate', 'ethnicity', 'address', 'issuer', 'validFrom', 'validUntil'],
  'hmt-residence-permit': [
    'nameZh',
    'number',
    'region',
    'passNumber',
    'issueCount',
    'sex',
    'birthDate',
    'address',
    'issuer',
    'validFrom',
    'validUntil',
  ],
  'foreign-permanent-2017': [
    'nameEn',
    'nameZh',
    'number',
    'sex',
    'birthDate',
    'nationality',
    'issuer',
    'validFrom',
    'validUntil',
    'cardVersion',
  ],
  'foreign-permanent-2023': [
    'nameEn',
    'nameZh',
    'number',
    'previousNumber',
    'renewalCount',
    'sex',
    'birthDate',
    'nationality',
    'validFrom',
    'validUntil',
  ],
};

export function fieldsOf(card: CardRecord): ShownField[] {
  return FIELDS_BY_KIND[card.kind];
}

/** The raw value of a field as an input holds it ('' for absent). */
export function rawValue(card: CardRecord, field: ShownField): string {
  switch (field) {
    case 'nationality':
      return card.nationality?.alpha3 ?? '';
    case 'ethnicity':
      return card.ethnicity?.code ?? '';
    case 'region':
      return card.region ?? '';
    case 'issueCount':
    case 'renewalCount':
      return card[field] === null ? '' : String(card[field]);
    default:
      return (card[field] as string | null) ?? '';
  }
}

/** A copy of `card` with the edits applied; `card` itself is never changed. */
export function applyEdits(card: CardRecord, edits: Edits): CardRecord {
  const copy: CardRecord = structuredClone(card);
  for (const [field, value] of Object.entries(edits) as [EditableField, string][]) {
    const v = value.trim();
    switch (field) {
      case 'sex':
        copy.sex = v as Sex;
        break;
      case 'nationality':
        copy.nationality = v === '' ? null : countryByAlpha3(v);
        break;
      case 'ethnicity':
        copy.ethnicity = v === '' ? null : ethnicityFromCode(v);
        break;
      case 'number':
        copy.number = v.toUpperCase();
        break;
      case 'birthDate':
      case 'validFrom':
      case 'validUntil':
        copy[field] = v;
        break;
      default:
        copy[field] = v === '' ? null : v;
    }
  }
  return copy;
}

/** Edits that differ from the card as read (an edit typed back to the original is no edit). */
export function effectiveEdits(card: CardRecord, edits: Edits): Edits {
  const out: Edits = {};
  for (const [field, value] of Object.entries(edits) as [EditableField, string][]) {
    if (value.trim() !== rawValue(card, field)) out[field] = value;
  }
  return out;
}

/** Number masked by default: region/prefix and the last four stay visible. */
export function maskNumber(number: string): string {
  const keepStart = number.length >= 18 ? 6 : 3;
  const keepEnd = number.length >= 18 ? 4 : 3;
  if (number.length <= keepStart + keepEnd) return '•'.repeat(number.length);
  return number.slice(0, keepStart) + '•'.repeat(number.length - keepStart - keepEnd) + number.slice(-keepEnd);
}

/** The check digit of a (possibly edited) number: 18 characters MOD 11-2, 15 characters 7-3-1. */
export function numberCheck(number: string): 'valid' | 'invalid' {
  const n = number.toUpperCase();
  if (n.length === 18) return isValidMod11_2(n) ? 'valid' : 'invalid';
  if (n.length === 15) return isValidIcao731(n) ? 'valid' : 'invalid';
  return 'invalid';
}

/** Days before the end of validity when the card view warns (a booking a month ahead still works). */
export const EXPIRING_SOON_DAYS = 30;

export type Validity = 'long-term' | 'valid' | 'expiring-soon' | 'expired';

/** `today` as YYYY-MM-DD in local time. A card is valid through its last day (decode.ts does the same). */
export function validity(validUntil: string, today: string): Validity {
  if (validUntil === 'long-term') return 'long-term';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(validUntil)) return 'valid';
  if (validUntil < today) return 'expired';
  const soon = new Date(`${today}T00:00:00Z`);
  soon.setUTCDate(soon.getUTCDate() + EXPIRING_SOON_DAYS);
  return validUntil <= soon.toISOString().slice(0, 10) ? 'expiring-soon' : 'valid';
}

/** The one `localToday` (src/card/dates.ts), re-exported for the popup's views. */
export { localToday } from '../../src/card/dates';

/** Photos the popup can show; the chip's WLT needs the vendor's decoder and cannot be displayed. */
export function displayablePhoto(card: CardRecord): string | null {
  const p = card.photo;
  if (!p || !/^image\/(png|jpeg|bmp|gif|webp)$/.test(p.mime) || !/^[A-Za-z0-9+/=]+$/.test(p.base64)) return null;
  return `data:${p.mime};base64,${p.base64}`;
}
