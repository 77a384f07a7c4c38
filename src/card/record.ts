/** The card record of docs/architecture.md §2. Field names are fixed; absent facts are null. */

export type CardKind = 'resident' | 'hmt-residence-permit' | 'foreign-permanent-2017' | 'foreign-permanent-2023';

/** Text byte 248 (docs/card-format.md §2.1). */
export type TypeCode = '' | 'J' | 'I' | 'Y';

export type Sex = 'male' | 'female' | 'unknown' | 'unspecified';

export interface Nationality {
  alpha3: string;
  alpha2: string | null;
  numeric: string | null;
  nameZh: string | null;
  nameEn: string | null;
}

export interface Ethnicity {
  code: string;
  /** Name as listed in GB 3304 (with 族), or null for a code outside the table. */
  nameZh: string | null;
}

interface CardPhoto {
  mime: string;
  base64: string;
}

export interface CardChecks {
  numberChecksum: 'valid' | 'invalid';
  birthDateMatchesNumber: boolean | null;
  sexMatchesNumber: boolean | null;
  expired: boolean;
}

export interface CardRecord {
  kind: CardKind;
  typeCode: TypeCode;
  nameZh: string | null;
  nameEn: string | null;
  sex: Sex;
  birthDate: string;
  ethnicity: Ethnicity | null;
  nationality: Nationality | null;
  region: 'HK' | 'MO' | 'TW' | null;
  address: string | null;
  number: string;
  issuer: string | null;
  validFrom: string;
  validUntil: string | 'long-term';
  passNumber: string | null;
  issueCount: number | null;
  renewalCount: number | null;
  cardVersion: string | null;
  previousNumber: string | null;
  photo: CardPhoto | null;
  checks: CardChecks;
}

export const KIND_BY_TYPE_CODE: Record<TypeCode, CardKind> = {
  '': 'resident',
  J: 'hmt-residence-permit',
  I: 'foreign-permanent-2017',
  Y: 'foreign-permanent-2023',
};
