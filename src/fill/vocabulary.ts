/**
 * The classifier's word lists (src/fill/README.md "Classifier"), compiled once when the module loads.
 *
 * Each term names what a label, placeholder, title or aria text says: a card field, a generic "name" whose part is
 * decided per form, or a reason to leave the control alone (someone else's data, payment, password, one-time code,
 * postal code). Terms are matched on the normalised text (normalizeLabel: no spaces, no `*`/`：`, lower case) and
 * some on the spaced text, so that English word boundaries ("passport or ID") can be seen. Chinese first, then
 * English, pinyin abbreviations in the attribute rules (classifier.ts), and a few Spanish, Portuguese, Italian,
 * French, German and Indonesian words that international hotel, airline and visa forms use.
 */
import type { FieldKind } from './types.js';

/** Why a control must not be filled even though its words look like a card field. */
export type Forbid = 'payment' | 'contact' | 'password' | 'otp' | 'postal' | 'other';

/** A generic "name" (Name, Nombre, Nome, Nom): the full name, or the given name beside a surname field. */
export type Meaning = FieldKind | 'name-generic' | 'skip' | { forbid: Forbid };

export interface Term {
  re: RegExp;
  meaning: Meaning;
  weight: number;
}

const f = (forbid: Forbid) => ({ forbid });

/**
 * Words that say the control belongs to a payment, to another person, to a login, or is a code/postal field.
 * Checked before the field terms: "联系人姓名" is someone else's 姓名, "Name on card" is the card's, not the person's.
 */
export const FORBID_TERMS: Term[] = [
  // Another person: contact person, emergency contact, guardian, visited person, staff on duty, doctor.
  {
    re: /联系人|联络人|紧急|监护|担保人|代理人|代办|委托人|受托人|见证人|陪同|负责人|家长|经办|父亲|母亲|配偶|家属|同住|随行|被访|受访|值班|医生|医师|主治|推荐人|介绍人|收货|收件|寄件|发件|车主|法人|emergency|guardian|contactperson|contactname|nextofkin|recipient|consignee|parent/,
    meaning: f('contact'),
    weight: 100,
  },
  // Payment: cards, amounts, billing.
  {
    re: /持卡|银行|卡号|信用卡|储蓄卡|支付|付款|收款|押金|金额|预付|预交|扣款|发票|开户|cardholder|nameoncard|cardnumber|creditcard|debitcard|card(no|num)|securitycode|cvc|cvv|csc|billing|payment|giftcard|giftcode|tarjeta|cart[aã]o|titolarecarta|numerocarta|carta(di)?credito|karteninhaber|kartennummer|gültigbis|expiration(month|year)|expmonth|expyear/,
    meaning: f('payment'),
    weight: 100,
  },
  // Passwords and one-time codes.
  { re: /密码|口令|password|passwd|passcode|contraseña|senha|passwort/, meaning: f('password'), weight: 100 },
  { re: /验证码|校验码|动态码|短信码|otp|onetime|verificationcode|smscode|securitycode|captcha/, meaning: f('otp'), weight: 100 },
  // Postal codes (never card data; the card's address has none).
  {
    re: /邮编|邮政编码|postal|postcode|zip|^cep$|^cap$|^plz$|postleitzahl|kodepos|códigopostal|codigopostal|codepostal|codicepostale/,
    meaning: f('postal'),
    weight: 100,
  },
  // Not the person's identity: accounts, contact channels, organisations, other documents.
  {
    re: /用户名|登录|账号|帐号|手机|电话|邮箱|邮件|网址|(工作|所在|就职|用人|服务|就读)单位|^单位|公司|学校|工作|职业|签证|入境日期|入境口岸|车牌|会员|积分|优惠|券|礼品|纳税|企业|商户|店铺|学号|工号|病人编号|患者编号|病历号|住院号|门诊号|就诊卡|社保|医保|档案编号|籍贯|年龄|婚姻|^e-?mail|e-?mailadresse|phone|mobile|telephone|teléfono|telefone|telefono|telefon|username|login|account|company|empresa|firma|employer|visa|invoice|coupon|member|nickname|shipping|delivery/,
    meaning: f('other'),
    weight: 90,
  },
];

/** Sections whose rows are never the card holder's: payment blocks and contact-person blocks. */
export const FORBIDDING_SECTION: { re: RegExp; forbid: Forbid }[] = [
  { re: /联系人|紧急联系|监护人|担保人|代理人|家属|emergencycontact|contactperson|nextofkin|guardian/, forbid: 'contact' },
  { re: /支付|付款|信用卡|银行卡|持卡人|payment|creditcard|debitcard|cardholder|billing|cardinformation|carddetails/, forbid: 'payment' },
];

