/**
 * Four synthetic cards, one of each kind, for the fill tests. Invented people; numbers carry valid check digits
 * (MOD 11-2 for the 18-character numbers, 7-3-1 for the 2017 foreign number), checked in cards.test.ts.
 */
import type { CardRecord, CardKind } from '../../src/card/record.js';

const checks = { numberChecksum: 'valid', birthDateMatchesNumber: true, sexMatchesNumber: true, expired: false } as const;

export const RESIDENT: CardRecord = {
  kind: 'resident',
  typeCode: '',
  nameZh: '李明轩',
  nameEn: null,
  sex: 'male',
  birthDate: '1988-04-12',
  ethnicity: { code: '15', nameZh: '土家族' },
  nationality: { alpha3: 'CHN', alpha2: 'CN', numeric: '156', nameZh: '中国', nameEn: 'China' },
  region: null,
  address: '北京市朝阳区建国路88号院3号楼1单元502室',
  number: '110105198804121254',
  issuer: '北京市公安局朝阳分局',
  validFrom: '2016-05-20',
  validUntil: '2036-05-20',
  passNumber: null,
  issueCount: null,
  renewalCount: null,
  cardVersion: null,
  previousNumber: null,
  photo: null,
  checks,
};

export const HMT_PERMIT: CardRecord = {
  kind: 'hmt-residence-permit',
  typeCode: 'J',
  nameZh: '陈嘉欣',
  nameEn: null,
  sex: 'female',
  birthDate: '1995-09-03',
  ethnicity: null,
  nationality: null,
  region: 'HK',
  address: '广东省深圳市福田区福华三路100号',
  number: '810000199509030029',
  issuer: '深圳市公安局',
  validFrom: '2021-03-15',
  validUntil: '2026-03-15',
  passNumber: 'H60123456',
  issueCount: 2,
  renewalCount: null,
  cardVersion: null,
  previousNumber: null,
  photo: null,
  checks,
};

export const FOREIGN_2017: CardRecord = {
  kind: 'foreign-permanent-2017',
  typeCode: 'I',
  nameZh: null,
  nameEn: 'SMITH, JOHN ROBERT',
  sex: 'male',
  birthDate: '1985-03-15',
  ethnicity: null,
  nationality: { alpha3: 'USA', alpha2: 'US', numeric: '840', nameZh: '美国', nameEn: 'United States of America' },
  region: null,
  address: null,
  number: 'USA310185031509',
  issuer: '3101',
  validFrom: '2019-08-01',
  validUntil: '2029-08-01',
  passNumber: null,
  issueCount: null,
  renewalCount: null,
  cardVersion: '01',
  previousNumber: null,
  photo: null,
  checks: { ...checks, birthDateMatchesNumber: null, sexMatchesNumber: null },
};

export const FOREIGN_2023: CardRecord = {
  kind: 'foreign-permanent-2023',
  typeCode: 'Y',
  nameZh: '安娜',
  nameEn: 'SILVA, ANA LUISA',
  sex: 'female',
  birthDate: '1990-06-14',
  ethnicity: null,
  nationality: { alpha3: 'CPV', alpha2: 'CV', numeric: '132', nameZh: '佛得角', nameEn: 'Cabo Verde' },
  region: null,
  address: null,
  number: '91321119900614002X',
  issuer: null,
  validFrom: '2024-01-10',
  validUntil: '2034-01-09',
  passNumber: null,
  issueCount: null,
  renewalCount: 0,
  cardVersion: null,
  previousNumber: null,
  photo: null,
  checks: { ...checks, sexMatchesNumber: null },
};

export const CARDS: Record<CardKind, CardRecord> = {
  resident: RESIDENT,
  'hmt-residence-permit': HMT_PERMIT,
  'foreign-permanent-2017': FOREIGN_2017,
  'foreign-permanent-2023': FOREIGN_2023,
};
