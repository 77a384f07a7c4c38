/**
 * Formatter (docs/architecture.md §6): turn card facts into what a given control wants — dates in the form's own
 * format, sex vocabularies, document-type / nationality / ethnicity options. Pure; no DOM.
 * Vocabulary: docs/target-forms.md §7; country tables §8.
 */
import type { CardRecord } from '../card/record.js';
import type { ChoiceOption, FieldKind } from './types.js';
import { alpha2FromAlpha3, alpha3FromAlpha2, countryOfText, numericFromAlpha2 } from './countries.js';
import { latinKey, normalizeLabel } from './text.js';
import { detectLatinFormat, formatLatinName, parseEnglishName, type LatinName } from '../card/latin-name.js';

// ---------------------------------------------------------------- dates

export type DateFormat =
  | 'YYYY-MM-DD'
  | 'YYYY/MM/DD'
  | 'YYYY.MM.DD'
  | 'YYYYMMDD'
  | 'YYYY年MM月DD日'
  | 'MM/DD/YYYY'
  | 'DD/MM/YYYY'
  | 'DD.MM.YYYY';

/**
 * The form's own date format, from the first hint that shows one: a placeholder ("yyyy/mm/dd",
 * "例：1990年01月01日"), a pattern, or a value already in the field. Default YYYY-MM-DD (12306, most sites).
 */
export function detectDateFormat(hints: (string | null | undefined)[]): DateFormat {
  for (const raw of hints) {
    if (!raw) continue;
    const h = raw.trim();
    const l = h.toLowerCase();
    if (/y{2,4}\s*年\s*m{1,2}\s*月\s*d{1,2}\s*日|\d{4}年\d{1,2}月\d{1,2}日|年.*月.*日/.test(h)) return 'YYYY年MM月DD日';
    if (/y{4}-m{2}-d{2}|^\d{4}-\d{2}-\d{2}$/.test(l)) return 'YYYY-MM-DD';
    if (/y{4}\/m{2}\/d{2}|^\d{4}\/\d{2}\/\d{2}$/.test(l)) return 'YYYY/MM/DD';
    if (/y{4}\.m{2}\.d{2}|^\d{4}\.\d{2}\.\d{2}$/.test(l)) return 'YYYY.MM.DD';
    if (/y{4}m{2}d{2}|^\d{8}$/.test(l)) return 'YYYYMMDD';
    if (/m{2}\/d{2}\/y{4}/.test(l)) return 'MM/DD/YYYY';
    if (/d{2}\/m{2}\/y{4}/.test(l)) return 'DD/MM/YYYY';
    if (/d{2}\.m{2}\.y{4}/.test(l)) return 'DD.MM.YYYY';
    if (/\\d\{4\}-\\d\{2\}-\\d\{2\}/.test(h)) return 'YYYY-MM-DD';
    if (/\\d\{8\}|\\d\{4\}\\d\{2\}\\d\{2\}/.test(h)) return 'YYYYMMDD';
  }
  return 'YYYY-MM-DD';
}

export function formatDate(iso: string, fmt: DateFormat): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  switch (fmt) {
    case 'YYYY-MM-DD':
      return `${y}-${mo}-${d}`;
    case 'YYYY/MM/DD':
      return `${y}/${mo}/${d}`;
    case 'YYYY.MM.DD':
      return `${y}.${mo}.${d}`;
    case 'YYYYMMDD':
      return `${y}${mo}${d}`;
    case 'YYYY年MM月DD日':
      return `${y}年${mo}月${d}日`;
    case 'MM/DD/YYYY':
      return `${mo}/${d}/${y}`;
    case 'DD/MM/YYYY':
      return `${d}/${mo}/${y}`;
    case 'DD.MM.YYYY':
      return `${d}.${mo}.${y}`;
  }
}

// ---------------------------------------------------------------- names

