/**
 * Invented cards for the simulator, the tests and demos. Every person, address and number here is
 * made up; numbers carry correct check digits (docs/card-format.md §4) except the one card
 * that fails the 7-3-1 check on purpose, as the vendor specimen CAN110081080319 does (§4.3).
 * Photos are drawn portraits in a WLT-sized blob (see ./portrait.ts): real WLT cannot be produced.
 */
import { icao731CheckDigit, mod11_2CheckDigit } from './check-digits';
import { encodeCardText, type CardTextFields } from './encode';
import { drawSyntheticPortrait } from './portrait';

export interface SyntheticCard {
  name: string;
  /** Words for people: shown by `simulate` and `doctor`. */
  description: string;
  fields: CardTextFields;
  /** The 256-byte text block as the chip holds it. */
  text: Uint8Array;
  /** 1024-byte WLT-like photo blob. */
  photo: Uint8Array;
  /** Newest append (new-address) entry held by the card, answered to 30 03; null = none (0x91). */
  appendAddress: string | null;
}

const withMod11 = (first17: string): string => first17 + mod11_2CheckDigit(first17)!;
const with731 = (first14: string): string => first14 + icao731CheckDigit(first14)!;
/** A deliberately wrong 7-3-1 check digit (the right one plus 1, mod 10). */
const withBad731 = (first14: string): string => first14 + String((Number(icao731CheckDigit(first14)!) + 1) % 10);

interface CardSpec {
  description: string;
  fields: CardTextFields;
  appendAddress?: string;
}

const SPECS = {
  resident: {
    description: 'Resident ID card, male, validity 长期 (long-term)',
    fields: {
      typeCode: '',
      nameZh: '陈思远',
      sex: '1',
      ethnicity: '01',
      birthDate: '19620712',
      address: '浙江省杭州市西湖区文三路100号3幢201室',
      number: withMod11('33010619620712003'),
      issuer: '杭州市公安局西湖分局',
      validFrom: '20120601',
      validUntil: '长期',
    },
  },
  'resident-expired': {
    description: 'Resident ID card, female, expired in 2015',
    fields: {
      typeCode: '',
      nameZh: '王丽娟',
      sex: '2',
      ethnicity: '03',
      birthDate: '19900205',
      address: '广东省深圳市福田区福华路8号',
      number: withMod11('44030419900205004'),
      issuer: '深圳市公安局福田分局',
      validFrom: '20050110',
      validUntil: '20150110',
    },
  },
  'resident-new-address': {
    description: 'Resident ID card with a newer address in its append data (30 03)',
    fields: {
      typeCode: '',
      nameZh: '赵志强',
      sex: '1',
      ethnicity: '11',
      birthDate: '19850923',
      address: '辽宁省沈阳市和平区南京北街5号',
      number: withMod11('21010219850923005'),
      issuer: '沈阳市公安局和平分局',
      validFrom: '20160301',
      validUntil: '20360301',
    },
    appendAddress: '北京市朝阳区建国路88号6号楼1单元502',
  },
  hmt: {
    description: 'Hong Kong residence permit (J), with pass number and issue count',
    fields: {
      typeCode: 'J',
      nameZh: '何嘉欣',
      sex: '2',
      birthDate: '19950618',
      address: '广东省深圳市南山区科技园路1号',
      number: withMod11('81000019950618002'),
      issuer: '深圳市公安局',
      validFrom: '20230801',
      validUntil: '20280731',
      passNumber: 'H12345678',
      issueCount: '01',
    },
  },
  'foreign-2017': {
    description: 'Foreign Permanent Resident ID card, 2017 edition (I), British',
    fields: {
      typeCode: 'I',
      nameEn: 'SMITH, JOHN ROBERT',
      nameZh: '史约翰',
      sex: '1',
      number: with731('GBR31008503121'),
      nationality: 'GBR',
      validFrom: '20180501',
      validUntil: '20280430',
      birthDate: '19850312',
      cardVersion: '01',
      acceptingAuthority: '3100',
    },
  },
  'foreign-2017-bad-check': {
    description: 'Foreign Permanent Resident ID card, 2017 edition (I), check digit fails like vendor specimens',
    fields: {
      typeCode: 'I',
      nameEn: 'MARTIN, CLAIRE',
      nameZh: '马克莱',
      sex: '2',
      number: withBad731('CAN11007811042'),
      nationality: 'CAN',
      validFrom: '20190902',
      validUntil: '20290901',
      birthDate: '19781104',
      cardVersion: '01',
      acceptingAuthority: '1100',
    },
  },
  'foreign-2023': {
    description: 'Foreign Permanent Resident ID card, 2023 edition (Y), 46-character English name, with a previous 2017 card',
    fields: {
      // 46 characters: chars 1–35 end in a space at byte 52+68, chars 36–46 continue at byte 220.
      typeCode: 'Y',
      nameZh: '贝亚历',
      nameEn: 'VAN DER BERG-HOLLAND, ALEXANDRA JO SOPHIE-ANNE',
      sex: '2',
      renewalCount: '01',
      birthDate: '19870922',
      number: withMod11('93152819870922004'),
      validFrom: '20240105',
      validUntil: '20340104',
      nationality: 'NLD',
      association: '012',
    },
  },
  'foreign-2023-no-association': {
    description: 'Foreign Permanent Resident ID card, 2023 edition (Y), first card (association "000")',
    fields: {
      typeCode: 'Y',
      nameZh: '金民俊',
      nameEn: 'KIM, MINJUN',
      sex: '1',
      renewalCount: '00',
      birthDate: '19920408',
      number: withMod11('91141019920408003'),
      validFrom: '20241120',
      validUntil: '20341119',
      nationality: 'KOR',
      association: '000',
    },
  },
  unsupported: {
    description: "A card of a type CardFill does not know (type byte 'X')",
    fields: {
      typeCode: 'X',
      nameZh: '测试卡',
      sex: '1',
      ethnicity: '01',
      birthDate: '20000101',
      address: '北京市东城区',
      number: withMod11('11010120000101001'),
      issuer: '测试',
      validFrom: '20200101',
      validUntil: '20300101',
    },
  },
} satisfies Record<string, CardSpec>;

export type SyntheticCardName = keyof typeof SPECS;

export const SYNTHETIC_CARD_NAMES = Object.keys(SPECS) as SyntheticCardName[];

export const SYNTHETIC_CARDS: Readonly<Record<SyntheticCardName, SyntheticCard>> = Object.fromEntries(
  SYNTHETIC_CARD_NAMES.map((name, i) => {
    const spec: CardSpec = SPECS[name];
    const card: SyntheticCard = {
      name,
      description: spec.description,
      fields: spec.fields,
      text: encodeCardText(spec.fields),
      photo: drawSyntheticPortrait(i * 7 + 3),
      appendAddress: spec.appendAddress ?? null,
    };
    return [name, card];
  }),
) as Record<SyntheticCardName, SyntheticCard>;

export function isSyntheticCardName(name: string): name is SyntheticCardName {
  return Object.prototype.hasOwnProperty.call(SPECS, name);
}
