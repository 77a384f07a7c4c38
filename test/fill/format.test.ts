// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  detectDateFormat,
  fieldText,
  formatDate,
  matchDatePart,
  matchDocumentType,
  matchEthnicity,
  matchNationality,
  matchSex,
  splitEnglishName,
} from '../../src/fill/format.js';
import { COUNTRY_VALUES_12306 } from '../../src/sites/12306-shared.js';
import type { ChoiceOption } from '../../src/fill/types.js';
import { FOREIGN_2017, FOREIGN_2023, HMT_PERMIT, RESIDENT } from './cards.js';

const opts = (pairs: [string, string][]): ChoiceOption[] => pairs.map(([value, text]) => ({ value, text }));

describe("dates in the form's own format", () => {
  it.each([
    [['yyyy-mm-dd'], 'YYYY-MM-DD', '1988-04-12'],
    [['YYYY/MM/DD'], 'YYYY/MM/DD', '1988/04/12'],
    [['例：1990年01月01日'], 'YYYY年MM月DD日', '1988年04月12日'],
    [['yyyymmdd'], 'YYYYMMDD', '19880412'],
    [['2001.02.03'], 'YYYY.MM.DD', '1988.04.12'],
    [['MM/DD/YYYY'], 'MM/DD/YYYY', '04/12/1988'],
    [['DD/MM/YYYY'], 'DD/MM/YYYY', '12/04/1988'],
    [[null, '', '请选择日期'], 'YYYY-MM-DD', '1988-04-12'],
    [['\\d{8}'], 'YYYYMMDD', '19880412'],
  ] as const)('hints %j → %s', (hints, fmt, text) => {
    expect(detectDateFormat([...hints])).toBe(fmt);
    expect(formatDate(RESIDENT.birthDate, fmt)).toBe(text);
  });

  it('writes 长期 for a long-term validity into text, and nothing into a date control', () => {
    const longTerm = { ...RESIDENT, validUntil: 'long-term' as const };
    expect(fieldText(longTerm, 'validUntil', { lang: 'zh' })).toBe('长期');
    expect(fieldText(longTerm, 'validUntil', { lang: 'zh', nativeDate: true })).toBeNull();
    expect(fieldText(RESIDENT, 'validUntil', { lang: 'zh', dateFormat: 'YYYY.MM.DD' })).toBe('2036.05.20');
  });
});

describe('other card facts', () => {
  it("leaves out the 2017 card's accepting-authority code: it is not an issuing authority a form can use", () => {
    expect(FOREIGN_2017.issuer).toBe('3101');
    expect(fieldText(FOREIGN_2017, 'issuer', { lang: 'zh' })).toBeNull();
    expect(fieldText(RESIDENT, 'issuer', { lang: 'zh' })).toBe('北京市公安局朝阳分局');
  });
  it("writes the permit's travel-permit number and issue count, and the document type as text", () => {
    expect(fieldText(HMT_PERMIT, 'passNumber', { lang: 'zh' })).toBe('H60123456');
    expect(fieldText(HMT_PERMIT, 'issueCount', { lang: 'zh' })).toBe('2');
    expect(fieldText(HMT_PERMIT, 'documentType', { lang: 'zh' })).toBe('港澳居民居住证');
    expect(fieldText(FOREIGN_2017, 'documentType', { lang: 'zh' })).toBe('外国人永久居留身份证');
  });
  it('splits a birth date into select parts without leading zeros', () => {
    expect(fieldText(HMT_PERMIT, 'birthMonth', { lang: 'zh' })).toBe('9');
    expect(fieldText(HMT_PERMIT, 'birthDay', { lang: 'zh' })).toBe('3');
  });
});

