/** Name fields by script (src/fill/README.md "Latin names"): the values the plan offers for each card. */
import { describe, expect, it } from 'vitest';
import { latinFieldText, matchDatePart } from '../../src/fill/format.js';
import { latinNameWithPinyin } from '../../src/card/pinyin.js';
import { FOREIGN_2017, FOREIGN_2023, HMT_PERMIT, RESIDENT } from './cards.js';

const latin = latinNameWithPinyin(RESIDENT);

describe('Latin name fields', () => {
  it('derives pinyin for a resident card, formatted as the field asks, and marks it derived', () => {
    expect(latinFieldText(RESIDENT, 'surnameEn', latin, { lang: 'en', script: 'latin', hints: ['Last name'] })).toEqual({
      text: 'Li',
      derived: true,
    });
    expect(latinFieldText(RESIDENT, 'givenNameEn', latin, { lang: 'en', script: 'latin', hints: ['First name'] })).toEqual({
      text: 'Mingxuan',
      derived: true,
    });
    expect(latinFieldText(RESIDENT, 'nameEn', latin, { lang: 'zh', script: 'latin', hints: ['英文姓名'] })).toEqual({
      text: 'LI MINGXUAN',
      derived: true,
    });
    expect(latinFieldText(RESIDENT, 'nameEn', latin, { lang: 'zh', script: 'latin', hints: ['例：ZHANG/SAN', '姓名拼音'] })).toEqual({
      text: 'LI/MINGXUAN',
      derived: true,
    });
    expect(latinFieldText(RESIDENT, 'fullName', latin, { lang: 'en', script: 'latin', hints: ['Full name'] })).toEqual({
      text: 'Mingxuan Li',
      derived: true,
    });
    expect(latinFieldText(RESIDENT, 'surnameEn', latin, { lang: 'zh', script: 'latin', hints: ['英文姓（如：ZHANG）'] })).toEqual({
      text: 'LI',
      derived: true,
    });
  });

  it('never writes a Chinese name into a Latin-only field, and never Latin into a Chinese-only one', () => {
    // No Latin name known: the Latin field is left alone rather than given 李明轩.
    expect(latinFieldText(RESIDENT, 'fullName', null, { lang: 'en', script: 'latin', hints: ['Full name'] })).toBeNull();
    expect(latinFieldText(RESIDENT, 'surnameEn', null, { lang: 'en', script: 'latin', hints: ['Surname'] })).toBeNull();
    // 姓 / 名 on a Chinese form: the Chinese parts, never pinyin.
    expect(latinFieldText(RESIDENT, 'surnameEn', latin, { lang: 'zh', script: 'han', hints: ['姓'] })).toEqual({
      text: '李',
      derived: false,
    });
    expect(latinFieldText(RESIDENT, 'givenNameEn', latin, { lang: 'zh', script: 'han', hints: ['名'] })).toEqual({
      text: '明轩',
      derived: false,
    });
    const ouyang = latinNameWithPinyin({ nameZh: '欧阳娜娜', nameEn: null });
    expect(latinFieldText({ ...RESIDENT, nameZh: '欧阳娜娜' }, 'surnameEn', ouyang, { lang: 'zh', script: 'han' })).toEqual({
      text: '欧阳',
      derived: false,
    });
    // A Chinese full-name field keeps the Chinese name (decided by fieldText as before).
    expect(latinFieldText(RESIDENT, 'fullName', latin, { lang: 'zh', hints: ['姓名'] })).toBeUndefined();
  });

  it('uses the chip English name of I / Y cards, never pinyin', () => {
    for (const card of [FOREIGN_2017, FOREIGN_2023]) {
      expect(latinFieldText(card, 'surnameEn', latinNameWithPinyin(card), { lang: 'en', script: 'latin' })).toBeUndefined();
    }
    expect(latinNameWithPinyin(FOREIGN_2023)?.derived).toBe(false);
    expect(latinFieldText(HMT_PERMIT, 'givenNameEn', latinNameWithPinyin(HMT_PERMIT), { lang: 'en', script: 'latin' })).toEqual({
      text: 'Jiaxin',
      derived: true,
    });
  });
});

describe('two-digit year lists', () => {
  const years = [
    { value: 'YY', text: 'YY' },
    ...Array.from({ length: 40 }, (_, i) => {
      const y = String((90 + i) % 100).padStart(2, '0');
      return { value: y, text: y };
    }),
  ];
  it('finds 1995 as "95" and refuses a year the list does not have', () => {
    expect(matchDatePart('1995-09-03', 'year', years)?.text).toBe('95');
    expect(matchDatePart('2003-01-01', 'year', years)?.text).toBe('03');
    expect(matchDatePart('1988-04-12', 'year', years)).toBeNull();
  });
});
