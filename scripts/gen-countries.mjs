#!/usr/bin/env node
// @ts-check
// Writes src/card/codes/countries-data.ts, CardFill's one country table: ISO 3166-1 codes with Chinese and English
// names from i18n-iso-countries (MIT, the maintained source), plus CardFill's one override list (OVERRIDES below):
// the names shown for a country where Chinese government or English-form usage differs from the package, and the
// extra names nationality options are written with (docs/target-forms.md §2.4, §8). The host's decoder, the popup
// and the fill engine all read this table (src/card/codes/countries.ts); none ships the package itself (its locale
// loader and `diacritics` were ≈ 25 KB of the content script, docs/benchmarks.md "Sizes").
// Rerun after upgrading i18n-iso-countries or editing OVERRIDES: `node scripts/gen-countries.mjs`;
// test/fill/countries.test.ts fails while the committed table differs from what this writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
/** @type {[string, string, string][]} */
const codes = require('i18n-iso-countries/codes.json');
/** @type {Record<string, string | string[]>} */
const zh = require('i18n-iso-countries/langs/zh.json').countries;
/** @type {Record<string, string | string[]>} */
const en = require('i18n-iso-countries/langs/en.json').countries;
const { version } = JSON.parse(readFileSync(require.resolve('i18n-iso-countries/package.json'), 'utf8'));

/**
 * @typedef {{ showZh?: string, showEn?: string, zh?: string[], en?: string[] }} Override
 * `showZh` / `showEn`: the name the popup and the card record show instead of the package's first name.
 * `zh` / `en`: names option lists use that the package spells differently; matched before the package's names.
 */

/**
 * The one override list, by alpha-2.
 * - Shown names: the package says 香港 / 澳门 / 中国台湾省 where mainland forms and documents write 中国香港 / 中国澳门 /
 *   中国台湾, and "People's Republic of China" / "Taiwan, Province of China" where English forms list China / Taiwan.
 * - Matching names: 12306's older long names (阿拉伯联合酋长国, 阿塞拜疆共和国, 古巴共和国, 捷克共和国, 吉尔吉斯共和国,
 *   马其顿, 荷兰 "HOLLAND", 韩国 "KOREA", 伯里兹/伯利兹, 斯洛伐克共和国), government naming, and common English forms.
 * @type {Record<string, Override>}
 */
export const OVERRIDES = {
  AE: { zh: ['阿拉伯联合酋长国', '阿联酋'] },
  AZ: { zh: ['阿塞拜疆共和国', '阿塞拜疆'] },
  CU: { zh: ['古巴共和国'] },
  CZ: { zh: ['捷克共和国', '捷克'], en: ['CZECH', 'CZECH REPUBLIC', 'CZECHIA'] },
  KG: { zh: ['吉尔吉斯共和国', '吉尔吉斯斯坦', '吉尔吉斯'] },
  MK: { zh: ['马其顿', '北马其顿'], en: ['MACEDONIA', 'NORTH MACEDONIA'] },
  NL: { zh: ['荷兰'], en: ['HOLLAND', 'NETHERLANDS'] },
  KR: { zh: ['韩国', '大韩民国'], en: ['KOREA', 'SOUTH KOREA', 'REPUBLIC OF KOREA'] },
  KP: { zh: ['朝鲜', '朝鲜民主主义人民共和国'], en: ['NORTH KOREA', 'DPRK'] },
  BZ: { zh: ['伯里兹', '伯利兹'] },
  SK: { zh: ['斯洛伐克共和国', '斯洛伐克'] },
  HK: { showZh: '中国香港', zh: ['中国香港', '香港'], en: ['HONG KONG'] },
  MO: { showZh: '中国澳门', zh: ['中国澳门', '澳门'], en: ['MACAO', 'MACAU'] },
  TW: { showZh: '中国台湾', showEn: 'Taiwan, China', zh: ['中国台湾', '台湾', '中国台湾省'], en: ['TAIWAN'] },
  US: { zh: ['美国', '美利坚合众国'], en: ['UNITED STATES', 'USA', 'UNITED STATES OF AMERICA', 'AMERICA'] },
  GB: { zh: ['英国', '大不列颠及北爱尔兰联合王国'], en: ['UNITED KINGDOM', 'UK', 'GREAT BRITAIN', 'BRITAIN'] },
  RU: { zh: ['俄罗斯', '俄罗斯联邦'], en: ['RUSSIA', 'RUSSIAN FEDERATION'] },
  BA: { zh: ['波斯尼亚和黑塞哥维那', '波黑'] },
  ID: { zh: ['印度尼西亚', '印尼'] },
  PS: { zh: ['巴勒斯坦'] },
  CV: { zh: ['佛得角'] },
  AS: { zh: ['美属萨摩亚'] },
  GE: { zh: ['格鲁吉亚'] },
  GD: { zh: ['格林纳达'] },
  RS: { zh: ['塞尔维亚'] },
  KN: { zh: ['圣基茨和尼维斯'] },
  CN: { showEn: 'China', zh: ['中国', '中华人民共和国'], en: ['CHINA', 'PRC', "PEOPLE'S REPUBLIC OF CHINA"] },
  DE: { zh: ['德国', '德意志联邦共和国'] },
  ES: { zh: ['西班牙'] },
  FR: { zh: ['法国'] },
  JP: { zh: ['日本'] },
  VN: { zh: ['越南'], en: ['VIETNAM', 'VIET NAM'] },
  LA: { zh: ['老挝'], en: ['LAOS'] },
  IR: { zh: ['伊朗'], en: ['IRAN'] },
  SY: { zh: ['叙利亚'], en: ['SYRIA'] },
  TZ: { zh: ['坦桑尼亚'], en: ['TANZANIA'] },
  VE: { zh: ['委内瑞拉'], en: ['VENEZUELA'] },
  BO: { zh: ['玻利维亚'], en: ['BOLIVIA'] },
  MD: { zh: ['摩尔多瓦'], en: ['MOLDOVA'] },
};

