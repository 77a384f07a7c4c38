/**
 * Generic field classifier (docs/architecture.md §6): `autocomplete` tokens first, then labels in Chinese and English,
 * then placeholder, then name/id tokens including pinyin initials (xm, zjhm, csrq …).
 * Vocabulary: docs/target-forms.md §7. Pure: the page scan hands in the cues it found.
 */
import type { ChoiceOption, FieldKind } from './types.js';
import { attributeTokens, hasHan, normalizeLabel, stripInstruction, withoutParentheses } from './text.js';

export type ControlType = 'text' | 'date' | 'select' | 'radio' | 'checkbox' | 'textarea' | 'password' | 'other';

export interface FieldCues {
  control: ControlType;
  autocomplete?: string | null;
  /** Label texts, strongest first (label[for], wrapping label, aria, form-item label, table neighbour, nearby text). */
  labels: string[];
  placeholder?: string | null;
  name?: string | null;
  id?: string | null;
  /** Options of a list-like control, used to tell year/month/day selects and ethnicity from nationality. */
  options?: ChoiceOption[];
  /**
   * The label the page ties to this control (label[for], wrapping label, aria, form-item label). When it says
   * something the classifier does not recognise (收货地址, Billing address), the name/id tokens are not consulted:
   * the page has told the person what the field is, and it is not a card field.
   */
  explicitLabel?: string | null;
}

export interface Classification {
  field: FieldKind;
  source: 'autocomplete' | 'label' | 'placeholder' | 'attribute';
  /** Language of the evidence: English cues make a full-name field prefer the English name. */
  lang: 'zh' | 'en';
  /** The cue text that decided it (for the plan's label when the page shows nothing better). */
  cue: string;
}

/** Labels that name someone or something other than the card holder, or a non-card fact. Never filled. */
const FOREIGN_SUBJECT =
  /联系人|紧急|监护|担保|代理|经办|父亲|母亲|配偶|家属|同住|随行|用户名|登录|密码|验证码|手机|电话|邮箱|邮件|邮编|邮政|网址|(工作|所在|就职|用人|服务|就读)单位|^单位|公司|学校|工作|签证|入境日期|入境口岸|车牌|银行|账号|卡号|会员|积分|优惠|券|礼品|收货|收件|寄件|发件|发票|开户|持卡|纳税|车主|法人|企业|商户|店铺|^e?mail|phone|mobile|telephone|password|username|login|account|contact|emergency|guardian|captcha|company|employer|visa|postal|zip|email|billing|shipping|delivery|recipient|consignee|cardholder|nameoncard|invoice|coupon|member/;

type Rule = [RegExp, FieldKind];

