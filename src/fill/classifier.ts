/**
 * Generic field classifier (src/fill/README.md "Classifier"): every cue of a control — `autocomplete`, its labels
 * (label[for], wrapping label, aria, form-item label, table neighbour, nearby text), placeholder, `title`, and its
 * name/id tokens including pinyin initials (xm, zjhm, csrq …) — is matched against the word lists of vocabulary.ts and
 * scored by how strongly the cue belongs to the control; the best field wins. A cue that says "someone else",
 * "payment", "password", "one-time code" or "postal code" vetoes the control. Pure: the page scan hands in the cues.
 * Form-level decisions (which "Name" is a given name, sections, structured addresses) are in `decideForm`.
 */
import type { ChoiceOption, FieldKind } from './types.js';
import { attributeTokens, hasHan, normalizeLabel, stripInstruction, withoutParentheses } from './text.js';
import {
  ALSO_IDENTITY,
  ANY_FIELD,
  ANY_FORBID,
  AUTOCOMPLETE,
  FIELD_TERMS,
  FORBID_TERMS,
  FORBIDDING_SECTION,
  PASSPORT_ONLY,
  STRUCTURED_ADDRESS_PART,
  type Forbid,
  type Meaning,
} from './vocabulary.js';

export type ControlType = 'text' | 'date' | 'select' | 'radio' | 'checkbox' | 'textarea' | 'password' | 'other';

export interface FieldCues {
  control: ControlType;
  autocomplete?: string | null;
  /** Label texts, strongest first (label[for], wrapping label, aria, form-item label, table neighbour, nearby text, title). */
  labels: string[];
  placeholder?: string | null;
  name?: string | null;
  id?: string | null;
  /** The control's own `title` (also the last of `labels`, where the scan puts it). */
  title?: string | null;
  /** Options of a list-like control, used to tell year/month/day selects and ethnicity from nationality. */
  options?: ChoiceOption[];
  /**
   * The label the page ties to this control (label[for], wrapping label, aria, form-item label). When it says
   * something the classifier does not recognise (收货地址, Billing address), the name/id tokens are not consulted:
   * the page has told the person what the field is, and it is not a card field.
   */
  explicitLabel?: string | null;
  /** Headings of the section holding the control (fieldset legend, divider, heading before it). */
  section?: string[];
}

export interface Classification {
  field: FieldKind;
  source: 'autocomplete' | 'label' | 'placeholder' | 'attribute';
  /** Language of the evidence: English cues make a full-name field prefer a Latin name. */
  lang: 'zh' | 'en';
  /** The cue text that decided it (for the plan's label when the page shows nothing better). */
  cue: string;
  /** A generic "Name" (Name, Nombre, Nome): full name unless the form has a surname field beside it (decideForm). */
  generic?: boolean;
  /** Score of the winning cue (for tests and the report). */
  score?: number;
  /**
   * For name fields: 'latin' when the page asks for a Latin name (英文姓, 拼音, First name, Surname …), 'han' for a
   * Chinese-only part (姓 / 名 on a Chinese form). Never a Chinese name in a Latin field, never Latin in a Chinese one.
   */
  script?: 'latin' | 'han';
}

/** What one text says: a field (with the term's weight), a veto, or nothing. */
type TextMeaning = { meaning: Meaning; weight: number } | null;

