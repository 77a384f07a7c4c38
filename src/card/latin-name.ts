/**
 * Latin names for the card holder (src/fill/README.md "Latin names"). Pure.
 *
 * - I / Y cards (foreign permanent residence) carry the English name on the chip: "SURNAME, GIVEN NAMES". It is used
 *   as it is, never replaced by pinyin of the Chinese name.
 * - Resident and J cards (and any card that has only a Chinese name) get Hanyu Pinyin of the Chinese name, split
 *   into surname and given name first: compound surnames (欧阳, 司马, 诸葛 …) are kept together, and surnames read
 *   differently from the character's common reading (单 Shan, 曾 Zeng, 区 Ou, 解 Xie …) use the surname reading.
 *   The result is marked `derived`: the plan shows it as derived and the person can change it.
 * - Names that are not plain Han characters (minority names joined by "·", names with Latin letters) are not
 *   romanised: pinyin of a transliterated Uyghur or Tibetan name is not that person's Latin name.
 *
 * The pinyin of the given name comes from a romaniser passed in (pinyin-pro in the extension's background; see
 * src/fill/README.md for why it is not in the content script), so this module stays pure and small.
 */

/** Turns Han characters into toneless pinyin syllables, one per character (e.g. pinyin-pro's `pinyin(…, { type: 'array' })`). */
export type Romaniser = (han: string) => string[];

export interface LatinName {
  /** Surname words, lower case, ASCII ("ouyang"; "silva"). */
  surname: string[];
  /** Given-name words, lower case, ASCII ("mingxuan"; "ana", "luisa"). */
  given: string[];
  /** True when computed from the Chinese name (pinyin), false when the card carries it. */
  derived: boolean;
  /** The Chinese surname and given name, when the name was split from a Chinese name (for 姓 / 名 fields). */
  han?: { surname: string; given: string };
}

/** Compound (two-character) surnames: the first two characters are the surname, read as one word. */
export const COMPOUND_SURNAMES: Record<string, string> = {
  欧阳: 'ouyang',
  司马: 'sima',
  诸葛: 'zhuge',
  上官: 'shangguan',
  司徒: 'situ',
  东方: 'dongfang',
  皇甫: 'huangfu',
  尉迟: 'yuchi',
  公孙: 'gongsun',
  慕容: 'murong',
  长孙: 'zhangsun',
  宇文: 'yuwen',
  夏侯: 'xiahou',
  轩辕: 'xuanyuan',
  令狐: 'linghu',
  钟离: 'zhongli',
  澹台: 'tantai',
  公冶: 'gongye',
  太史: 'taishi',
  申屠: 'shentu',
  万俟: 'moqi',
  闻人: 'wenren',
  东郭: 'dongguo',
  南宫: 'nangong',
  西门: 'ximen',
  呼延: 'huyan',
  端木: 'duanmu',
  百里: 'baili',
  第五: 'diwu',
  拓跋: 'tuoba',
  赫连: 'helian',
  独孤: 'dugu',
  司空: 'sikong',
  亓官: 'qiguan',
  羊舌: 'yangshe',
  乐正: 'yuezheng',
  左丘: 'zuoqiu',
  东门: 'dongmen',
  梁丘: 'liangqiu',
  微生: 'weisheng',
  公羊: 'gongyang',
  濮阳: 'puyang',
  淳于: 'chunyu',
  单于: 'chanyu',
  仲孙: 'zhongsun',
  巫马: 'wuma',
  公西: 'gongxi',
  漆雕: 'qidiao',
  宗政: 'zongzheng',
  司寇: 'sikou',
  段干: 'duangan',
  谷梁: 'guliang',
  壤驷: 'rangsi',
  颛孙: 'zhuansun',
  鲜于: 'xianyu',
  闾丘: 'lvqiu',
};

