/**
 * Build a 256-byte card text block from field strings, for the simulator and the tests.
 * The inverse of ./decode.ts over the same layout tables (./layout.ts, docs/card-format.md §2).
 * Values are written as the chip holds them: dates YYYYMMDD, codes as digits, 长期 for no end.
 */
import { CardFillError } from '../errors';
import {
  APPEND_ADDRESS_ENTRY_BYTES,
  LAYOUT_BY_TYPE,
  RESIDENT_LAYOUT,
  TEXT_BLOCK_BYTES,
  TYPE_OFFSET,
  type Layout,
  type LayoutField,
} from './layout';
import { encodeUcs2 } from './ucs2';

export interface CardTextFields {
  /** '' (resident), 'J', 'I', 'Y', or any other single character to build an unsupported card. */
  typeCode: string;
  nameZh?: string;
  nameEn?: string;
  /** GB/T 2261.1 code: '1' male, '2' female (§3.1). */
  sex: string;
  /** Resident: GB 3304 code such as '01'. */
  ethnicity?: string;
  /** YYYYMMDD */
  birthDate: string;
  address?: string;
  number: string;
  /** Resident/J issuing authority text. */
  issuer?: string;
  validFrom: string;
  /** YYYYMMDD or 长期 */
  validUntil: string;
  passNumber?: string;
  issueCount?: string;
  renewalCount?: string;
  nationality?: string;
  cardVersion?: string;
  acceptingAuthority?: string;
  association?: string;
}

const Y_NAME_HEAD_CHARS = 35; // §2.5: English name chars 1–35 at 52, 36–46 at 220

function put(out: Uint8Array, layout: Layout, name: LayoutField, value: string | undefined): void {
  if (value === undefined || value === '') return;
  const s = layout[name];
  if (!s) throw new CardFillError('BAD_TEXT', `The field ${name} has no place on this card type`);
  const bytes = encodeUcs2(value);
  if (bytes.length > s.bytes) {
    throw new CardFillError('BAD_TEXT', `The field ${name} is ${value.length} characters; it holds ${s.bytes / 2}`);
  }
  out.set(bytes, s.offset);
}

export function encodeCardText(fields: CardTextFields): Uint8Array {
  if (fields.typeCode.length > 1) throw new CardFillError('BAD_TEXT', 'The type code is one character');
  const known = fields.typeCode === '' || fields.typeCode === 'J' || fields.typeCode === 'I' || fields.typeCode === 'Y';
  // An unsupported type is laid out like a resident card; only its type byte differs.
  const layout = known ? LAYOUT_BY_TYPE[fields.typeCode as '' | 'J' | 'I' | 'Y'] : RESIDENT_LAYOUT;
  const out = encodeUcs2(' '.repeat(TEXT_BLOCK_BYTES / 2)); // §2.1: space padding everywhere
  out.set(encodeUcs2(fields.typeCode === '' ? ' ' : fields.typeCode), TYPE_OFFSET);

  put(out, layout, 'nameZh', fields.nameZh);
  if (fields.typeCode === 'Y' && fields.nameEn !== undefined) {
    put(out, layout, 'nameEn', fields.nameEn.slice(0, Y_NAME_HEAD_CHARS));
    put(out, layout, 'nameEnContinued', fields.nameEn.slice(Y_NAME_HEAD_CHARS));
  } else {
    put(out, layout, 'nameEn', fields.nameEn);
  }
  put(out, layout, 'sex', fields.sex);
  put(out, layout, 'ethnicity', fields.ethnicity);
  put(out, layout, 'renewalCount', fields.renewalCount);
  put(out, layout, 'birthDate', fields.birthDate);
  put(out, layout, 'address', fields.address);
  put(out, layout, 'number', fields.number);
  put(out, layout, 'issuer', fields.issuer);
  put(out, layout, 'validFrom', fields.validFrom);
  put(out, layout, 'validUntil', fields.validUntil);
  put(out, layout, 'passNumber', fields.passNumber);
  put(out, layout, 'issueCount', fields.issueCount);
  put(out, layout, 'nationality', fields.nationality);
  put(out, layout, 'cardVersion', fields.cardVersion);
  put(out, layout, 'acceptingAuthority', fields.acceptingAuthority);
  put(out, layout, 'association', fields.association);
  return out;
}

/** Encode an append-address entry as the 30 03 reply carries it: 70 bytes, space padded (§2.7 [U]). */
export function encodeAppendAddress(address: string): Uint8Array {
  const bytes = encodeUcs2(address.padEnd(APPEND_ADDRESS_ENTRY_BYTES / 2, ' '));
  if (bytes.length > APPEND_ADDRESS_ENTRY_BYTES) throw new CardFillError('BAD_TEXT', 'The append address is too long');
  return bytes;
}
