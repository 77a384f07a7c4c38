/**
 * Turns a card record back into the chip's text fields, so a test can put any invented person on
 * the simulated reader and have the real host decode it again (the inverse of src/card/decode.ts).
 */
import type { CardRecord } from '../../src/card/record';
import type { CardTextFields } from '../../src/card/encode';

const chipDate = (d: string) => d.replaceAll('-', '');
const SEX_CODE = { unknown: '0', male: '1', female: '2', unspecified: '9' } as const;

export function textFieldsFromRecord(card: CardRecord): CardTextFields {
  const common: CardTextFields = {
    typeCode: card.typeCode,
    sex: SEX_CODE[card.sex],
    birthDate: chipDate(card.birthDate),
    number: card.number,
    validFrom: chipDate(card.validFrom),
    validUntil: card.validUntil === 'long-term' ? '长期' : chipDate(card.validUntil),
  };
  const two = (n: number | null) => (n === null ? undefined : String(n).padStart(2, '0'));
  const opt = <T>(v: T | null) => (v === null ? undefined : v);
  switch (card.kind) {
    case 'resident':
      return { ...common, nameZh: opt(card.nameZh), ethnicity: card.ethnicity?.code, address: opt(card.address), issuer: opt(card.issuer) };
    case 'hmt-residence-permit':
      return {
        ...common,
        nameZh: opt(card.nameZh),
        address: opt(card.address),
        issuer: opt(card.issuer),
        passNumber: opt(card.passNumber),
        issueCount: two(card.issueCount),
      };
    case 'foreign-permanent-2017':
      return {
        ...common,
        nameEn: opt(card.nameEn),
        nameZh: opt(card.nameZh),
        nationality: card.nationality?.alpha3,
        cardVersion: opt(card.cardVersion),
        acceptingAuthority: opt(card.issuer),
      };
    case 'foreign-permanent-2023':
      return {
        ...common,
        nameZh: opt(card.nameZh),
        nameEn: opt(card.nameEn),
        nationality: card.nationality?.alpha3,
        renewalCount: two(card.renewalCount),
        association: '000',
      };
  }
}