function spacedForm(raw: string): string {
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[*＊:：]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function classifyText(raw: string): TextMeaning {
  const n = normalizeLabel(raw);
  if (!n || n.length > 40) return null;
  // Usually all four forms are the same string: test each once (this runs for every cue of every control).
  const candidates = [...new Set([n, withoutParentheses(n), stripInstruction(n), stripInstruction(withoutParentheses(n))])].filter(Boolean);
  const spaced = spacedForm(raw);
  for (const c of candidates) {
    if (ANY_FORBID.test(c)) for (const t of FORBID_TERMS) if (t.re.test(c)) return { meaning: t.meaning, weight: t.weight };
    // A passport field is not for these cards, but "证件号码/护照号" and "Passport or ID" are general number fields.
    // (Only on the text without its bracketed note: "Name (as in passport)" is a name field.)
    if (!c.includes('(') && PASSPORT_ONLY.test(c) && !ALSO_IDENTITY.test(c) && !ALSO_IDENTITY.test(spaced))
      return { meaning: { forbid: 'other' }, weight: 90 };
    if (ANY_FIELD.test(c)) for (const t of FIELD_TERMS) if (t.re.test(c)) return { meaning: t.meaning, weight: t.weight };
  }
  if (PASSPORT_ONLY.test(spaced) && ALSO_IDENTITY.test(spaced) && /(no|number|num|号)/.test(n))
    return { meaning: 'documentNumber', weight: 9 };
  return null;
}

/**
 * A label shared by two controls ("生日/年龄" over a date picker and an age box): when the whole text is vetoed
 * only because of its second half, the first half names the first control (its own cues decide the second).
 */
function classifyShared(raw: string): TextMeaning {
  const m = classifyText(raw);
  if (!m || typeof m.meaning !== 'object' || m.meaning.forbid !== 'other') return m;
  const parts = raw.split(/[/／]/);
  if (parts.length !== 2) return m;
  const a = classifyText(parts[0]!);
  const b = classifyText(parts[1]!);
  if (a && typeof a.meaning !== 'object' && b && typeof b.meaning === 'object' && b.meaning.forbid === 'other')
    return { meaning: a.meaning, weight: a.weight - 2 };
  return m;
}

/** Back-compatible view for tests: the field a label text names, 'stop' for a veto, or null. */
function classifyLabelText(raw: string): FieldKind | null | 'stop' {
  const m = classifyText(raw);
  if (!m) return null;
  if (typeof m.meaning === 'object') return 'stop';
  if (m.meaning === 'skip') return null;
  return m.meaning === 'name-generic' ? 'fullName' : m.meaning;
}

/** The whole autocomplete token set: section-*, shipping/billing, then the detail token (cc-* is a payment card). */
function classifyAutocomplete(ac: string | null | undefined): Classification | null | 'stop' {
  if (!ac) return null;
  const tokens = ac
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== 'on' && t !== 'off' && t !== '' && !t.startsWith('section-'));
  if (tokens.some((t) => t.startsWith('cc-'))) return 'stop';
  if (tokens.includes('billing')) return 'stop';
  const detail = tokens.find((t) => t in AUTOCOMPLETE);
  if (!detail) return null;
  const v = AUTOCOMPLETE[detail];
  if (
    v === null ||
    v === undefined ||
    v === 'payment' ||
    v === 'contact' ||
    v === 'password' ||
    v === 'otp' ||
    v === 'postal' ||
    v === 'other'
  )
    return 'stop';
  // A shipping name or address is the recipient's: someone else, or at least not the card's address.
  if (tokens.includes('shipping')) return 'stop';
  return {
    field: v,
    source: 'autocomplete',
    lang: 'en',
    cue: detail,
    score: 100,
    ...(v === 'givenNameEn' || v === 'surnameEn' ? { script: 'latin' as const } : {}),
  };
}

/** The section headings around a control that make it someone else's or a payment's. */
export function sectionForbids(section: string[] | undefined): Forbid | null {
  for (const s of section ?? []) {
    const n = normalizeLabel(s);
    if (!n || n.length > 60) continue;
    for (const { re, forbid } of FORBIDDING_SECTION) if (re.test(n)) return forbid;
  }
  return null;
}

const has = (tokens: string[], ...words: string[]) => words.some((w) => tokens.includes(w));