describe('names', () => {
  it('splits the chip\'s "SURNAME, GIVEN NAMES" English name', () => {
    expect(splitEnglishName('GARCIA-FERNANDEZ DE LA TORRE, MARIA ISABEL')).toEqual({
      surname: 'GARCIA-FERNANDEZ DE LA TORRE',
      given: 'MARIA ISABEL',
    });
    expect(fieldText(FOREIGN_2023, 'surnameEn', { lang: 'en' })).toBe('SILVA');
    expect(fieldText(FOREIGN_2023, 'givenNameEn', { lang: 'en' })).toBe('ANA LUISA');
  });
  it('fills a full name with the Chinese name, or the English name when the card has none or the form is English', () => {
    expect(fieldText(FOREIGN_2023, 'fullName', { lang: 'zh' })).toBe('安娜');
    expect(fieldText(FOREIGN_2023, 'fullName', { lang: 'en' })).toBe('SILVA, ANA LUISA');
    expect(fieldText(FOREIGN_2017, 'fullName', { lang: 'zh' })).toBe('SMITH, JOHN ROBERT');
    expect(fieldText(RESIDENT, 'nameEn', { lang: 'zh' })).toBeNull();
  });
});

describe('sex vocabularies', () => {
  it('picks by text 男/女, M/F, Male/Female, and by value 1/2 or M/F when the text says nothing', () => {
    expect(
      matchSex(
        RESIDENT,
        opts([
          ['M', '男'],
          ['F', '女'],
        ]),
      )?.value,
    ).toBe('M');
    expect(
      matchSex(
        HMT_PERMIT,
        opts([
          ['1', '男'],
          ['2', '女'],
        ]),
      )?.value,
    ).toBe('2');
    expect(
      matchSex(
        FOREIGN_2023,
        opts([
          ['x', 'Male'],
          ['y', 'Female'],
        ]),
      )?.value,
    ).toBe('y');
    expect(
      matchSex(
        RESIDENT,
        opts([
          ['1', ''],
          ['2', ''],
        ]),
      )?.value,
    ).toBe('1');
    expect(
      matchSex(
        { ...RESIDENT, sex: 'unknown' },
        opts([
          ['1', '男'],
          ['2', '女'],
        ]),
      ),
    ).toBeNull();
  });
});

const DOC_12306 = opts([
  ['1', '居民身份证'],
  ['C', '港澳居民来往内地通行证'],
  ['G', '台湾居民来往大陆通行证'],
  ['B', '中国护照'],
  ['H', '外国人永久居留身份证'],
  ['K', '港澳居民居住证'],
  ['P', '台湾居民居住证'],
]);
const DOC_TAX = opts([
  ['201', '居民身份证'],
  ['227', '中国护照'],
  ['210', '港澳居民来往内地通行证'],
  ['237', '中华人民共和国港澳居民居住证'],
  ['213', '台湾居民来往大陆通行证'],
  ['238', '中华人民共和国台湾居民居住证'],
  ['208', '外国护照'],
  ['233', '外国人永久居留身份证（外国人永久居留证）'],
]);

describe('document-type options for all four cards', () => {
  it('12306 codes: 1, K (HK permit), P (TW permit), H for both foreign cards', () => {
    expect(matchDocumentType(RESIDENT, DOC_12306)?.value).toBe('1');
    expect(matchDocumentType(HMT_PERMIT, DOC_12306)?.value).toBe('K');
    expect(matchDocumentType({ ...HMT_PERMIT, region: 'TW', number: '830000199509030025' }, DOC_12306)?.value).toBe('P');
    expect(matchDocumentType(FOREIGN_2017, DOC_12306)?.value).toBe('H');
    expect(matchDocumentType(FOREIGN_2023, DOC_12306)?.value).toBe('H');
  });
  it('tax codes: 201, 237/238, 233', () => {
    expect(matchDocumentType(RESIDENT, DOC_TAX)?.value).toBe('201');
    expect(matchDocumentType(HMT_PERMIT, DOC_TAX)?.value).toBe('237');
    expect(matchDocumentType(FOREIGN_2023, DOC_TAX)?.value).toBe('233');
  });
  it('matches a combined 港澳台居民居住证 option for either region, never a 通行证 or a passport', () => {
    const list = opts([
      ['01', '身份证'],
      ['02', '港澳台居民居住证'],
      ['03', '外国人永久居留证'],
      ['04', '护照'],
      ['05', '港澳通行证'],
    ]);
    expect(matchDocumentType(HMT_PERMIT, list)?.value).toBe('02');
    expect(matchDocumentType({ ...HMT_PERMIT, region: 'TW' }, list)?.value).toBe('02');
    expect(matchDocumentType(RESIDENT, list)?.value).toBe('01');
    expect(matchDocumentType(FOREIGN_2017, list)?.value).toBe('03');
    expect(
      matchDocumentType(
        HMT_PERMIT,
        opts([
          ['1', '身份证'],
          ['2', '港澳通行证'],
          ['3', '护照'],
        ]),
      ),
    ).toBeNull();
  });
  it('falls back to known values only when option texts are bare codes', () => {
    expect(
      matchDocumentType(
        FOREIGN_2023,
        opts([
          ['', '请选择'],
          ['H', ''],
          ['1', ''],
        ]),
      )?.value,
    ).toBe('H');
    expect(
      matchDocumentType(
        FOREIGN_2023,
        opts([
          ['H', '护照'],
          ['1', '身份证'],
        ]),
      ),
    ).toBeNull();
  });
});

