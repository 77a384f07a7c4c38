// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { classifyAttribute, classifyField, optionsShape, type FieldCues } from '../../src/fill/classifier.js';

const text = (over: Partial<FieldCues>): FieldCues => ({ control: 'text', labels: [], ...over });
const field = (cues: FieldCues) => classifyField(cues)?.field ?? null;

describe('labels in Chinese, as 12306 and staff forms write them', () => {
  it.each([
    ['姓 名：', 'fullName'],
    ['* 姓名', 'fullName'],
    ['乘车人姓名', 'fullName'],
    ['真实姓名', 'fullName'],
    ['姓名（用于身份核验，请正确填写）', 'fullName'],
    ['中文姓名', 'nameZh'],
    ['英文姓名', 'nameEn'],
    ['英文姓', 'surnameEn'],
    ['英文名', 'givenNameEn'],
    ['姓（拼音）', 'surnameEn'],
    ['名（拼音）', 'givenNameEn'],
    ['证件类型：', 'documentType'],
    ['证件种类', 'documentType'],
    ['身份证件类型', 'documentType'],
    ['证件号码', 'documentNumber'],
    ['公民身份号码', 'documentNumber'],
    ['身份证号', 'documentNumber'],
    ['永久居留证号码', 'documentNumber'],
    ['性 别', 'sex'],
    ['出生日期', 'birthDate'],
    ['出生年月', 'birthDate'],
    ['国籍(地区)', 'nationality'],
    ['国家/地区：', 'nationality'],
    ['国籍', 'nationality'],
    ['民族', 'ethnicity'],
    ['住址', 'address'],
    ['户籍地址', 'address'],
    ['签发机关', 'issuer'],
    ['发证机关', 'issuer'],
    ['有效期起始日期', 'validFrom'],
    ['证件有效期截止日期', 'validUntil'],
    ['有效期至', 'validUntil'],
    ['签发次数', 'issueCount'],
    ['港澳台居民出入境证件号码', 'passNumber'],
    ['签发单位', 'issuer'],
    ['乘车人', 'fullName'],
    ['证件号码/护照号', 'documentNumber'],
    ['证照号码', 'documentNumber'],
    ['证照类型', 'documentType'],
  ])('%s → %s', (label, want) => {
    expect(field(text({ labels: [label] }))).toBe(want);
  });

  it.each([
    '手机号码（+86）',
    '联系人姓名',
    '紧急联系人',
    '用 户 名',
    '登录密码',
    '邮 箱',
    '监护人姓名',
    '护照号码',
    '单位地址',
    '邮箱地址',
    '验证码',
    '收货人姓名',
    '收货地址',
    '持卡人姓名',
    '银行卡号',
    '会员卡号',
    '发票抬头',
    '工作单位',
    'Billing address',
    'Name on card',
    'Recipient name',
  ])('never takes %s for a card field', (label) => {
    expect(field(text({ labels: [label], name: 'name' }))).toBeNull();
  });
});

describe('labels in English and autocomplete tokens', () => {
  it.each([
    ['Full name', 'fullName'],
    ['Name', 'fullName'],
    ['Surname', 'surnameEn'],
    ['Given names', 'givenNameEn'],
    ['ID type', 'documentType'],
    ['Document number', 'documentNumber'],
    ['ID No.', 'documentNumber'],
    ['Gender', 'sex'],
    ['Date of birth', 'birthDate'],
    ['Nationality', 'nationality'],
    ['ID/Passport No.', 'documentNumber'],
    ['Issuing authority', 'issuer'],
    ['Expiry date', 'validUntil'],
  ])('%s → %s', (label, want) => {
    expect(field(text({ labels: [label] }))).toBe(want);
  });

  it('takes autocomplete before a misleading label or name (bitwarden/clients#23356)', () => {
    expect(classifyField(text({ autocomplete: 'bday', labels: ['Address'], name: 'billingAddress[x]', control: 'text' }))).toMatchObject({
      field: 'birthDate',
      source: 'autocomplete',
    });
    expect(field(text({ autocomplete: 'given-name', labels: [] }))).toBe('givenNameEn');
    expect(field(text({ autocomplete: 'family-name' }))).toBe('surnameEn');
    expect(field(text({ autocomplete: 'name' }))).toBe('fullName');
  });

  it('stops at autocomplete tokens that are something else', () => {
    expect(field(text({ autocomplete: 'email', labels: ['姓名'] }))).toBeNull();
    expect(field(text({ autocomplete: 'tel', name: 'idNo' }))).toBeNull();
  });
});