/** Whole-token rules on name/id attributes, incl. pinyin initials (docs/target-forms.md §7). */
export function classifyAttribute(attr: string): FieldKind | null {
  // Struts/Spring object paths (12306: loginUserDTO.id_no, userDTO.sex_code): the last segment names the field.
  const last =
    attr
      .replace(/\[[^\]]*\]/g, '.')
      .split('.')
      .filter(Boolean)
      .pop() ?? '';
  const t = attributeTokens(last);
  if (t.length === 0) return null;
  const joined = t.join('');
  if (
    has(
      t,
      'mobile',
      'phone',
      'tel',
      'email',
      'mail',
      'postal',
      'postcode',
      'zip',
      'password',
      'pwd',
      'captcha',
      'user',
      'login',
      'account',
      'contact',
      'emergency',
      'guardian',
      'company',
      'school',
      'passport',
      'visa',
      'nick',
      'station',
      'city',
      'province',
      'file',
      'upload',
      'search',
      'query',
      'token',
      'sms',
      'code2',
      'verify',
      'check',
      'agree',
      'remark',
      'bank',
      'credit',
      'debit',
      'pay',
      'payment',
      'cc',
      'member',
      'vip',
      'coupon',
      'gift',
      'invoice',
      'tax',
      'billing',
      'shipping',
      'delivery',
      'consignee',
      'receiver',
      'recipient',
      'sender',
      'owner',
      'corp',
      'org',
      'shop',
      'merchant',
      'legal',
      'otp',
      'cvc',
      'cvv',
      'csc',
      'holder',
      'security',
      'verification',
      'linkman',
      'doctor',
      'honorific',
    )
  )
    return null;
  // A card's expiry split into month/year boxes is a payment card's (the identity card's validity is one date).
  if (has(t, 'expiration', 'expiry', 'exp', 'expire', 'expires') && has(t, 'month', 'year', 'mm', 'yy', 'yyyy')) return null;
  if (has(t, 'zjlx', 'sfzjlx', 'zjzl', 'idtype', 'cardtype', 'certtype', 'credentialtype', 'documenttype')) return 'documentType';
  if (
    has(t, 'type', 'kind', 'category') &&
    has(t, 'card', 'id', 'cert', 'certificate', 'document', 'doc', 'credential', 'zj', 'identity', 'paper', 'papers')
  )
    return 'documentType';
  if (has(t, 'txzhm') || (has(t, 'pass', 'permit', 'travel') && has(t, 'no', 'num', 'number'))) return 'passNumber';
  if (has(t, 'qfcs') || (has(t, 'issue') && has(t, 'count', 'times', 'num'))) return 'issueCount';
  if (has(t, 'zjhm', 'sfzh', 'sfzhm', 'gmsfhm', 'idno', 'idnumber', 'idcard', 'certno', 'zjh')) return 'documentNumber';
  // A bare "card number" is as often a bank or member card: it needs an identity word, except 12306's cardCode.
  const identityWord = has(t, 'id', 'cert', 'certificate', 'document', 'credential', 'identity', 'sfz', 'zj');
  if ((identityWord && has(t, 'no', 'num', 'number', 'code', 'hm', 'nbr', 'card')) || t.join('') === 'cardcode') {
    if (!has(t, 'country', 'region', 'nation', 'area', 'sex', 'name')) return 'documentNumber';
  }
  if (has(t, 'ywxm') || (has(t, 'eng', 'en', 'english', 'pinyin', 'py', 'latin', 'roman') && has(t, 'name'))) return 'nameEn';
  if (has(t, 'ywx', 'surname', 'lastname', 'familyname') || (has(t, 'last', 'family', 'sur') && has(t, 'name'))) return 'surnameEn';
  if (has(t, 'ywm', 'givenname', 'givennames', 'firstname') || (has(t, 'given', 'first') && has(t, 'name', 'names'))) return 'givenNameEn';
  if (has(t, 'zwxm') || (has(t, 'zh', 'cn', 'chinese', 'zw') && has(t, 'name'))) return 'nameZh';
  if (has(t, 'xm', 'xingming', 'realname', 'fullname', 'truename')) return 'fullName';
  if (
    has(t, 'name') &&
    t.every((x) =>
      [
        'name',
        'real',
        'full',
        'true',
        'passenger',
        'cert',
        'patient',
        'person',
        'guest',
        'visitor',
        'card',
        'dto',
        'info',
        'form',
        'user',
        'p',
        'input',
        'txt',
        'field',
      ].includes(x),
    )
  ) {
    if (!has(t, 'user') && !has(t, 'card')) return 'fullName';
  }
  if (has(t, 'sex', 'gender', 'xb', 'xbdm')) return 'sex';
  if (has(t, 'year') && has(t, 'birth', 'born', 'bday', 'dob')) return 'birthYear';
  if (has(t, 'month') && has(t, 'birth', 'born', 'bday', 'dob')) return 'birthMonth';
  if (has(t, 'day') && has(t, 'birth', 'born', 'bday', 'dob')) return 'birthDay';
  if (has(t, 'birth', 'born', 'birthday', 'bday', 'dob', 'csrq', 'csny', 'birthdate')) return 'birthDate';
  if (has(t, 'nationality', 'citizenship', 'gj', 'gjdm', 'gjdq', 'gjmc') || joined === 'countrycode' || joined === 'country')
    return 'nationality';
  if (has(t, 'ethnicity', 'ethnic', 'mz', 'mzdm', 'minzu', 'folk')) return 'ethnicity';
  if (
    has(t, 'authority', 'issuer', 'qfjg', 'fzjg', 'police') ||
    (has(t, 'issue', 'issuing') && has(t, 'org', 'office', 'authority', 'dept'))
  )
    return 'issuer';
  if (has(t, 'yxqq', 'yxqs') || (has(t, 'valid', 'validity', 'expiry') && has(t, 'from', 'start', 'begin'))) return 'validFrom';
  if (
    has(t, 'yxqz', 'yxqx', 'expiry', 'expire', 'expiration', 'expires') ||
    (has(t, 'valid', 'validity', 'limit') && has(t, 'to', 'end', 'until', 'through'))
  )
    return 'validUntil';
  if (has(t, 'address', 'addr', 'zz', 'hjdz', 'jzdz', 'xzz', 'zhuzhi')) {
    if (!has(t, 'ip', 'mac', 'web', 'url', 'work', 'office')) return 'address';
  }
  return null;
}