/** "GARCIA-FERNANDEZ DE LA TORRE, MARIA ISABEL": the chip writes surname, comma, given names (card-format.md §2.2). */
export function splitEnglishName(nameEn: string): { surname: string; given: string } {
  const i = nameEn.indexOf(',');
  if (i === -1) return { surname: nameEn.trim(), given: '' };
  return { surname: nameEn.slice(0, i).trim(), given: nameEn.slice(i + 1).trim() };
}

/**
 * Name fields that depend on the script the field wants (src/fill/README.md "Latin names"). Returns undefined when
 * `fieldText` decides as before (the I/Y card's own English name, Chinese full names), null when the card has no
 * fitting value (never a Chinese name in a Latin field, never Latin in a Chinese one), or the text and whether it
 * was derived (pinyin) rather than read from the card.
 */
export function latinFieldText(
  card: CardRecord,
  field: FieldKind,
  latin: LatinName | null,
  opts: { lang: 'zh' | 'en'; script?: 'latin' | 'han'; hints?: (string | null | undefined)[] },
): { text: string; derived: boolean } | null | undefined {
  const hints = opts.hints ?? [];
  const labelLang = hints.some((h) => h && /[\u3400-\u9fff]/.test(h)) ? 'zh' : 'en';
  if ((field === 'surnameEn' || field === 'givenNameEn') && opts.script === 'han') {
    // 姓 / 名 on a Chinese form: the parts of the Chinese name, as split with the Latin name (compound surnames
    // kept together: src/card/latin-name.ts). Without that split the field is left to the person.
    const split = latin?.han && card.nameZh === latin.han.surname + latin.han.given ? latin.han : null;
    if (!split) return null;
    return { text: field === 'surnameEn' ? split.surname : split.given, derived: false };
  }
  // I/Y cards carry their English name: fieldText uses it as the chip has it (never pinyin of the Chinese name).
  if (card.nameEn) return undefined;
  const wantsLatin =
    field === 'nameEn' || field === 'surnameEn' || field === 'givenNameEn' || (field === 'fullName' && opts.script === 'latin');
  if (!wantsLatin) return undefined;
  const name = latin ?? null;
  if (!name || (name.surname.length === 0 && name.given.length === 0)) return null;
  const part = field === 'surnameEn' ? 'surname' : field === 'givenNameEn' ? 'given' : 'full';
  const text = formatLatinName(name, detectLatinFormat(part, hints, labelLang));
  return text ? { text, derived: name.derived } : null;
}

export { parseEnglishName };

// ---------------------------------------------------------------- document types

type DocClass = 'resident' | 'hk-mo-permit' | 'tw-permit' | 'foreign-permanent';

export function documentClass(card: CardRecord): DocClass {
  switch (card.kind) {
    case 'resident':
      return 'resident';
    case 'hmt-residence-permit':
      return card.region === 'TW' || card.number.startsWith('83') ? 'tw-permit' : 'hk-mo-permit';
    default:
      return 'foreign-permanent';
  }
}