describe('nationality options', () => {
  const list12306 = opts([
    ['CN', '中国CHINA'],
    ['US', '美国UNITEDSTATES'],
    ['KY', '佛得角CAPE VERDE'],
    ['NL', '荷兰HOLLAND'],
  ]);
  it('matches 12306 "中国CHINA" texts by the Chinese part, so 佛得角 gets its quirky value KY', () => {
    expect(matchNationality(FOREIGN_2023, list12306)?.value).toBe('KY');
    expect(matchNationality(FOREIGN_2017, list12306)?.value).toBe('US');
    expect(matchNationality(RESIDENT, list12306)?.value).toBe('CN');
  });
  it('never takes an option naming another country because its value is the ISO code', () => {
    const cayman = opts([
      ['KY', '开曼群岛'],
      ['CV', '佛得角'],
    ]);
    expect(matchNationality(FOREIGN_2023, cayman)?.value).toBe('CV');
    expect(matchNationality(FOREIGN_2023, opts([['KY', '开曼群岛']]))).toBeNull();
  });
  it('matches English names and alpha-2 / alpha-3 / numeric values, and the 12306 override table', () => {
    expect(
      matchNationality(
        FOREIGN_2017,
        opts([
          ['x', 'Germany'],
          ['y', 'United States'],
        ]),
      )?.value,
    ).toBe('y');
    expect(
      matchNationality(
        FOREIGN_2017,
        opts([
          ['DEU', ''],
          ['USA', ''],
        ]),
      )?.value,
    ).toBe('USA');
    expect(matchNationality(FOREIGN_2023, opts([['132', '']]))?.value).toBe('132');
    expect(matchNationality(FOREIGN_2023, opts([['KY', 'KY']]), COUNTRY_VALUES_12306)?.value).toBe('KY');
    expect(matchNationality(HMT_PERMIT, list12306)).toBeNull();
  });
});

describe('ethnicity with or without 族', () => {
  it('matches 汉族, 汉 or the GB 3304 code', () => {
    expect(
      matchEthnicity(
        RESIDENT,
        opts([
          ['01', '汉族'],
          ['15', '土家族'],
        ]),
      )?.value,
    ).toBe('15');
    expect(
      matchEthnicity(
        RESIDENT,
        opts([
          ['a', '汉'],
          ['b', '土家'],
        ]),
      )?.value,
    ).toBe('b');
    expect(
      matchEthnicity(
        RESIDENT,
        opts([
          ['1', ''],
          ['15', ''],
        ]),
      )?.value,
    ).toBe('15');
    expect(matchEthnicity({ ...RESIDENT, ethnicity: { code: '36', nameZh: '毛南族' } }, opts([['36', '毛难族']]))?.value).toBe('36');
    expect(matchEthnicity(FOREIGN_2017, opts([['01', '汉族']]))).toBeNull();
  });
});

describe('split date selects', () => {
  it('matches "1988", "04", "4月"', () => {
    expect(
      matchDatePart(
        '1988-04-12',
        'year',
        opts([
          ['1987', '1987'],
          ['1988', '1988年'],
        ]),
      )?.value,
    ).toBe('1988');
    expect(
      matchDatePart(
        '1988-04-12',
        'month',
        opts([
          ['03', '3月'],
          ['04', '4月'],
        ]),
      )?.value,
    ).toBe('04');
    expect(
      matchDatePart(
        '1988-04-12',
        'day',
        opts([
          ['', '日'],
          ['x', '12日'],
        ]),
      )?.value,
    ).toBe('x');
  });
});