/** Label rules, tried in order on the normalised label (and again without its parenthetical remarks). */
const LABEL_RULES: Rule[] = [
  // English / pinyin name and its parts (before the generic 姓名 rule).
  [/^(英文|外文|拼音)姓名|^姓名(拼音|\(拼音\)|\(英文\)|英文)$|^英文名字$|^englishname|^nameinenglish|^name\(english\)/, 'nameEn'],
  [/^(英文|拼音)姓(氏)?($|\()|^姓(氏)?\((拼音|英文|surname)|^surname|^familyname|^lastname/, 'surnameEn'],
  [/^(英文|拼音)名($|\()|^名\((拼音|英文|givenname)|^givennames?|^firstname/, 'givenNameEn'],
  [/^中文(姓名|名字?)$|^中文姓名|^chinesename|^nameinchinese/, 'nameZh'],
  // Document type before number: 证件类型 must not fall into the 证件 + 号 rule.
  [/证件(类型|种类|名称|类别)|证照类型|^有效证件$|^(id|document|certificate|identification|card)type$|^typeof(id|document|certificate)/, 'documentType'],
  [/出入境证件号|通行证号/, 'passNumber'],
  [/签发次数|^issuecount|^numberofissues/, 'issueCount'],
  [/证件号|证照号|身份证号|身份号码|身份证件号|永久?居(留)?(身份)?证号|证件编号|^(身份证|证件)$|^id\/passport(no|number)|^(id|document|certificate|identification|idcard|permit|residencepermit|permanentresidentcard)(no|number|num)\.?$|^idcardnumber|^idnumber/, 'documentNumber'],
  [/^(真实|中文|乘车人|乘客|旅客|游玩人|持证人|访客|住客|入住人|就诊人|患者|病人|客人|申请人|登记人|本人)?姓名$|^(乘车人|乘客|旅客|住客|入住人|游玩人|访客|申请人|登记人|就诊人|患者|病人|持证人)$|^名字$|^(full|real|legal)?name$|^nameasshownon/, 'fullName'],
  [/^姓$/, 'surnameEn'],
  [/^名$/, 'givenNameEn'],
  [/^性别$|^gender$|^sex$/, 'sex'],
  [/^出生(日期|年月日|年月)?$|^生日$|^(dateofbirth|birthdate|birthday|dob)$/, 'birthDate'],
  [/^出生年(份)?$|^(birth)?year$/, 'birthYear'],
  [/^出生月(份)?$|^(birth)?month$/, 'birthMonth'],
  [/^出生日$|^(birth)?day$/, 'birthDay'],
  [/^(国籍|国家|国籍\/地区|国家\/地区|国籍或地区|所属国家|所属国家\/地区|国别)$|^(nationality|citizenship|country\/region|countryofcitizenship)$/, 'nationality'],
  [/^民族$|^(ethnicity|ethnicgroup)$/, 'ethnicity'],
  [/签发机关|发证机关|发卡机关|签发机构|发证机构|签发单位|^(issuingauthority|issuedby|issuer|authority)$/, 'issuer'],
  [/有效期(限)?(起始|开始|自|起)|^(有效)?起始日期$|^签发日期$|^发证日期$|^(validfrom|dateofissue|issuedate|issuedon)$/, 'validFrom'],
  [/有效期(限)?(截止|结束|至|止|到)|^(有效)?截止日期$|^到期日期$|^失效日期$|^终止日期$|^有效期(限)?$|^证件有效期$|^(validuntil|validto|validthrough|expirydate|dateofexpiry|expirationdate|expires)$/, 'validUntil'],
  [/^(住址|地址|户籍地址|户口地址|家庭住址|家庭地址|常住地址|居住地址|现住址|现居住地址|联系地址|身份证地址|证件地址|户籍住址)$|^(address|homeaddress|residentialaddress|streetaddress|permanentaddress)$/, 'address'],
];

/** WHATWG autocomplete tokens (the last detail token decides). */
const AUTOCOMPLETE: Record<string, FieldKind | null> = {
  name: 'fullName',
  'given-name': 'givenNameEn',
  'family-name': 'surnameEn',
  bday: 'birthDate',
  'bday-year': 'birthYear',
  'bday-month': 'birthMonth',
  'bday-day': 'birthDay',
  sex: 'sex',
  'street-address': 'address',
  'address-line1': 'address',
  // Tokens that are certainly something else: stop, do not guess from the label.
  username: null, email: null, tel: null, 'tel-national': null, 'new-password': null, 'current-password': null,
  'one-time-code': null, organization: null, 'postal-code': null, 'address-line2': null, 'address-line3': null,
  'address-level1': null, 'address-level2': null, country: null, 'country-name': null, 'cc-name': null,
  'additional-name': null, nickname: null, 'honorific-prefix': null,
};

function classifyAutocomplete(ac: string | null | undefined): Classification | null | 'stop' {
  if (!ac) return null;
  const tokens = ac.trim().toLowerCase().split(/\s+/).filter((t) => t !== 'on' && t !== 'off' && !t.startsWith('section-'));
  const detail = tokens.find((t) => t in AUTOCOMPLETE);
  if (!detail) return null;
  const field = AUTOCOMPLETE[detail];
  if (field === null || field === undefined) return 'stop';
  return { field, source: 'autocomplete', lang: 'en', cue: detail };
}

function classifyLabelText(raw: string): FieldKind | null | 'stop' {
  const n = normalizeLabel(raw);
  if (!n || n.length > 40) return null;
  // Usually all four forms are the same string: test it once (this runs for every label of every control).
  const candidates = new Set([n, withoutParentheses(n), stripInstruction(n), stripInstruction(withoutParentheses(n))]);
  for (const c of candidates) {
    if (!c) continue;
    if (FOREIGN_SUBJECT.test(c)) return 'stop';
    // A passport field is not for these cards, but "证件号码/护照号" and "ID/Passport No." are general number fields.
    if (/护照|passport/.test(c) && !/证件|身份|(^|\/)id/.test(c)) return 'stop';
    for (const [re, field] of LABEL_RULES) if (re.test(c)) return field;
  }
  return null;
}

const has = (tokens: string[], ...words: string[]) => words.some((w) => tokens.includes(w));

/** Whole-token rules on name/id attributes, incl. pinyin initials (docs/target-forms.md §7). */
export function classifyAttribute(attr: string): FieldKind | null {
  // Struts/Spring object paths (12306: loginUserDTO.id_no, userDTO.sex_code): the last segment names the field.
  const last = attr.replace(/\[[^\]]*\]/g, '.').split('.').filter(Boolean).pop() ?? '';
  const t = attributeTokens(last);
  if (t.length === 0) return null;
  const joined = t.join('');
  if (has(t, 'mobile', 'phone', 'tel', 'email', 'mail', 'postal', 'postcode', 'zip', 'password', 'pwd', 'captcha',
    'user', 'login', 'account', 'contact', 'emergency', 'guardian', 'company', 'school', 'passport', 'visa', 'nick', 'station',
    'city', 'province', 'file', 'upload', 'search', 'query', 'token', 'sms', 'code2', 'verify', 'check', 'agree', 'remark',
    'bank', 'credit', 'debit', 'pay', 'payment', 'cc', 'member', 'vip', 'coupon', 'gift', 'invoice', 'tax', 'billing', 'shipping',
    'delivery', 'consignee', 'receiver', 'recipient', 'sender', 'owner', 'corp', 'org', 'shop', 'merchant', 'legal')) return null;
  if (has(t, 'zjlx', 'sfzjlx', 'zjzl', 'idtype', 'cardtype', 'certtype', 'credentialtype', 'documenttype')) return 'documentType';
  if (has(t, 'type', 'kind', 'category') && has(t, 'card', 'id', 'cert', 'certificate', 'document', 'doc', 'credential', 'zj', 'identity', 'paper', 'papers')) return 'documentType';
  if (has(t, 'txzhm') || (has(t, 'pass', 'permit', 'travel') && has(t, 'no', 'num', 'number'))) return 'passNumber';
  if (has(t, 'qfcs') || (has(t, 'issue') && has(t, 'count', 'times', 'num'))) return 'issueCount';
  if (has(t, 'zjhm', 'sfzh', 'sfzhm', 'gmsfhm', 'idno', 'idnumber', 'idcard', 'certno', 'zjh')) return 'documentNumber';
  // A bare "card number" is as often a bank or member card: it needs an identity word, except 12306's cardCode.
  const identityWord = has(t, 'id', 'cert', 'certificate', 'document', 'credential', 'identity', 'sfz', 'zj');
  if ((identityWord && has(t, 'no', 'num', 'number', 'code', 'hm', 'nbr', 'card')) || (t.join('') === 'cardcode')) {
    if (!has(t, 'country', 'region', 'nation', 'area', 'sex', 'name')) return 'documentNumber';
  }
  if (has(t, 'ywxm') || (has(t, 'eng', 'en', 'english', 'pinyin', 'py', 'latin', 'roman') && has(t, 'name'))) return 'nameEn';
  if (has(t, 'ywx', 'surname', 'lastname', 'familyname') || (has(t, 'last', 'family', 'sur') && has(t, 'name'))) return 'surnameEn';
  if (has(t, 'ywm', 'givenname', 'givennames', 'firstname') || (has(t, 'given', 'first') && has(t, 'name', 'names'))) return 'givenNameEn';
  if (has(t, 'zwxm') || (has(t, 'zh', 'cn', 'chinese', 'zw') && has(t, 'name'))) return 'nameZh';
  if (has(t, 'xm', 'xingming', 'realname', 'fullname', 'truename')) return 'fullName';
  if (has(t, 'name') && t.every((x) => ['name', 'real', 'full', 'true', 'passenger', 'cert', 'patient', 'person', 'guest', 'visitor', 'card', 'dto', 'info', 'form', 'user', 'p', 'input', 'txt', 'field'].includes(x))) {
    if (!has(t, 'user') && !has(t, 'card')) return 'fullName';
  }
  if (has(t, 'sex', 'gender', 'xb', 'xbdm')) return 'sex';
  if (has(t, 'year') && has(t, 'birth', 'born', 'bday', 'dob')) return 'birthYear';
  if (has(t, 'month') && has(t, 'birth', 'born', 'bday', 'dob')) return 'birthMonth';
  if (has(t, 'day') && has(t, 'birth', 'born', 'bday', 'dob')) return 'birthDay';
  if (has(t, 'birth', 'born', 'birthday', 'bday', 'dob', 'csrq', 'csny', 'birthdate')) return 'birthDate';
  if (has(t, 'nationality', 'citizenship', 'gj', 'gjdm', 'gjdq', 'gjmc') || joined === 'countrycode' || joined === 'country') return 'nationality';
  if (has(t, 'ethnicity', 'ethnic', 'mz', 'mzdm', 'minzu', 'folk')) return 'ethnicity';
  if (has(t, 'authority', 'issuer', 'qfjg', 'fzjg', 'police') || (has(t, 'issue', 'issuing') && has(t, 'org', 'office', 'authority', 'dept'))) return 'issuer';
  if (has(t, 'yxqq', 'yxqs') || (has(t, 'valid', 'validity', 'expiry') && has(t, 'from', 'start', 'begin'))) return 'validFrom';
  if (has(t, 'yxqz', 'yxqx', 'expiry', 'expire', 'expiration', 'expires') || (has(t, 'valid', 'validity', 'limit') && has(t, 'to', 'end', 'until', 'through'))) return 'validUntil';
  if (has(t, 'address', 'addr', 'zz', 'hjdz', 'jzdz', 'xzz', 'zhuzhi')) {
    if (!has(t, 'ip', 'mac', 'web', 'url', 'work', 'office')) return 'address';
  }
  return null;
}

const YEAR = /^(19|20)\d\d$/;

function digitsOf(o: ChoiceOption): number | null {
  const m = /\d+/.exec(o.value) ?? /\d+/.exec(o.text);
  return m ? Number(m[0]) : null;
}

/** What a list's options look like: a year/month/day list, a sex list, an ethnicity list, a country list. */
export function optionsShape(options: ChoiceOption[] | undefined): 'year' | 'month' | 'day' | 'sex' | 'ethnicity' | 'country' | null {
  if (!options || options.length === 0) return null;
  const real = options.filter((o) => o.value !== '' || /\d/.test(o.text));
  if (real.length === 0) return null;
  const texts = real.map((o) => o.text.trim());
  if (real.length <= 4 && texts.some((x) => /^(男|male|m)$/i.test(x)) && texts.some((x) => /^(女|female|f)$/i.test(x))) return 'sex';
  if (texts.some((x) => /^(汉族?|蒙古族?|回族?|藏族?)$/.test(x)) && texts.length > 8) return 'ethnicity';
  if (texts.some((x) => /^(中国|中华人民共和国|china)/i.test(x) || /CHINA$/.test(x)) && texts.length > 5) return 'country';
  const nums = real.map(digitsOf);
  if (nums.every((n) => n !== null)) {
    const ns = nums as number[];
    if (ns.every((n, i) => YEAR.test(String(n)) || /\d{4}/.test(real[i]!.text))) return 'year';
    const max = Math.max(...ns);
    const min = Math.min(...ns);
    if (min >= 1 && max <= 12 && real.length <= 12 && real.length >= 10) return 'month';
    if (min >= 1 && max <= 31 && real.length >= 28) return 'day';
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

/** Classify one control, or null when it is not a card field (or certainly something else). */
export function classifyField(cues: FieldCues): Classification | null {
  if (cues.control === 'password' || cues.control === 'checkbox' || cues.control === 'other') return null;
  const finish = (c: Classification): Classification | null => {
    const field = refineByOptions(c.field, cues);
    return fits(field, cues) ? { ...c, field } : null;
  };

  const ac = classifyAutocomplete(cues.autocomplete);
  if (ac === 'stop') return null;
  if (ac) return finish(ac);

  for (const label of cues.labels) {
    const f = classifyLabelText(label);
    if (f === 'stop') return null;
    if (f) return finish({ field: f, source: 'label', lang: hasHan(label) ? 'zh' : 'en', cue: label });
  }
  if (cues.explicitLabel && isMeaningful(cues.explicitLabel)) return null;
  if (cues.placeholder) {
    const f = classifyLabelText(cues.placeholder);
    if (f === 'stop') return null;
    if (f) return finish({ field: f, source: 'placeholder', lang: hasHan(cues.placeholder) ? 'zh' : 'en', cue: cues.placeholder });
  }
  for (const attr of [cues.name, cues.id]) {
    if (!attr) continue;
    let f = classifyAttribute(attr);
    // `nation` is the country on 12306 but the ethnicity in reader SDKs (reference §7): decide by the options only.
    if (!f && /^nation$/i.test(attributeTokens(attr).join(''))) {
      const shape = optionsShape(cues.options);
      f = shape === 'country' ? 'nationality' : shape === 'ethnicity' ? 'ethnicity' : null;
    }
    if (f) return finish({ field: f, source: 'attribute', lang: 'en', cue: attr });
  }
  // A list of 男/女 with no other cue is still a sex choice.
  if ((cues.control === 'select' || cues.control === 'radio') && optionsShape(cues.options) === 'sex') {
    return { field: 'sex', source: 'label', lang: 'zh', cue: '' };
  }
  return null;
}

/** Exposed for tests and the classifier report. */
export const _internals = { classifyLabelText, classifyAutocomplete };