/** Single-character surnames whose surname reading differs from the character's most common reading. */
export const SURNAME_READINGS: Record<string, string> = {
  单: 'shan',
  曾: 'zeng',
  区: 'ou',
  解: 'xie',
  仇: 'qiu',
  查: 'zha',
  朴: 'piao',
  盖: 'ge',
  乐: 'yue',
  覃: 'qin',
  缪: 'miao',
  翟: 'zhai',
  召: 'shao',
  种: 'chong',
  秘: 'bi',
  繁: 'po',
  宓: 'fu',
  隗: 'wei',
  员: 'yun',
  能: 'nai',
  句: 'gou',
  过: 'guo',
  柏: 'bai',
  冼: 'xian',
  阚: 'kan',
  訾: 'zi',
  褚: 'chu',
  那: 'na',
  教: 'jiao',
  折: 'she',
  逄: 'pang',
  厍: 'she',
  黑: 'he',
  尉: 'yu',
  重: 'chong',
  长: 'chang',
  华: 'hua',
  任: 'ren',
  燕: 'yan',
  沈: 'shen',
  薄: 'bo',
  纪: 'ji',
  车: 'che',
  石: 'shi',
  卜: 'bu',
  番: 'pan',
  蕃: 'pi',
  眭: 'sui',
  阿: 'a',
  贲: 'ben',
  殷: 'yin',
  佴: 'nai',
  万: 'wan',
  卒: 'zu',
  粘: 'nian',
  洗: 'xian',
  相: 'xiang',
  谌: 'chen',
  応: 'ying',
};

/**
 * How ü is written in a Latin name: "LYU", "NYU" after l/n (the passport rule of GB/T 28039-2011, as the
 * Ministry of Public Security's passport practice applies it), and plain "u" elsewhere (ju, qu, xu, yu).
 * Uncertain: older passports printed "LV"; a person with such a passport should correct the derived value.
 */
export const U_UMLAUT_AFTER_L_N = 'yu';

const HAN_ONLY = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/;

function ascii(syllable: string): string {
  return syllable
    .toLowerCase()
    .replace(/([ln])(ü|v|u:)/g, `$1${U_UMLAUT_AFTER_L_N}`)
    .replace(/ü|v|u:/g, 'u')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z]/g, '');
}

/** Split a Chinese name into surname and given name (compound surnames aware). Null when it is not plain Han. */
export function splitChineseName(nameZh: string): { surname: string; given: string } | null {
  const n = nameZh.replace(/\s+/g, '');
  if (!HAN_ONLY.test(n) || n.length < 2) return null;
  const two = n.slice(0, 2);
  if (n.length >= 3 && COMPOUND_SURNAMES[two]) return { surname: two, given: n.slice(2) };
  return { surname: n.slice(0, 1), given: n.slice(1) };
}

/** Pinyin of a Chinese name, surname first: { surname: ['ouyang'], given: ['nana'] }. */
export function romanizeChineseName(nameZh: string, romanise: Romaniser): LatinName | null {
  const split = splitChineseName(nameZh);
  if (!split) return null;
  const surname = COMPOUND_SURNAMES[split.surname] ?? SURNAME_READINGS[split.surname] ?? romanise(split.surname).map(ascii).join('');
  const givenSyllables = romanise(split.given).map(ascii);
  if (!surname || givenSyllables.length !== split.given.length || givenSyllables.some((s) => !s)) return null;
  return { surname: [surname], given: [givenSyllables.join('')], derived: true, han: split };
}

/** "SILVA, ANA LUISA" (the chip's form) → surname words and given-name words. */
export function parseEnglishName(nameEn: string): LatinName | null {
  const t = nameEn.trim();
  if (!t) return null;
  const words = (s: string) =>
    s
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => w.toLowerCase());
  const i = t.indexOf(',');
  if (i === -1) return { surname: words(t), given: [], derived: false };
  return { surname: words(t.slice(0, i)), given: words(t.slice(i + 1)), derived: false };
}

/** The card holder's Latin name: the chip's English name when there is one, else pinyin of the Chinese name. */
export function latinNameOf(card: { nameZh: string | null; nameEn: string | null }, romanise: Romaniser): LatinName | null {
  if (card.nameEn) return parseEnglishName(card.nameEn);
  if (card.nameZh) return romanizeChineseName(card.nameZh, romanise);
  return null;
}