const YEAR = /^(19|20)\d\d$/;
const MONTH_NAMES =
  /^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|[一二三四五六七八九十]{1,2}月)$/i;

function digitsOf(o: ChoiceOption): number | null {
  const m = /\d+/.exec(o.value) ?? /\d+/.exec(o.text);
  return m ? Number(m[0]) : null;
}

/** A first row that only asks to choose ("请选择", "- Select Month -", "YY", "DD", "--"). */
export function isPlaceholderOption(o: ChoiceOption): boolean {
  const t = o.text.trim();
  if (o.value === '' && !/\d/.test(t)) return true;
  return (
    !/\d/.test(o.value + t) &&
    /^(请选择|請選擇|选择|--|—|-\s*select|select|choose|please|yyyy|yy|mm|dd|year|month|day|年|月|日|\s*$)/i.test(t)
  );
}

/** What a list's options look like: a year/month/day list, a sex list, an ethnicity list, a country list. */
export function optionsShape(options: ChoiceOption[] | undefined): 'year' | 'month' | 'day' | 'sex' | 'ethnicity' | 'country' | null {
  if (!options || options.length === 0) return null;
  const real = options.filter((o, i) => !(i === 0 && isPlaceholderOption(o)) && (o.value !== '' || /\d/.test(o.text)));
  if (real.length === 0) return null;
  const texts = real.map((o) => o.text.trim());
  if (real.length <= 4 && texts.some((x) => /^(男|男性|male|m|man)$/i.test(x)) && texts.some((x) => /^(女|女性|female|f|woman)$/i.test(x)))
    return 'sex';
  if (texts.some((x) => /^(汉族?|蒙古族?|回族?|藏族?)$/.test(x)) && texts.length > 8) return 'ethnicity';
  if (texts.some((x) => /^(中国|中华人民共和国|china)/i.test(x) || /CHINA$/.test(x)) && texts.length > 5) return 'country';
  if (real.length === 12 && texts.every((x) => MONTH_NAMES.test(x))) return 'month';
  const nums = real.map(digitsOf);
  if (nums.every((n) => n !== null)) {
    const ns = nums as number[];
    if (ns.every((n, i) => YEAR.test(String(n)) || /\d{4}/.test(real[i]!.text))) return 'year';
    const max = Math.max(...ns);
    const min = Math.min(...ns);
    if (min >= 1 && max <= 12 && real.length <= 12 && real.length >= 10) return 'month';
    if (min >= 1 && max <= 31 && real.length >= 28 && real.length <= 31) return 'day';
    // Two-digit years ("90" … "29"): more rows than days, or values past 31.
    if (real.every((o) => /^\d{2}$/.test(o.text.trim())) && (real.length > 31 || max > 31)) return 'year';
  }
  return null;
}