describe('name and id attributes, including pinyin initials', () => {
  it.each([
    ['xm', 'fullName'],
    ['zjhm', 'documentNumber'],
    ['zjlx', 'documentType'],
    ['csrq', 'birthDate'],
    ['xb', 'sex'],
    ['mz', 'ethnicity'],
    ['gj', 'nationality'],
    ['zz', 'address'],
    ['qfjg', 'issuer'],
    ['yxqq', 'validFrom'],
    ['yxqz', 'validUntil'],
    ['ywxm', 'nameEn'],
    ['ywx', 'surnameEn'],
    ['ywm', 'givenNameEn'],
    ['zwxm', 'nameZh'],
    ['sfzh', 'documentNumber'],
    ['cardCode', 'documentNumber'],
    ['cardType', 'documentType'],
    ['passenger_id_type_code', 'documentType'],
    ['passenger_id_no', 'documentNumber'],
    ['loginUserDTO.id_no', 'documentNumber'],
    ['userDTO.sex_code', 'sex'],
    ['_birthDate', 'birthDate'],
    ['GAT_born_date', 'birthDate'],
    ['country_code', 'nationality'],
    ['passenger_name', 'fullName'],
    ['realName', 'fullName'],
    ['engName', 'nameEn'],
    ['idNumber', 'documentNumber'],
    ['id_limit_date_end', 'validUntil'],
    ['GAT_valid_date_end', 'validUntil'],
    ['txzhm', 'passNumber'],
    ['qfcs', 'issueCount'],
    ['name', 'fullName'],
  ])('%s → %s', (attr, want) => {
    expect(classifyAttribute(attr)).toBe(want);
  });

  it.each([
    'userName',
    'loginUserDTO.user_name',
    'mobile_no',
    'mobile_code',
    'email',
    'passWord',
    'randCode',
    'school_name',
    'postalcode',
    'nickName',
  ])('leaves %s alone', (attr) => {
    expect(classifyAttribute(attr)).toBeNull();
  });

  it("does not consult name/id tokens when the page's own label says something else", () => {
    expect(field(text({ labels: ['收件信息'], explicitLabel: '收件信息', name: 'address' }))).toBeNull();
    expect(field(text({ labels: ['Shipping to'], explicitLabel: 'Shipping to', name: 'address' }))).toBeNull();
    // A split date's part labels (年 / 月 / 日) say nothing about whose date it is: the name decides.
    expect(field({ control: 'select', labels: ['月'], explicitLabel: '月', name: 'birth_month' })).toBe('birthMonth');
    // Labels found only nearby (a table cell, preceding text) are weaker: the name still counts.
    expect(field(text({ labels: ['备注一'], name: 'zjhm' }))).toBe('documentNumber');
  });

  it.each([
    'card_no',
    'member_card_no',
    'bank_card_number',
    'consignee_name',
    'billing_address',
    'shipping_address',
    'holder_name',
    'invoice_title',
    'tax_no',
  ])('leaves the commerce field %s alone', (attr) => {
    expect(classifyAttribute(attr)).toBeNull();
  });

  it('decides the ambiguous `nation` by the options: country list on 12306, ethnicity list in reader SDKs', () => {
    const countries = [
      { value: 'CN', text: '中国CHINA' },
      { value: 'US', text: '美国UNITEDSTATES' },
      { value: 'GB', text: '英国UNITED KINGDOM' },
      { value: 'DE', text: '德国GERMANY' },
      { value: 'ES', text: '西班牙SPAIN' },
      { value: 'JP', text: '日本JAPAN' },
    ];
    const ethnic = ['汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族'].map((t, i) => ({
      value: String(i + 1).padStart(2, '0'),
      text: t,
    }));
    expect(field({ control: 'select', labels: [], name: 'nation', options: countries })).toBe('nationality');
    expect(field({ control: 'select', labels: [], name: 'nation', options: ethnic })).toBe('ethnicity');
    expect(field({ control: 'text', labels: [], name: 'nation' })).toBeNull();
  });
});

describe('control types and option shapes', () => {
  const years = Array.from({ length: 80 }, (_, i) => ({ value: String(1950 + i), text: `${1950 + i}年` }));
  const months = Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), text: `${i + 1}月` }));
  const days = Array.from({ length: 31 }, (_, i) => ({ value: String(i + 1).padStart(2, '0'), text: String(i + 1) }));

  it('splits a birth date into year, month and day selects by their options', () => {
    expect(optionsShape(years)).toBe('year');
    expect(optionsShape(months)).toBe('month');
    expect(optionsShape(days)).toBe('day');
    expect(field({ control: 'select', labels: ['出生日期'], options: years })).toBe('birthYear');
    expect(field({ control: 'select', labels: [], name: 'birth_month', options: [{ value: '', text: '月' }, ...months] })).toBe(
      'birthMonth',
    );
    expect(field({ control: 'select', labels: [], name: 'birth_day', options: days })).toBe('birthDay');
  });

  it('never classifies password fields or checkboxes', () => {
    expect(field({ control: 'password', labels: ['证件号码'] })).toBeNull();
    expect(field({ control: 'checkbox', labels: ['性别'] })).toBeNull();
  });

  it('does not put a name into a date control or a list', () => {
    expect(field({ control: 'date', labels: ['姓名'] })).toBeNull();
    expect(field({ control: 'radio', labels: ['证件号码'], options: [] })).toBeNull();
  });

  it('recognises a bare 男/女 radio group as sex', () => {
    expect(
      field({
        control: 'radio',
        labels: [],
        options: [
          { value: '1', text: '男' },
          { value: '2', text: '女' },
        ],
      }),
    ).toBe('sex');
  });

  it('reads placeholders with their instruction words', () => {
    expect(field(text({ placeholder: '请输入您的证件号码' }))).toBe('documentNumber');
    expect(field(text({ placeholder: '请输入姓名' }))).toBe('fullName');
  });
});