/** Row and field separators of the table string; no code or name may contain them. */
const ROW = '\n';
const FIELD = '|';
const NAME = ';';
/** @param {string | string[] | undefined} v */
const all = (v) => (v === undefined ? [] : typeof v === 'string' ? [v] : v);

/**
 * One row per code, in the package's order:
 * alpha-2|alpha-3|numeric|shown zh|shown en|zh names (;)|en names (;)|zh override names (;)|en override names (;)
 */
export function tableRows() {
  for (const a2 of Object.keys(OVERRIDES)) if (!codes.some(([c]) => c === a2)) throw new Error(`override for unknown code ${a2}`);
  return codes.map(([a2, a3, num]) => {
    const o = /** @type {Override} */ (OVERRIDES[a2] ?? {});
    const zhNames = all(zh[a2]);
    const enNames = all(en[a2]);
    const fields = [
      a2,
      a3,
      num,
      o.showZh ?? zhNames[0] ?? '',
      o.showEn ?? enNames[0] ?? '',
      zhNames.join(NAME),
      enNames.join(NAME),
      (o.zh ?? []).join(NAME),
      (o.en ?? []).join(NAME),
    ];
    for (const n of [...zhNames, ...enNames, ...(o.zh ?? []), ...(o.en ?? []), o.showZh ?? '', o.showEn ?? '', a2, a3, num]) {
      if (n.includes(ROW) || n.includes(FIELD) || n.includes(NAME)) throw new Error(`separator in "${n}"`);
    }
    return fields.join(FIELD);
  });
}

/** The text of src/card/codes/countries-data.ts. */
export function countriesModule() {
  return `// Generated by scripts/gen-countries.mjs from i18n-iso-countries ${version} (MIT) and its override list: do not edit.
// One row per ISO 3166-1 code in the package's order:
// alpha-2|alpha-3|numeric|shown zh|shown en|zh names (;)|en names (;)|zh override names (;)|en override names (;)
export const COUNTRIES_SOURCE = 'i18n-iso-countries ${version}';
export const COUNTRY_TABLE = ${JSON.stringify(tableRows().join(ROW))};
`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(path.join(root, 'src/card/codes/countries-data.ts'), countriesModule());
  process.stderr.write(
    `gen-countries: ${codes.length} countries from i18n-iso-countries ${version}, ${Object.keys(OVERRIDES).length} overrides\n`,
  );
}