const FIELDS_BY_CONTROL: Record<ControlType, readonly FieldKind[] | 'all-text'> = {
  text: 'all-text',
  textarea: ['address', 'issuer', 'fullName', 'nameEn'],
  date: ['birthDate', 'validFrom', 'validUntil'],
  select: ['documentType', 'sex', 'nationality', 'ethnicity', 'birthYear', 'birthMonth', 'birthDay', 'issuer', 'validUntil'],
  radio: ['documentType', 'sex'],
  checkbox: [],
  password: [],
  other: [],
};

/** Refine by what the control holds: a "birth date" select with years is the year part; a `nation` list of ethnicities is ethnicity. */
function refineByOptions(field: FieldKind, cues: FieldCues): FieldKind {
  const shape = optionsShape(cues.options);
  if (field === 'birthDate' || field === 'birthYear' || field === 'birthMonth' || field === 'birthDay') {
    if (shape === 'year') return 'birthYear';
    if (shape === 'month') return 'birthMonth';
    if (shape === 'day') return 'birthDay';
  }
  if ((field === 'nationality' || field === 'ethnicity') && shape === 'ethnicity') return 'ethnicity';
  if ((field === 'nationality' || field === 'ethnicity') && shape === 'country') return 'nationality';
  return field;
}

function fits(field: FieldKind, cues: FieldCues): boolean {
  const allowed = FIELDS_BY_CONTROL[cues.control];
  if (allowed === 'all-text') return true;
  return allowed.includes(field);
}

/** A label with words in it (not just "*", "：" or a number). */
function isMeaningful(label: string): boolean {
  const n = normalizeLabel(label);
  // The parts of a split date (年 / 月 / 日) name no subject: the control's name says whose date it is.
  if (/^(年|月|日|年份|月份|日期|yyyy|mm|dd|year|month|day)$/.test(n)) return false;
  return hasHan(n) || /[a-z]{3,}/.test(n);
}

/**
 * How much a cue belongs to this one control. The page's own label (label[for], aria, form-item) is strongest;
 * text found near the control weaker, the further it is; the control's own title and placeholder sit between.
 * A specific title ("First Name") beats a generic label shared by several inputs ("Name"): see classifyField.
 */
const WEIGHT = { explicit: 10, label: [9, 7, 6, 5, 4], placeholder: 6, title: 6, attribute: 3 };

interface Cue {
  text: string;
  weight: number;
  source: Classification['source'];
  explicit: boolean;
}

