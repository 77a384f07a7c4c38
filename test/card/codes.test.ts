import { describe, expect, it } from 'vitest';
import {
  allCountries,
  countryByAlpha3,
  countryByNumeric,
  ETHNICITY_NAME_BY_CODE,
  ethnicityFromCode,
  regionFromNumber,
  sexFromCode,
  sexToCode,
} from '../../src/card/codes';

describe('sex (GB/T 2261.1)', () => {
  it('maps 0 1 2 9 and anything else to unknown', () => {
    expect(['0', '1', '2', '9', '3', ''].map(sexFromCode)).toEqual(['unknown', 'male', 'female', 'unspecified', 'unknown', 'unknown']);
    expect(sexToCode('female')).toBe('2');
  });
});

describe('ethnicity (GB 3304)', () => {
  it('has 01–56, 97 and 98', () => {
    const codes = Object.keys(ETHNICITY_NAME_BY_CODE);
    expect(codes).toHaveLength(58);
    for (let i = 1; i <= 56; i++) expect(codes).toContain(String(i).padStart(2, '0'));
    expect(ethnicityFromCode('01')).toEqual({ code: '01', nameZh: '汉族' });
    expect(ethnicityFromCode('46').nameZh).toBe('德昂族');
    expect(ethnicityFromCode('56').nameZh).toBe('基诺族');
    expect(ethnicityFromCode('97').nameZh).toBe('其他');
    expect(ethnicityFromCode('98').nameZh).toBe('外国血统中国籍人士');
  });

  it('keeps an unknown code raw', () => {
    expect(ethnicityFromCode('57')).toEqual({ code: '57', nameZh: null });
    expect(ethnicityFromCode('')).toEqual({ code: '', nameZh: null });
  });
});

describe('countries', () => {
  it('maps alpha-3 to alpha-2, numeric and names', () => {
    expect(countryByAlpha3('CAN')).toEqual({ alpha3: 'CAN', alpha2: 'CA', numeric: '124', nameZh: '加拿大', nameEn: 'Canada' });
    expect(countryByAlpha3('PAK')).toMatchObject({ alpha2: 'PK', numeric: '586', nameZh: '巴基斯坦' });
    expect(countryByAlpha3('kaz')).toMatchObject({ alpha3: 'KAZ', alpha2: 'KZ' });
  });

  it('uses Chinese government naming for HK, Macau and Taiwan', () => {
    expect(countryByAlpha3('HKG').nameZh).toBe('中国香港');
    expect(countryByAlpha3('MAC').nameZh).toBe('中国澳门');
    expect(countryByAlpha3('TWN').nameZh).toBe('中国台湾');
  });

  it('keeps unknown codes raw', () => {
    expect(countryByAlpha3('000')).toEqual({ alpha3: '000', alpha2: null, numeric: null, nameZh: null, nameEn: null });
  });

  it('reads the ISO numeric code of 2023 numbers (§4.2)', () => {
    expect(countryByNumeric('682')?.alpha3).toBe('SAU');
    expect(countryByNumeric('124')?.alpha3).toBe('CAN');
    expect(countryByNumeric('586')?.alpha3).toBe('PAK');
    expect(countryByNumeric('999')).toBeNull();
  });

  it('lists every country with both names', () => {
    const all = allCountries();
    expect(all.length).toBeGreaterThan(240);
    expect(all.every((c) => c.alpha2 && c.numeric && c.nameZh && c.nameEn)).toBe(true);
  });
});

describe('region (§4.4)', () => {
  it('reads 81 82 83', () => {
    expect(regionFromNumber('810000199408230021')).toBe('HK');
    expect(regionFromNumber('820000199408230021')).toBe('MO');
    expect(regionFromNumber('830000199201300022')).toBe('TW');
    expect(regionFromNumber('110105194912310020')).toBeNull();
  });
});