/** Option texts (normalised) per card: docs/target-forms.md §7 "Option vocabulary for the four cards". */
const DOC_TEXT: Record<DocClass, RegExp> = {
  resident:
    /^(中国|中华人民共和国|大陆|第二代|二代)?(居民)?身份证$|^(中国|中华人民共和国)?居民身份证|^二代身份证|^第二代居民身份证|^(prc|chinese|china|resident)(resident)?id(entity)?card$|^residentidentitycard/,
  'hk-mo-permit': /^(中华人民共和国)?港澳(台)?居民居住证|^residencepermitfor(hongkong|hk)/,
  'tw-permit':
    /^(中华人民共和国)?(港澳)?台(湾)?居民居住证|^港澳台居民居住证|^residencepermitfortaiwan|^residencepermitforhongkong,?macaoandtaiwan/,
  'foreign-permanent': /永久居留|永居|^绿卡$|^五星卡$|^境外永久居住证$|permanentresident|permanentresidence/,
};
/** Option values seen on real sites (reference §7), used only when no option text decides. */
const DOC_VALUES: Record<DocClass, string[]> = {
  resident: ['1', '01', '201', '111', 'ID_CARD', 'IDENTITY_CARD', 'PRC_ID', 'SFZ', 'NI', 'CRED_PSN_CH_IDCARD', 'IDCARD'],
  'hk-mo-permit': ['K', '237', 'HMT', 'GAJZZ', 'HKMOJUMIN', 'ID_DOC_TYPE_RESIDENCE_PERMIT_FOR_HK_MC', 'MACAU_PRC_ID'],
  'tw-permit': ['P', '238', 'HMT', 'TWJZZ', 'ID_DOC_TYPE_RESIDENCE_PERMIT_FOR_TW', 'FORMOSA_PRC_ID'],
  'foreign-permanent': [
    'H',
    '233',
    'FR',
    'GWSFZ',
    'WAIGUOREN',
    'CRED_PSN_CH_GREEN_CARD',
    'ID_DOC_TYPE_RESIDENCE_PERMIT_FOR_FOREIGN',
    'FOREIGNER_ID_CARD',
    'FOREIGN_PRC_ID',
  ],
};

function docClassOfText(text: string): DocClass | 'other' | null {
  const n = normalizeLabel(text);
  if (!n || /^请选择|^--|^select|^choose|^please/.test(n)) return null;
  // "港澳台居民居住证" covers both permit classes.
  if (/^(中华人民共和国)?港澳台居民居住证/.test(n) || /hongkong,?macao(and|&)taiwan/.test(n)) return 'hk-mo-permit';
  for (const c of ['foreign-permanent', 'tw-permit', 'hk-mo-permit', 'resident'] as DocClass[]) if (DOC_TEXT[c].test(n)) return c;
  return 'other';
}

/** The option that stands for this card's document type, or null when the list has none. */
export function matchDocumentType(card: CardRecord, options: ChoiceOption[]): ChoiceOption | null {
  const want = documentClass(card);
  const byText = options.filter((o) => {
    const c = docClassOfText(o.text);
    if (c === want) return true;
    // One combined 港澳台居民居住证 option serves Taiwan permits too.
    return want === 'tw-permit' && c === 'hk-mo-permit' && /港澳台|taiwan/i.test(o.text);
  });
  if (byText.length) return byText[0]!;
  // No text decides: fall back to known values, but only on options whose text is empty or a bare code.
  const byValue = options.filter((o) => {
    const t = o.text.trim();
    return o.value.trim() !== '' && (t === '' || /^[A-Za-z0-9_]+$/.test(t)) && DOC_VALUES[want].includes(o.value.trim().toUpperCase());
  });
  return byValue[0] ?? null;
}

/** The text a free-text "document type" input gets. */
export function documentTypeText(card: CardRecord): string {
  switch (documentClass(card)) {
    case 'resident':
      return '居民身份证';
    case 'hk-mo-permit':
      return '港澳居民居住证';
    case 'tw-permit':
      return '台湾居民居住证';
    default:
      return '外国人永久居留身份证';
  }
}

// ---------------------------------------------------------------- sex

const SEX_TEXT = { male: /^(男|男性|male|m|man|先生)$/i, female: /^(女|女性|female|f|woman|女士)$/i };
const SEX_VALUE = { male: ['M', '1', 'MALE', 'MAN', '男'], female: ['F', '2', 'FEMALE', 'WOMAN', '女'] };

export function matchSex(card: CardRecord, options: ChoiceOption[]): ChoiceOption | null {
  if (card.sex !== 'male' && card.sex !== 'female') return null;
  const re = SEX_TEXT[card.sex];
  const other = SEX_TEXT[card.sex === 'male' ? 'female' : 'male'];
  const byText = options.find((o) => re.test(o.text.trim()));
  if (byText) return byText;
  return (
    options.find((o) => !other.test(o.text.trim()) && SEX_VALUE[card.sex as 'male' | 'female'].includes(o.value.trim().toUpperCase())) ??
    null
  );
}