/** Classify one control, or null when it is not a card field (or certainly something else). */
export function classifyField(cues: FieldCues): Classification | null {
  if (cues.control === 'password' || cues.control === 'checkbox' || cues.control === 'other') return null;
  if (sectionForbids(cues.section)) return null;
  const finish = (c: Classification): Classification | null => {
    const field = refineByOptions(c.field, cues);
    return fits(field, cues) ? { ...c, field } : null;
  };

  const ac = classifyAutocomplete(cues.autocomplete);
  if (ac === 'stop') return null;
  if (ac) return finish(ac);

  const list: Cue[] = [];
  const explicit = cues.explicitLabel ? normalizeLabel(cues.explicitLabel) : null;
  let rank = 0;
  for (const label of cues.labels) {
    const isTitle = !!cues.title && label === cues.title && rank > 0;
    const isExplicit = explicit !== null && normalizeLabel(label) === explicit;
    const weight = isTitle ? WEIGHT.title : isExplicit ? WEIGHT.explicit : WEIGHT.label[Math.min(rank, WEIGHT.label.length - 1)]!;
    list.push({ text: label, weight, source: 'label', explicit: isExplicit });
    rank++;
  }
  if (cues.placeholder) list.push({ text: cues.placeholder, weight: WEIGHT.placeholder, source: 'placeholder', explicit: false });

  let best: { c: Classification; score: number } | null = null;
  let veto: number | null = null;
  for (const cue of list) {
    const m = cue.source === 'label' ? classifyShared(cue.text) : classifyText(cue.text);
    if (!m) continue;
    if (typeof m.meaning === 'object') {
      // A veto from the control's own label, title or placeholder stops it; a text found near it only stops
      // fields weaker than itself.
      if (cue.explicit || cue.source === 'placeholder' || (cues.title && cue.text === cues.title)) return null;
      veto = Math.max(veto ?? 0, cue.weight);
      continue;
    }
    if (m.meaning === 'skip') {
      veto = Math.max(veto ?? 0, cue.weight);
      continue;
    }
    let score = cue.weight * m.weight;
    const generic = m.meaning === 'name-generic';
    // A generic "Name" is weaker than a specific part named by the control's own title or placeholder.
    if (generic) score -= 25;
    const field: FieldKind = generic ? 'fullName' : (m.meaning as FieldKind);
    if (!best || score > best.score) {
      best = {
        c: { field, source: cue.source, lang: hasHan(cue.text) ? 'zh' : 'en', cue: cue.text, generic: generic || undefined, score },
        score,
      };
    }
  }
  if (veto !== null && (!best || veto * 10 >= best.score)) return null;
  // "英文名" over a placeholder that asks for both parts (姓 (如HUAN) / 名 (如MEIMEI)) is the whole English name.
  if (best?.c.field === 'givenNameEn' && /姓/.test(cues.placeholder ?? '') && /名/.test(cues.placeholder ?? '') && hasHan(best.c.cue))
    best.c = { ...best.c, field: 'nameEn' };
  if (best) return finish(withScript(best.c));
  if (cues.explicitLabel && isMeaningful(cues.explicitLabel)) return null;
  for (const attr of [cues.name, cues.id]) {
    if (!attr) continue;
    let f = classifyAttribute(attr);
    // `nation` is the country on 12306 but the ethnicity in reader SDKs (reference §7): decide by the options only.
    if (!f && /^nation$/i.test(attributeTokens(attr).join(''))) {
      const shape = optionsShape(cues.options);
      f = shape === 'country' ? 'nationality' : shape === 'ethnicity' ? 'ethnicity' : null;
    }
    if (f) return finish({ field: f, source: 'attribute', lang: 'en', cue: attr, score: WEIGHT.attribute * 10 });
  }
  // A list of 男/女 with no other cue is still a sex choice.
  if ((cues.control === 'select' || cues.control === 'radio') && optionsShape(cues.options) === 'sex') {
    return { field: 'sex', source: 'label', lang: 'zh', cue: '' };
  }
  return null;
}