export interface LatinFormat {
  part: 'surname' | 'given' | 'full';
  /** "ZHANG SAN" or "Zhang San". */
  case: 'upper' | 'title';
  /** For the full name: "ZHANG SAN" (surname first) or "San Zhang" (given name first). */
  order: 'surname-first' | 'given-first';
  /** Between surname and given name in a full name: "ZHANG SAN", "ZHANG/SAN", "ZHANG, SAN". */
  separator: ' ' | '/' | ', ';
}

const cap = (w: string) => w.replace(/(^|[-'])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());

/** Format a Latin name for one field. */
export function formatLatinName(n: LatinName, fmt: LatinFormat): string {
  const word = (w: string) => (fmt.case === 'upper' ? w.toUpperCase() : cap(w));
  const surname = n.surname.map(word).join(' ');
  const given = n.given.map(word).join(' ');
  if (fmt.part === 'surname') return surname;
  if (fmt.part === 'given') return given;
  if (!given) return surname;
  if (!surname) return given;
  return fmt.order === 'surname-first' ? `${surname}${fmt.separator}${given}` : `${given} ${surname}`;
}

/**
 * The format a field asks for, from its hints (placeholder, labels): an example such as "ZHANG/SAN", "如：ZHANG"
 * or "Zhang San", or words like 大写 / uppercase. Without hints: Chinese-labelled fields get passport style
 * (upper case, surname first), English-labelled ones title case with the given name first in a full name.
 */
export function detectLatinFormat(part: LatinFormat['part'], hints: (string | null | undefined)[], lang: 'zh' | 'en'): LatinFormat {
  const fmt: LatinFormat =
    lang === 'zh'
      ? { part, case: 'upper', order: 'surname-first', separator: ' ' }
      : { part, case: 'title', order: 'given-first', separator: ' ' };
  for (const raw of hints) {
    if (!raw) continue;
    const h = raw.trim();
    if (/大写|uppercase|upper case|capital letters|block letters|in capitals/i.test(h)) fmt.case = 'upper';
    // An example of two Latin words ("ZHANG/SAN", "Zhang San", "ZHANG, SAN") or one after 如 / e.g. ("如：ZHANG").
    const two = /(?:^|[^A-Za-z])([A-Za-z]{2,})(\s*\/\s*|\s*,\s*|\s+)([A-Za-z]{2,})(?![A-Za-z])/.exec(h);
    const one = /(?:如|例如|例|e\.g\.?|eg|example)[:：]?\s*([A-Za-z]{2,})/i.exec(h);
    const words = two && /[A-Z]/.test(two[1]!) ? [two[1]!, two[3]!] : one ? [one[1]!] : [];
    if (words.length === 0) continue;
    if (words.every((w) => w === w.toUpperCase())) fmt.case = 'upper';
    else if (words.every((w) => /^[A-Z][a-z]+$/.test(w))) fmt.case = 'title';
    if (two && /[A-Z]/.test(two[1]!)) {
      const sep = two[2]!.trim();
      if (sep === '/') {
        fmt.separator = '/';
        fmt.order = 'surname-first';
      } else if (sep === ',') {
        fmt.separator = ', ';
        fmt.order = 'surname-first';
      }
    }
  }
  return fmt;
}

/**
 * A Latin name as it arrives from the popup (planFill message): plain lower-case ASCII words, a few of them,
 * or null. Anything else is dropped, never passed on to a page.
 */
export function acceptLatinName(x: unknown): LatinName | null {
  if (!x || typeof x !== 'object') return null;
  const o = x as Record<string, unknown>;
  const words = (v: unknown) =>
    Array.isArray(v) && v.length <= 6 && v.every((w) => typeof w === 'string' && /^[a-z][a-z'-]{0,39}$/.test(w)) ? (v as string[]) : null;
  const surname = words(o.surname);
  const given = words(o.given);
  if (!surname || !given || surname.length + given.length === 0) return null;
  const out: LatinName = { surname, given, derived: o.derived !== false };
  const han = o.han as Record<string, unknown> | undefined;
  if (
    han &&
    typeof han.surname === 'string' &&
    typeof han.given === 'string' &&
    /^[\u3400-\u9fff]{1,4}$/.test(han.surname) &&
    /^[\u3400-\u9fff]{1,8}$/.test(han.given)
  ) {
    out.han = { surname: han.surname, given: han.given };
  }
  return out;
}
