/**
 * Parsed fields from a vendor service → the card record (docs/readers.md, "Vendor services").
 *
 * A service that parses the card itself gives strings: a name, "男", "汉", "1962-07-12", "长期".
 * They are put back into the chip's own 256-byte text layout (src/card/encode.ts) and decoded by
 * the same decoder every other backend uses (src/card/decode.ts), so `checks`, `long-term`, the
 * nationality table, the region of a J number and the rebuilt previous number of a Y card come
 * from one place and a bad check digit is `invalid` whatever the backend. What a service does
 * not give stays blank in the layout and so becomes null in the record.
 */
import { encodeCardText, type CardTextFields } from '../../../src/card/encode';
import { ETHNICITY_NAME_BY_CODE } from '../../../src/card/codes/ethnicity';
import { allCountries } from '../../../src/card/codes/countries';
import type { TypeCode } from '../../../src/card/record';
import { CardFillError } from '../../../src/errors';
import type { RawCardData } from '../types';

/** What a vendor adapter hands on: the card's facts as the service gave them, still as text. */
export interface ServiceCard {
  typeCode: TypeCode;
  nameZh?: string | null;
  nameEn?: string | null;
  /** 男/女, M/F, 1/2, 0/9 … */
  sex?: string | null;
  /** Resident cards: the ethnic group's name (汉 or 汉族) or its two-digit code. */
  ethnicity?: string | null;
  birthDate?: string | null;
  address?: string | null;
  number?: string | null;
  issuer?: string | null;
  validFrom?: string | null;
  validUntil?: string | null;
  passNumber?: string | null;
  issueCount?: string | number | null;
  renewalCount?: string | number | null;
  /** I/Y cards: alpha-3 or the country's Chinese/English name. */
  nationality?: string | null;
  cardVersion?: string | null;
  /** I cards: the accepting-authority code. */
  acceptingAuthority?: string | null;
  /** Y cards: the three-character link to the previous 2017 card. */
  association?: string | null;
  /** Photo bytes as the service gave them (JPEG/BMP/PNG, or raw WLT). */
  photo?: { mime: string; bytes: Uint8Array } | null;
}

/** A value as text: strings trimmed, numbers written out, anything else (null, objects) absent. */
export function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const s = value.replace(/\u0000/g, '').trim();
  return s === '' ? null : s;
}

/** A date in any of the shapes services use → YYYYMMDD; 长期 stays as it is; else null. */
export function chipDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const s = value.trim();
  if (s === '长期' || /^long[- ]?term$/i.test(s)) return '长期';
  const m = /^(\d{4})\s*[-./年]?\s*(\d{1,2})\s*[-./月]?\s*(\d{1,2})\s*日?$/.exec(s);
  if (!m) return null;
  return `${m[1]}${m[2]!.padStart(2, '0')}${m[3]!.padStart(2, '0')}`;
}

/** 男/女 and friends → the GB/T 2261.1 code the chip holds; unknown words → '0'. */
export function chipSex(value: string | null | undefined): string {
  const s = (value ?? '').trim().toUpperCase();
  if (s === '男' || s === '1' || s === 'M' || s === 'MALE') return '1';
  if (s === '女' || s === '2' || s === 'F' || s === 'FEMALE') return '2';
  if (s === '9' || s === '未说明') return '9';
  return '0';
}

const ETHNICITY_CODE_BY_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(ETHNICITY_NAME_BY_CODE).flatMap(([code, name]) => [
    [name, code],
    [name.replace(/族$/, ''), code],
  ]),
);

/** 汉 / 汉族 / 01 → the chip's code; a name outside the table → null (kept as words, see below). */
export function ethnicityCode(value: string | null | undefined): string | null {
  if (!value) return null;
  const s = value.trim();
  if (/^\d{2}$/.test(s)) return s;
  return ETHNICITY_CODE_BY_NAME.get(s) ?? null;
}

let countryIndex: Map<string, string> | null = null;
/** Alpha-3, or a country's Chinese or English name → alpha-3; null when it is none of those. */
export function nationalityAlpha3(value: string | null | undefined): string | null {
  if (!value) return null;
  const s = value.trim();
  if (/^[A-Za-z]{3}$/.test(s)) return s.toUpperCase();
  if (!countryIndex) {
    countryIndex = new Map();
    for (const c of allCountries()) {
      if (c.nameZh) countryIndex.set(c.nameZh, c.alpha3);
      if (c.nameEn) countryIndex.set(c.nameEn.toUpperCase(), c.alpha3);
    }
  }
  return countryIndex.get(s) ?? countryIndex.get(s.toUpperCase()) ?? null;
}

