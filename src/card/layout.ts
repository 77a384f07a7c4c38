/**
 * Byte layouts of the 256-byte text block, one table per card type (docs/card-format.md
 * §2.2–§2.5). The decoder and the encoder both read these tables, so an offset is written once.
 * Every field is UCS-2 little-endian, padded with spaces (§2.1).
 */

export const TEXT_BLOCK_BYTES = 256;

/** Text bytes 248–249 hold the type character (§2.1). */
export const TYPE_OFFSET = 248;

export type LayoutField =
  | 'nameZh'
  | 'nameEn'
  | 'nameEnContinued'
  | 'sex'
  | 'ethnicity'
  | 'renewalCount'
  | 'birthDate'
  | 'address'
  | 'number'
  | 'issuer'
  | 'validFrom'
  | 'validUntil'
  | 'passNumber'
  | 'issueCount'
  | 'nationality'
  | 'cardVersion'
  | 'acceptingAuthority'
  | 'association';

export interface FieldSpan {
  offset: number;
  bytes: number;
}

export type Layout = Partial<Record<LayoutField, FieldSpan>>;

const span = (offset: number, bytes: number): FieldSpan => ({ offset, bytes });

/** §2.2 Resident ID card (type byte blank). */
export const RESIDENT_LAYOUT: Layout = {
  nameZh: span(0, 30),
  sex: span(30, 2),
  ethnicity: span(32, 4),
  birthDate: span(36, 16),
  address: span(52, 70),
  number: span(122, 36),
  issuer: span(158, 30),
  validFrom: span(188, 16),
  validUntil: span(204, 16),
};

/** §2.3 HK/Macau/Taiwan residence permit ('J'): no ethnicity; pass number and issue count at 220/238. */
const HMT_LAYOUT: Layout = {
  nameZh: span(0, 30),
  sex: span(30, 2),
  birthDate: span(36, 16),
  address: span(52, 70),
  number: span(122, 36),
  issuer: span(158, 30),
  validFrom: span(188, 16),
  validUntil: span(204, 16),
  passNumber: span(220, 18),
  issueCount: span(238, 4),
};

/** §2.4 2017 Foreign Permanent Resident ID card ('I'): English name first, birth date at 220. */
const FOREIGN_2017_LAYOUT: Layout = {
  nameEn: span(0, 120),
  sex: span(120, 2),
  number: span(122, 30),
  nationality: span(152, 6),
  nameZh: span(158, 30),
  validFrom: span(188, 16),
  validUntil: span(204, 16),
  birthDate: span(220, 16),
  cardVersion: span(236, 4),
  acceptingAuthority: span(240, 8),
};

/**
 * §2.5 2023 Foreign Permanent Resident ID card ('Y'). The English name is 35 characters at 52 and
 * continues for 11 more at 220; the two spans are joined before trimming (§9 pitfall 7).
 * 158–187 is reserved: no issuing authority on this card.
 */
const FOREIGN_2023_LAYOUT: Layout = {
  nameZh: span(0, 30),
  sex: span(30, 2),
  renewalCount: span(32, 4),
  birthDate: span(36, 16),
  nameEn: span(52, 70),
  number: span(122, 36),
  validFrom: span(188, 16),
  validUntil: span(204, 16),
  nameEnContinued: span(220, 22),
  nationality: span(242, 6),
  association: span(250, 6),
};

/**
 * One append (new-address) entry of the 30 03 reply: 70 bytes = 35 UCS-2 characters (§2.7).
 * [U] single source (精伦 sdtapi.h addr1..addr4); kept here so it can be corrected in one place.
 */
export const APPEND_ADDRESS_ENTRY_BYTES = 70;

export const LAYOUT_BY_TYPE: Record<'' | 'J' | 'I' | 'Y', Layout> = {
  '': RESIDENT_LAYOUT,
  J: HMT_LAYOUT,
  I: FOREIGN_2017_LAYOUT,
  Y: FOREIGN_2023_LAYOUT,
};
