import { describe, expect, it } from 'vitest';
import {
  acceptLatinName,
  COMPOUND_SURNAMES,
  detectLatinFormat,
  formatLatinName,
  latinNameOf,
  parseEnglishName,
  romanizeChineseName,
  splitChineseName,
  SURNAME_READINGS,
} from '../../src/card/latin-name.js';
import { romanise } from '../../src/card/pinyin.js';
import { FOREIGN_2017, FOREIGN_2023, HMT_PERMIT, RESIDENT } from '../fill/cards.js';

const rom = (name: string) => romanizeChineseName(name, romanise);
const full = (name: string, fmt: Partial<Parameters<typeof formatLatinName>[1]> = {}) =>
  formatLatinName(rom(name)!, { part: 'full', case: 'upper', order: 'surname-first', separator: ' ', ...fmt });

describe('pinyin of Chinese names, surname first', () => {
  it.each([
    ['欧阳娜娜', 'OUYANG NANA'],
    ['司马相如', 'SIMA XIANGRU'],
    ['诸葛亮', 'ZHUGE LIANG'],
    ['上官婉儿', 'SHANGGUAN WANER'],
    ['尉迟恭', 'YUCHI GONG'],
    ['长孙无忌', 'ZHANGSUN WUJI'],
    ['万俟卨', 'MOQI XIE'],
    ['澹台明月', 'TANTAI MINGYUE'],
  ])('keeps the compound surname of %s together: %s', (name, want) => {
    expect(full(name)).toBe(want);
  });

  it.each([
    ['单田芳', 'SHAN TIANFANG'],
    ['曾小贤', 'ZENG XIAOXIAN'],
    ['区志明', 'OU ZHIMING'],
    ['解缙', 'XIE JIN'],
    ['仇英', 'QIU YING'],
    ['查良镛', 'ZHA LIANGYONG'],
    ['朴树', 'PIAO SHU'],
    ['盖聂', 'GE NIE'],
    ['乐嘉', 'YUE JIA'],
    ['覃思', 'QIN SI'],
    ['翟天临', 'ZHAI TIANLIN'],
    ['缪斯', 'MIAO SI'],
  ])('reads the surname of %s as a surname: %s', (name, want) => {
    expect(full(name)).toBe(want);
  });

  it('reads a given name in context and writes ü after l/n as "yu"', () => {
    expect(full('李明轩')).toBe('LI MINGXUAN');
    expect(full('吕布')).toBe('LYU BU');
    expect(full('陈嘉欣')).toBe('CHEN JIAXIN');
  });

  it('does not romanise names that are not plain Han characters', () => {
    expect(rom('阿依古丽·买买提')).toBeNull();
    expect(rom('Anna李')).toBeNull();
    expect(rom('李')).toBeNull();
    expect(splitChineseName('欧阳')).toEqual({ surname: '欧', given: '阳' });
  });

  it('lists compound surnames with a reading, and special readings that differ from the common one', () => {
    for (const [han, py] of Object.entries(COMPOUND_SURNAMES)) {
      expect(han).toHaveLength(2);
      expect(py).toMatch(/^[a-z]+$/);
    }
    // The common reading of these characters is not their surname reading.
    for (const han of ['单', '曾', '区', '解', '查', '朴', '盖', '乐']) expect(romanise(han)[0]).not.toBe(SURNAME_READINGS[han]);
  });
});

describe('every output format', () => {
  const n = rom('张三丰')!;
  it.each([
    [{ part: 'full', case: 'upper', order: 'surname-first', separator: ' ' }, 'ZHANG SANFENG'],
    [{ part: 'full', case: 'title', order: 'surname-first', separator: ' ' }, 'Zhang Sanfeng'],
    [{ part: 'full', case: 'title', order: 'given-first', separator: ' ' }, 'Sanfeng Zhang'],
    [{ part: 'full', case: 'upper', order: 'given-first', separator: ' ' }, 'SANFENG ZHANG'],
    [{ part: 'full', case: 'upper', order: 'surname-first', separator: '/' }, 'ZHANG/SANFENG'],
    [{ part: 'full', case: 'upper', order: 'surname-first', separator: ', ' }, 'ZHANG, SANFENG'],
    [{ part: 'surname', case: 'upper', order: 'surname-first', separator: ' ' }, 'ZHANG'],
    [{ part: 'surname', case: 'title', order: 'surname-first', separator: ' ' }, 'Zhang'],
    [{ part: 'given', case: 'upper', order: 'surname-first', separator: ' ' }, 'SANFENG'],
    [{ part: 'given', case: 'title', order: 'surname-first', separator: ' ' }, 'Sanfeng'],
  ] as const)('%j → %s', (fmt, want) => {
    expect(formatLatinName(n, fmt)).toBe(want);
  });

  it('reads the format a field asks for from its example or words', () => {
    expect(detectLatinFormat('full', ['例：ZHANG/SAN'], 'zh')).toMatchObject({ case: 'upper', separator: '/', order: 'surname-first' });
    expect(detectLatinFormat('surname', ['如：ZHANG'], 'zh')).toMatchObject({ case: 'upper' });
    expect(detectLatinFormat('surname', ['e.g. Zhang'], 'en')).toMatchObject({ case: 'title' });
    expect(detectLatinFormat('full', ['Full name (in capital letters)'], 'en')).toMatchObject({ case: 'upper', order: 'given-first' });
    expect(detectLatinFormat('full', ['姓名拼音'], 'zh')).toMatchObject({ case: 'upper', order: 'surname-first', separator: ' ' });
    expect(detectLatinFormat('given', ['First name'], 'en')).toMatchObject({ case: 'title' });
  });
});

describe('which Latin name a card has', () => {
  it('uses the chip English name of I and Y cards, never pinyin of their Chinese name', () => {
    expect(latinNameOf(FOREIGN_2023, romanise)).toEqual({ surname: ['silva'], given: ['ana', 'luisa'], derived: false });
    expect(latinNameOf(FOREIGN_2017, romanise)).toEqual({ surname: ['smith'], given: ['john', 'robert'], derived: false });
    expect(parseEnglishName('GARCIA-FERNANDEZ DE LA TORRE, MARIA ISABEL')?.surname).toEqual(['garcia-fernandez', 'de', 'la', 'torre']);
  });

  it('derives pinyin for resident and J cards, marked as derived', () => {
    expect(latinNameOf(RESIDENT, romanise)).toMatchObject({ surname: ['li'], given: ['mingxuan'], derived: true });
    expect(latinNameOf(HMT_PERMIT, romanise)).toMatchObject({ surname: ['chen'], given: ['jiaxin'], derived: true });
  });

  it('accepts only a plain Latin name from the popup', () => {
    expect(acceptLatinName({ surname: ['li'], given: ['mingxuan'], derived: true })).toEqual({
      surname: ['li'],
      given: ['mingxuan'],
      derived: true,
    });
    expect(acceptLatinName({ surname: ['<img src=x>'], given: [] })).toBeNull();
    expect(acceptLatinName({ surname: 'li', given: ['a'] })).toBeNull();
    expect(acceptLatinName(null)).toBeNull();
  });
});
