/**
 * The popup may send an edited copy of the card for the fill plan (every field editable
 * before filling). The background takes from that copy only the text facts a person can correct,
 * checks their types, and keeps everything else — kind, photo, checks — from the card it read
 * itself, so a popup bug cannot turn one card into another kind or smuggle in other data.
 */
import type { CardRecord, Sex } from '../../src/card/record';
import { countryByAlpha3 } from '../../src/card/codes/countries';
import { ethnicityFromCode } from '../../src/card/codes/ethnicity';
import { CardFillError } from '../../src/errors';

const TEXT_FIELDS = ['nameZh', 'nameEn', 'address', 'issuer', 'passNumber'] as const;
const DATE_FIELDS = ['birthDate', 'validFrom'] as const;
const SEXES: readonly Sex[] = ['male', 'female', 'unknown', 'unspecified'];
/** Longer than any chip field (address: 70 characters, docs/card-format.md §2) with room for corrections. */
const MAX_TEXT = 200;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function bad(field: string): CardFillError {
  return new CardFillError('BAD_REQUEST', `The edited ${field} is not valid; correct it and preview again`);
}

function text(value: unknown, field: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || value.length > MAX_TEXT || /[\0-\x1f]/.test(value)) throw bad(field);
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function acceptEditedCard(original: CardRecord, edited: unknown): CardRecord {
  if (typeof edited !== 'object' || edited === null) throw bad('card');
  const e = edited as Record<string, unknown>;
  const card: CardRecord = structuredClone(original);
  for (const field of TEXT_FIELDS) {
    if (field in e) card[field] = text(e[field], field);
  }
  if ('number' in e) {
    // The number is the one fact every form needs: it may be corrected, never emptied.
    const number = text(e['number'], 'number');
    if (number === null || !/^[0-9A-Za-z]{6,20}$/.test(number)) throw bad('number');
    card.number = number.toUpperCase();
  }
  for (const field of DATE_FIELDS) {
    if (field in e) {
      const v = e[field];
      if (typeof v !== 'string' || !ISO_DATE.test(v)) throw bad(field);
      card[field] = v;
    }
  }
  if ('validUntil' in e) {
    const v = e['validUntil'];
    if (v !== 'long-term' && (typeof v !== 'string' || !ISO_DATE.test(v))) throw bad('validUntil');
    card.validUntil = v;
  }
  if ('sex' in e) {
    if (!SEXES.includes(e['sex'] as Sex)) throw bad('sex');
    card.sex = e['sex'] as Sex;
  }
  if ('nationality' in e) {
    const n = e['nationality'] as { alpha3?: unknown } | null;
    if (n === null) card.nationality = null;
    else if (typeof n === 'object' && typeof n.alpha3 === 'string' && /^[A-Za-z]{3}$/.test(n.alpha3))
      card.nationality = countryByAlpha3(n.alpha3);
    else throw bad('nationality');
  }
  if ('ethnicity' in e) {
    const v = e['ethnicity'] as { code?: unknown } | null;
    if (v === null) card.ethnicity = null;
    else if (typeof v === 'object' && typeof v.code === 'string' && /^\d{2}$/.test(v.code)) card.ethnicity = ethnicityFromCode(v.code);
    else throw bad('ethnicity');
  }
  return card;
}
