/**
 * Country names for matching nationality options (reference/target-forms.md §2.4 and §8).
 * Base table: i18n-iso-countries (MIT) Simplified Chinese + English names; plus an alias table for the
 * Chinese-government and 12306 long forms that the base table spells differently.
 */
import countries from 'i18n-iso-countries';
import zh from 'i18n-iso-countries/langs/zh.json';
import en from 'i18n-iso-countries/langs/en.json';
import { latinKey } from './text.js';

countries.registerLocale(zh as Parameters<typeof countries.registerLocale>[0]);
countries.registerLocale(en as Parameters<typeof countries.registerLocale>[0]);

/**
 * Names the base table lacks. reference/target-forms.md §2.4: 12306 uses older long names
 * (阿拉伯联合酋长国, 阿塞拜疆共和国, 古巴共和国, 捷克共和国, 吉尔吉斯共和国, 马其顿, 荷兰 "HOLLAND", 韩国 "KOREA",
 * 伯里兹/伯利兹, 斯洛伐克共和国) and §8: government naming 中国香港/中国澳门/中国台湾.
 */
const ZH_ALIASES: Record<string, string[]> = {
  AE: ['阿拉伯联合酋长国', '阿联酋'], AZ: ['阿塞拜疆共和国', '阿塞拜疆'], CU: ['古巴共和国'], CZ: ['捷克共和国', '捷克'],
  KG: ['吉尔吉斯共和国', '吉尔吉斯斯坦', '吉尔吉斯'], MK: ['马其顿', '北马其顿'], NL: ['荷兰'], KR: ['韩国', '大韩民国'],
  KP: ['朝鲜', '朝鲜民主主义人民共和国'], BZ: ['伯里兹', '伯利兹'], SK: ['斯洛伐克共和国', '斯洛伐克'], HK: ['中国香港', '香港'],
  MO: ['中国澳门', '澳门'], TW: ['中国台湾', '台湾', '中国台湾省'], US: ['美国', '美利坚合众国'], GB: ['英国', '大不列颠及北爱尔兰联合王国'],
  RU: ['俄罗斯', '俄罗斯联邦'], BA: ['波斯尼亚和黑塞哥维那', '波黑'], ID: ['印度尼西亚', '印尼'], PS: ['巴勒斯坦'],
  CV: ['佛得角'], AS: ['美属萨摩亚'], GE: ['格鲁吉亚'], GD: ['格林纳达'], RS: ['塞尔维亚'], KN: ['圣基茨和尼维斯'],
  CN: ['中国', '中华人民共和国'], DE: ['德国', '德意志联邦共和国'], ES: ['西班牙'], FR: ['法国'], JP: ['日本'], VN: ['越南'],
  LA: ['老挝'], IR: ['伊朗'], SY: ['叙利亚'], TZ: ['坦桑尼亚'], VE: ['委内瑞拉'], BO: ['玻利维亚'], MD: ['摩尔多瓦'],
};
const EN_ALIASES: Record<string, string[]> = {
  NL: ['HOLLAND', 'NETHERLANDS'], KR: ['KOREA', 'SOUTH KOREA', 'REPUBLIC OF KOREA'], KP: ['NORTH KOREA', 'DPRK'],
  US: ['UNITED STATES', 'USA', 'UNITED STATES OF AMERICA', 'AMERICA'], GB: ['UNITED KINGDOM', 'UK', 'GREAT BRITAIN', 'BRITAIN'],
  RU: ['RUSSIA', 'RUSSIAN FEDERATION'], CN: ['CHINA', 'PRC', "PEOPLE'S REPUBLIC OF CHINA"], VN: ['VIETNAM', 'VIET NAM'],
  CZ: ['CZECH', 'CZECH REPUBLIC', 'CZECHIA'], IR: ['IRAN'], SY: ['SYRIA'], LA: ['LAOS'], TZ: ['TANZANIA'], MK: ['MACEDONIA', 'NORTH MACEDONIA'],
  TW: ['TAIWAN'], HK: ['HONG KONG'], MO: ['MACAO', 'MACAU'], BO: ['BOLIVIA'], VE: ['VENEZUELA'], MD: ['MOLDOVA'],
};

const byZh = new Map<string, string>();
const byEn = new Map<string, string>();

function addZh(name: string, a2: string) {
  const k = name.replace(/\s+/g, '');
  if (!byZh.has(k)) byZh.set(k, a2);
}
function addEn(name: string, a2: string) {
  const k = latinKey(name);
  if (k.length >= 2 && !byEn.has(k)) byEn.set(k, a2);
}
for (const [a2, names] of Object.entries(ZH_ALIASES)) names.forEach((n) => addZh(n, a2));
for (const [a2, names] of Object.entries(EN_ALIASES)) names.forEach((n) => addEn(n, a2));
for (const [a2, names] of Object.entries(countries.getNames('zh', { select: 'all' }))) names.forEach((n) => addZh(n, a2));
for (const [a2, names] of Object.entries(countries.getNames('en', { select: 'all' }))) names.forEach((n) => addEn(n, a2));

export function alpha2FromAlpha3(alpha3: string): string | null {
  return countries.alpha3ToAlpha2(alpha3.toUpperCase()) ?? null;
}
export function alpha3FromAlpha2(alpha2: string): string | null {
  return countries.alpha2ToAlpha3(alpha2.toUpperCase()) ?? null;
}
export function numericFromAlpha2(alpha2: string): string | null {
  return countries.alpha2ToNumeric(alpha2.toUpperCase()) ?? null;
}

/**
 * The country an option's text names, as alpha-2, or null when the text names none we know.
 * 12306 joins the names with no separator ("中国CHINA", "美国UNITEDSTATES"): take the text before the
 * first Latin letter as the Chinese name (reference/target-forms.md §2.4), the rest as the English name.
 */
export function countryOfText(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  const firstLatin = t.search(/[A-Za-z]/);
  const zhPart = (firstLatin === -1 ? t : t.slice(0, firstLatin)).replace(/[\s()（）\-—/|]+/g, '');
  if (zhPart) {
    const hit = byZh.get(zhPart);
    if (hit) return hit;
  }
  if (firstLatin !== -1) {
    const hit = byEn.get(latinKey(t.slice(firstLatin)));
    if (hit) return hit;
  }
  return null;
}