const LATIN_WORDS = /英文|拼音|外文|english|pinyin|latin|roman|[a-z]{2,}/;

/** Which script a name field wants, from the words that decided it. */
function withScript(c: Classification): Classification {
  if (c.field === 'nameEn') return { ...c, script: 'latin' };
  if (c.field === 'surnameEn' || c.field === 'givenNameEn')
    return { ...c, script: LATIN_WORDS.test(normalizeLabel(c.cue)) ? 'latin' : 'han' };
  if (c.field === 'fullName' && (c.source === 'label' || c.source === 'placeholder') && !hasHan(c.cue) && /[a-z]{3,}/i.test(c.cue))
    return { ...c, script: 'latin' };
  return c;
}

// ---------------------------------------------------------------- decisions per form

export interface FormMember {
  cls: Classification | null;
  cues: FieldCues;
  /** Controls of the same form share a key (the form element, or the document). */
  form: unknown;
  /** Same parent element: the parts of one split date. */
  group: unknown;
}

/**
 * Decisions that need the whole form (src/fill/README.md "Classifier"):
 * - a generic "Name" beside a surname field is the given name (Name + Surname, Nombre + Apellidos);
 * - a structured postal address (city / state / postal-code fields) does not take the card's one-line address;
 * - a split date: the day/month/year lists next to a birth-date part are its other parts.
 */
export function decideForm(members: FormMember[]): (Classification | null)[] {
  const out = members.map((m) => m.cls);
  const byForm = new Map<unknown, number[]>();
  members.forEach((m, i) => (byForm.get(m.form) ?? byForm.set(m.form, []).get(m.form)!).push(i));
  for (const idx of byForm.values()) {
    const fields = new Set(idx.map((i) => out[i]?.field));
    const hasSurname = fields.has('surnameEn');
    const hasGiven = fields.has('givenNameEn');
    for (const i of idx) {
      const c = out[i];
      if (c?.generic && hasSurname && !hasGiven) out[i] = { ...c, field: 'givenNameEn', generic: false, script: 'latin' };
    }
    const structured =
      idx.some((i) => out[i]?.field === 'address') &&
      idx.some((i) => {
        const m = members[i]!;
        const texts = [...m.cues.labels, m.cues.placeholder ?? '', m.cues.name ?? '', m.cues.id ?? ''].map(normalizeLabel);
        return texts.some((t) => STRUCTURED_ADDRESS_PART.test(t)) || /postal-code|address-level2/.test(m.cues.autocomplete ?? '');
      });
    if (structured) for (const i of idx) if (out[i]?.field === 'address' && !hasHan(out[i]!.cue)) out[i] = null;
    // Split dates: lists beside a birth-date part with a date-part shape are the other parts.
    const parts: Record<string, FieldKind> = { year: 'birthYear', month: 'birthMonth', day: 'birthDay' };
    for (const i of idx) {
      const f = out[i]?.field;
      if (f !== 'birthYear' && f !== 'birthMonth' && f !== 'birthDay') continue;
      for (const j of idx) {
        if (out[j] || members[j]!.group !== members[i]!.group) continue;
        const shape = optionsShape(members[j]!.cues.options);
        const tokens = attributeTokens(members[j]!.cues.name ?? members[j]!.cues.id ?? '').join('');
        const part =
          shape && shape in parts
            ? parts[shape]
            : /^(yyyy|year|yy)$/.test(tokens)
              ? 'birthYear'
              : /^(mm|month)$/.test(tokens)
                ? 'birthMonth'
                : /^(dd|day)$/.test(tokens)
                  ? 'birthDay'
                  : undefined;
        if (part && !idx.some((k) => out[k]?.field === part))
          out[j] = { field: part, source: 'attribute', lang: 'en', cue: members[j]!.cues.name ?? '' };
      }
    }
  }
  return out;
}

/** Exposed for tests and the classifier report. */
export const _internals = { classifyLabelText, classifyAutocomplete, classifyText };