/** Field terms, tried on every cue; the cue's source weight times the term weight is the score. */
export const FIELD_TERMS: Term[] = [
  // Latin names and their parts (before the generic 姓名 terms).
  {
    re: /^(英文|外文|拼音)姓名|^姓名(拼音|\(拼音\)|\(英文\)|英文)$|^姓名的?拼音$|^英文名字$|^(english|latin|romanized|pinyin)name|^nameinenglish|^name\((english|pinyin|latin)\)/,
    meaning: 'nameEn',
    weight: 10,
  },
  {
    re: /^(英文|拼音)姓(氏)?($|\()|^姓(氏)?的?(拼音|\(拼音\)|\(英文\)|\(surname\))|^surname|^familyname|^lastname|^lastnames|^nachname|^familienname|^apellidos?$|^primerapellidos?$|^apellidopaterno|^apellidospaterno|^sobrenome|^cognome|^nomdefamille|^nom$|^namabelakang|^namakeluarga/,
    meaning: 'surnameEn',
    weight: 10,
  },
  {
    re: /^segundoapellidos?|^segundaapellidos?|^apellidosmaterno|^apellidomaterno|^middlename|^middleinitial|^additionalname/,
    meaning: 'skip',
    weight: 10,
  },
  {
    re: /^(英文|拼音)名(字)?($|\()|^名(字)?的?(拼音|\(拼音\)|\(英文\)|\(givenname\))|^givennames?|^firstnames?|^forenames?|^vorname|^prénom|^prenom|^primeironome|^nomedebatismo|^namadepan/,
    meaning: 'givenNameEn',
    weight: 10,
  },
  { re: /^中文(姓名|名字?)$|^中文姓名|^chinesename|^nameinchinese/, meaning: 'nameZh', weight: 10 },
  // Document type before number: 证件类型 must not fall into the 证件 + 号 term.
  {
    re: /证件(类型|种类|名称|类别)|证照类型|^有效证件$|^(id|document|certificate|identification|card|identity)(document)?type$|^typeof(id|document|certificate|identification)|^tipodedocumento|^tipodocumento/,
    meaning: 'documentType',
    weight: 10,
  },
  { re: /出入境证件号|通行证号/, meaning: 'passNumber', weight: 10 },
  { re: /签发次数|^issuecount|^numberofissues/, meaning: 'issueCount', weight: 10 },
  {
    re: /证件号|证照号|身份证号|身份号码|身份证件号|永久?居(留)?(身份)?证号|证件编号|^.{0,6}身份证$|^(身份证|证件)$|^id\/passport|^passport\/id|^passportorid|^idorpassport|^(id|document|certificate|identification|idcard|identitycard|permit|residencepermit|permanentresidentcard|nationalid)(no|number|num|nr)\.?$|^idcardnumber|^idnumber|^númerodedocumento|^numerodedocumento|^númerodeidentidad/,
    meaning: 'documentNumber',
    weight: 10,
  },
  // Chinese full name: 姓名 with a short prefix naming the person (X姓名), and the person words on their own.
  {
    re: /^.{0,6}姓名$|^.{0,4}名字$|^(乘客|旅客|乘车人|患者|病人|客人|住客|访客|客户)名称$|^(乘车人|乘客|旅客|住客|入住人|游玩人|访客|申请人|登记人|就诊人|患者|病人|持证人|来访人|客人|宾客)$/,
    meaning: 'fullName',
    weight: 9,
  },
  {
    re: /^(full|real|legal|your|complete)name$|^nameasshownon|^nameas(in|on)|^nombrecompleto|^nomecompleto|^nomcomplet|^vollständigername|^nameandsurname|^nameofapplicant|^applicantname|^guestname|^passengername|^travellername|^travelername/,
    meaning: 'fullName',
    weight: 10,
  },
  { re: /^name$|^nombre$|^nome$|^nombres$|^nomes$|^nama$/, meaning: 'name-generic', weight: 8 },
  { re: /^姓$|^姓氏$/, meaning: 'surnameEn', weight: 7 },
  { re: /^名$/, meaning: 'givenNameEn', weight: 7 },
  { re: /^.{0,6}性别$|^gender$|^sex$|^sexo$|^género$|^genero$|^sexe$|^geschlecht$|^sesso$/, meaning: 'sex', weight: 10 },
  {
    re: /^.{0,4}出生(日期|年月日|年月)?$|^.{0,4}生日$|^(dateofbirth|birthdate|birthday|dob|bday|dateofbirth\(.*\)|fechadenacimiento|datadenascimento|datadinascita|datedenaissance|geburtsdatum|nacimiento)$/,
    meaning: 'birthDate',
    weight: 10,
  },
  {
    re: /^出生年(份)?$|^(birth)?year$|^birthyear$|^yearofbirth$|^añodenacimiento$|^anodenascimento$|^annéedenaissance$|^geburtsjahr$/,
    meaning: 'birthYear',
    weight: 9,
  },
  { re: /^出生月(份)?$|^(birth)?month$|^birthmonth$|^monthofbirth$/, meaning: 'birthMonth', weight: 9 },
  { re: /^出生日$|^(birth)?day$|^birthday?ofmonth$|^dayofbirth$/, meaning: 'birthDay', weight: 9 },
  {
    re: /^(国籍|国家|国籍\/地区|国家\/地区|国籍或地区|国家或地区|所属国家|所属国家\/地区|国别)$|^(nationality|citizenship|countryofcitizenship|countryofnationality|nacionalidad|nacionalidade|nazionalità|nationalité|staatsangehörigkeit)$/,
    meaning: 'nationality',
    weight: 10,
  },
  { re: /^民族$|^(ethnicity|ethnicgroup)$/, meaning: 'ethnicity', weight: 10 },
  {
    re: /签发机关|发证机关|发卡机关|签发机构|发证机构|签发单位|^(issuingauthority|issuedby|issuer|authority)$/,
    meaning: 'issuer',
    weight: 10,
  },
  {
    re: /有效期(限)?(起始|开始|自|起)|^(有效)?起始日期$|^签发日期$|^发证日期$|^(validfrom|dateofissue|issuedate|issuedon)$/,
    meaning: 'validFrom',
    weight: 10,
  },
  {
    re: /有效期(限)?(截止|结束|至|止|到)|^(有效)?截止日期$|^到期日期$|^失效日期$|^终止日期$|^有效期(限)?$|^证件有效期$|^(validuntil|validto|validthrough|expirydate|dateofexpiry|expirationdate|expires)$/,
    meaning: 'validUntil',
    weight: 10,
  },
  {
    re: /^.{0,4}(住址|户籍地址|户口地址|家庭住址|家庭地址|常住地址|居住地址|现住址|现居住地址|身份证地址|证件地址|户籍住址|详细地址)$|^地址$|^(address|homeaddress|residentialaddress|permanentaddress|addressonid)$/,
    meaning: 'address',
    weight: 9,
  },
];

/**
 * English words that, in a spaced text, mean the field takes a passport *or* an identity number
 * ("Passport or ID", "ID / passport number"): a general number field. A passport-only field is not for these cards.
 */
export const PASSPORT_ONLY = /护照|passport|pasaporte|passaporto|passeport|reisepass/;
export const ALSO_IDENTITY = /证件|身份|(^|[^a-z])id([^a-z]|$)|identity|national/;

/** Autocomplete detail tokens (WHATWG). `cc-*` is a payment card, never card data. */
export const AUTOCOMPLETE: Record<string, FieldKind | Forbid | null> = {
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
  username: 'other',
  email: 'other',
  tel: 'other',
  'tel-national': 'other',
  'tel-country-code': 'other',
  'new-password': 'password',
  'current-password': 'password',
  'one-time-code': 'otp',
  organization: 'other',
  'organization-title': 'other',
  'postal-code': 'postal',
  'address-line2': 'other',
  'address-line3': 'other',
  'address-level1': 'other',
  'address-level2': 'other',
  'address-level3': 'other',
  'address-level4': 'other',
  country: 'other',
  'country-name': 'other',
  'additional-name': 'other',
  nickname: 'other',
  'honorific-prefix': 'other',
  'honorific-suffix': 'other',
  'transaction-amount': 'payment',
  'transaction-currency': 'payment',
  url: 'other',
  photo: 'other',
};

/** Labels that name a city, region or postal code: a form with them has a structured postal address. */
export const STRUCTURED_ADDRESS_PART =
  /^(city|town|state|province|county|region|zip|zipcode|postalcode|postcode|stadt|ort|poblaci[oó]n|ciudad|cidade|citt[aà]|ville|provincia|estado|bundesland|cep|cap|plz|postleitzahl|c[oó]digopostal|codicepostale|codepostal)$/;

/**
 * One alternation of every term, compiled once: most texts on a page (备注, 数量, Remarks …) match no term, and one
 * test rejects them instead of one per term.
 */
export const ANY_FORBID = new RegExp(FORBID_TERMS.map((t) => `(?:${t.re.source})`).join('|'));
export const ANY_FIELD = new RegExp(FIELD_TERMS.map((t) => `(?:${t.re.source})`).join('|'));