/** Photo bytes from base64, with the type read from the bytes themselves; null when they are no image. */
export function photoFromBase64(value: unknown): { mime: string; bytes: Uint8Array } | null {
  const s = text(value);
  if (!s) return null;
  const b64 = s.replace(/^data:[\w/+.-]+;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  const bytes = new Uint8Array(Buffer.from(b64, 'base64'));
  const mime = imageMime(bytes);
  return mime ? { mime, bytes } : null;
}

export function imageMime(bytes: Uint8Array): string | null {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length > 2 && bytes[0] === 0x42 && bytes[1] === 0x4d) return 'image/bmp';
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  return null;
}

function count(value: string | number | null | undefined): string | undefined {
  const s = value === null || value === undefined ? '' : String(value).trim();
  return /^\d{1,2}$/.test(s) ? s.padStart(2, '0') : undefined;
}

const opt = (v: string | null | undefined): string | undefined => (v === null || v === undefined || v.trim() === '' ? undefined : v.trim());

/**
 * The service's fields laid out as the chip holds them, so that the one decoder reads them. A
 * field the chip layout cannot hold (too long, impossible date) is a READ_FAILED naming the vendor.
 */
export function serviceCardText(card: ServiceCard, vendor: string): Uint8Array {
  const number = opt(card.number);
  const birthDate = chipDate(card.birthDate);
  const validFrom = chipDate(card.validFrom);
  const validUntil = chipDate(card.validUntil);
  if (!number) throw new CardFillError('READ_FAILED', `The ${vendor} reader service gave no card number; place the card again and retry`);
  if (!birthDate || birthDate === '长期')
    throw new CardFillError('READ_FAILED', `The ${vendor} reader service gave no readable birth date`);
  if (!validFrom || validFrom === '长期' || !validUntil)
    throw new CardFillError('READ_FAILED', `The ${vendor} reader service gave no readable validity dates`);
  const fields: CardTextFields = {
    typeCode: card.typeCode,
    sex: chipSex(card.sex),
    birthDate,
    number: number.toUpperCase(),
    validFrom,
    validUntil,
    nameZh: opt(card.nameZh),
    nameEn: opt(card.nameEn),
  };
  if (card.typeCode === '') fields.ethnicity = ethnicityCode(card.ethnicity) ?? undefined;
  if (card.typeCode === '' || card.typeCode === 'J') {
    fields.address = opt(card.address);
    fields.issuer = opt(card.issuer);
  }
  if (card.typeCode === 'J') {
    fields.passNumber = opt(card.passNumber);
    fields.issueCount = count(card.issueCount);
  }
  if (card.typeCode === 'I' || card.typeCode === 'Y') fields.nationality = nationalityAlpha3(card.nationality) ?? undefined;
  if (card.typeCode === 'I') {
    fields.cardVersion = opt(card.cardVersion);
    fields.acceptingAuthority = opt(card.acceptingAuthority);
  }
  if (card.typeCode === 'Y') {
    fields.renewalCount = count(card.renewalCount);
    fields.association = opt(card.association);
  }
  try {
    return encodeCardText(fields);
  } catch (e) {
    throw new CardFillError('READ_FAILED', `The ${vendor} reader service gave a field the card cannot hold: ${(e as Error).message}`);
  }
}

/** The raw data the session decodes, from a parsed service card. */
export function rawFromServiceCard(card: ServiceCard, vendor: string): RawCardData {
  return { text: serviceCardText(card, vendor), photo: card.photo ?? null, appendAddress: null };
}

/**
 * The card type a number's shape implies (src/card/decode.ts NUMBER_SHAPE_BY_TYPE), for services
 * that do not say: 3 letters + 12 digits = I, 81/82/83 0000 = J, 9 + 17 = Y, else resident.
 */
export function typeFromNumber(number: string | null | undefined): TypeCode {
  const n = (number ?? '').trim().toUpperCase();
  if (/^[A-Z]{3}\d{12}$/.test(n)) return 'I';
  if (/^8[123]0000\d{11}[\dX]$/.test(n)) return 'J';
  if (/^9\d{16}[\dX]$/.test(n)) return 'Y';
  return '';
}