export function sexText(card: CardRecord, lang: 'zh' | 'en'): string | null {
  if (card.sex === 'male') return lang === 'en' ? 'Male' : '男';
  if (card.sex === 'female') return lang === 'en' ? 'Female' : '女';
  return null;
}

// ---------------------------------------------------------------- nationality

export function cardAlpha2(card: CardRecord): string | null {
  const n = card.nationality;
  if (!n) return null;
  return n.alpha2 ?? alpha2FromAlpha3(n.alpha3);
}

/**
 * Nationality option: by Chinese name, English name, then alpha-2 / alpha-3 / numeric value. An option whose
 * text names another country never matches by value (12306 gives 佛得角 the value KY, which is ISO for the
 * Cayman Islands: docs/target-forms.md §2.4).
 */
export function matchNationality(card: CardRecord, options: ChoiceOption[], valueOverrides?: Record<string, string>): ChoiceOption | null {
  const a2 = cardAlpha2(card);
  const n = card.nationality;
  if (!n || !a2) return null;
  const a3 = n.alpha3.toUpperCase();
  const byText = options.find((o) => {
    const t = o.text.trim();
    if (n.nameZh && t.replace(/[A-Za-z\s]+$/, '') === n.nameZh) return true;
    return countryOfText(t) === a2;
  });
  if (byText) return byText;
  const quirk = valueOverrides?.[a2];
  const values = [quirk, a2, a3, n.numeric ?? numericFromAlpha2(a2)].filter((v): v is string => !!v).map((v) => v.toUpperCase());
  return options.find((o) => o.value && countryOfText(o.text) === null && values.includes(o.value.trim().toUpperCase())) ?? null;
}

export function nationalityText(card: CardRecord, lang: 'zh' | 'en'): string | null {
  const n = card.nationality;
  if (!n) return null;
  if (lang === 'en') return n.nameEn ?? n.alpha3;
  return n.nameZh ?? n.nameEn ?? n.alpha3;
}

export { alpha3FromAlpha2 };

// ---------------------------------------------------------------- ethnicity

/** GB 3304 spelling variant: 毛南族 is the current name, 毛难族 the older one (docs/target-forms.md §7). */
const ETHNIC_VARIANTS: Record<string, string[]> = { 毛南族: ['毛难族'] };

export function matchEthnicity(card: CardRecord, options: ChoiceOption[]): ChoiceOption | null {
  const e = card.ethnicity;
  if (!e) return null;
  const full = e.nameZh ?? null;
  const names = new Set<string>();
  if (full) {
    names.add(full);
    names.add(full.replace(/族$/, ''));
    for (const v of ETHNIC_VARIANTS[full] ?? []) {
      names.add(v);
      names.add(v.replace(/族$/, ''));
    }
  }
  const byText = options.find((o) => names.has(o.text.trim()));
  if (byText) return byText;
  const code = Number(e.code);
  return (
    options.find((o) => /^\d{1,2}$/.test(o.value.trim()) && Number(o.value) === code && !o.text.trim().match(/[\u4e00-\u9fff]/)) ?? null
  );
}

// ---------------------------------------------------------------- split dates

/** Year/month/day select option for a part of an ISO date: matches "1993", "07", "7", "7月", "07日". */
export function matchDatePart(iso: string, part: 'year' | 'month' | 'day', options: ChoiceOption[]): ChoiceOption | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const want = Number(part === 'year' ? m[1] : part === 'month' ? m[2] : m[3]);
  const num = (s: string) => {
    const d = /^\D*(\d+)\D*$/.exec(s.trim());
    return d ? Number(d[1]) : NaN;
  };
  const found = options.find((o) => num(o.value) === want) ?? options.find((o) => num(o.text) === want);
  if (found || part !== 'year') return found ?? null;
  // A two-digit year list ("90" … "29"): a hundred rows at most, so the last two digits name one year.
  const twoDigit = options.filter((o) => /^\d{2}$/.test(o.text.trim()));
  if (twoDigit.length < options.length - 1 || options.some((o) => /\d{4}/.test(o.text))) return null;
  return twoDigit.find((o) => Number(o.text.trim()) === want % 100) ?? null;
}

// ---------------------------------------------------------------- one card fact for one field

/** Text for a free-text control, or null when the card has no such fact. */
export function fieldText(
  card: CardRecord,
  field: FieldKind,
  opts: { lang: 'zh' | 'en'; dateFormat?: DateFormat; nativeDate?: boolean },
): string | null {
  const fmt = opts.nativeDate ? 'YYYY-MM-DD' : (opts.dateFormat ?? 'YYYY-MM-DD');
  switch (field) {
    case 'fullName':
      return opts.lang === 'en' ? (card.nameEn ?? card.nameZh) : (card.nameZh ?? card.nameEn);
    case 'nameZh':
      return card.nameZh;
    case 'nameEn':
      return card.nameEn;
    case 'surnameEn':
      return card.nameEn ? splitEnglishName(card.nameEn).surname || null : null;
    case 'givenNameEn':
      return card.nameEn ? splitEnglishName(card.nameEn).given || null : null;
    case 'documentType':
      return documentTypeText(card);
    case 'documentNumber':
      return card.number;
    case 'sex':
      return sexText(card, opts.lang);
    case 'birthDate':
      return formatDate(card.birthDate, fmt);
    case 'birthYear':
      return card.birthDate.slice(0, 4);
    case 'birthMonth':
      return String(Number(card.birthDate.slice(5, 7)));
    case 'birthDay':
      return String(Number(card.birthDate.slice(8, 10)));
    case 'nationality':
      return nationalityText(card, opts.lang);
    case 'ethnicity':
      return card.ethnicity?.nameZh ?? null;
    case 'address':
      return card.address;
    // The 2017 foreign card's issuer is an accepting-authority code (docs/architecture.md §2), not a name a form wants.
    case 'issuer':
      return card.issuer && !/^\d+$/.test(card.issuer) ? card.issuer : null;
    case 'validFrom':
      return formatDate(card.validFrom, fmt);
    case 'validUntil':
      // A date control cannot hold 长期; a text field gets the word the card prints.
      if (card.validUntil === 'long-term') return opts.nativeDate ? null : opts.lang === 'en' ? 'Long-term' : '长期';
      return formatDate(card.validUntil, fmt);
    case 'passNumber':
      return card.passNumber;
    case 'issueCount':
      return card.issueCount === null ? null : String(card.issueCount);
  }
}

/** The option for a list-like control, or null when the list has none that fits the card. */
export function fieldOption(
  card: CardRecord,
  field: FieldKind,
  options: ChoiceOption[],
  nationalityOverrides?: Record<string, string>,
): ChoiceOption | null {
  switch (field) {
    case 'documentType':
      return matchDocumentType(card, options);
    case 'sex':
      return matchSex(card, options);
    case 'nationality':
      return matchNationality(card, options, nationalityOverrides);
    case 'ethnicity':
      return matchEthnicity(card, options);
    case 'birthYear':
      return matchDatePart(card.birthDate, 'year', options);
    case 'birthMonth':
      return matchDatePart(card.birthDate, 'month', options);
    case 'birthDay':
      return matchDatePart(card.birthDate, 'day', options);
    default: {
      const text = fieldText(card, field, { lang: 'zh' });
      if (text === null) return null;
      return options.find((o) => o.text.trim() === text || o.value === text) ?? null;
    }
  }
}

export const _test = { docClassOfText, latinKey };
