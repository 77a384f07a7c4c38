// @vitest-environment happy-dom
/** The classifier's word lists and per-form decisions beyond the project's own fixtures (src/fill/README.md "Classifier"). */
import { describe, expect, it } from 'vitest';
import { classifyField, decideForm, optionsShape, sectionForbids, type FieldCues, type FormMember } from '../../src/fill/classifier.js';

const text = (over: Partial<FieldCues>): FieldCues => ({ control: 'text', labels: [], ...over });
const field = (cues: FieldCues) => classifyField(cues)?.field ?? null;

describe('names with a prefix, in other word orders and languages', () => {
  it.each([
    ['客主姓名：', 'fullName'],
    ['来访人姓名', 'fullName'],
    ['用户姓名', 'fullName'],
    ['患者名字：', 'fullName'],
    ['乘客名称：', 'fullName'],
    ['Full name (as shown on your ID)', 'fullName'],
    ['Name (as in passport)', 'fullName'],
    ['Your name', 'fullName'],
    ['Given name(s)', 'givenNameEn'],
    ['First name:', 'givenNameEn'],
    ['Vorname', 'givenNameEn'],
    ['Prénom', 'givenNameEn'],
    ['Last name', 'surnameEn'],
    ['Apellidos:', 'surnameEn'],
    ['Primer Apellidos:', 'surnameEn'],
    ['Sobrenome', 'surnameEn'],
    ['Cognome', 'surnameEn'],
    ['Nachname:', 'surnameEn'],
    ['英文姓', 'surnameEn'],
    ['拼音名', 'givenNameEn'],
    ['姓名拼音', 'nameEn'],
  ])('%s → %s', (label, want) => {
    expect(field(text({ labels: [label] }))).toBe(want);
  });

  it('leaves a second surname and a middle name empty', () => {
    for (const l of ['Segunda Apellidos:', 'Apellidos Materno:', 'Middle name']) expect(field(text({ labels: [l] }))).toBeNull();
  });

  it('does not take a group name (团体名称) or a name on a card for the person', () => {
    for (const l of [
      '团体名称：',
      'Name on card',
      'Nombre de Tarjeta:',
      'Nome do cartão:',
      'Karteninhaber:',
      'Nome titolare carta:',
      'Cardholder Name (exactly as shown on card)',
    ])
      expect(field(text({ labels: [l] }))).toBeNull();
  });
});

describe('numbers, dates and other languages', () => {
  it.each([
    ['Passport or ID number', 'documentNumber'],
    ['ID / Passport No.', 'documentNumber'],
    ['来访人证件号码', 'documentNumber'],
    ['患者身份证：', 'documentNumber'],
    ['Fecha de nacimiento', 'birthDate'],
    ['Data de nascimento', 'birthDate'],
    ['Date de naissance', 'birthDate'],
    ['Geburtsdatum', 'birthDate'],
    ['Birth year:', 'birthYear'],
    ['Year of birth', 'birthYear'],
    ['出生年份', 'birthYear'],
    ['患者生日：', 'birthDate'],
    ['Nacionalidad', 'nationality'],
    ['来访人性别', 'sex'],
    ['选择性别', 'sex'],
    ['Sexo', 'sex'],
    ['证件地址：', 'address'],
    ['详细地址', 'address'],
  ])('%s → %s', (label, want) => {
    expect(field(text({ labels: [label] }))).toBe(want);
  });

  it("never takes a passport-only field, OTP, postal code or someone else's row", () => {
    for (const l of [
      'Passport number',
      'OTP:',
      'Verification Code:',
      'One Time Password:',
      '短信验证码',
      'Zip Code:',
      'Código Postal:',
      'CAP:',
      'Postleitzahl:',
      '紧急联系人：',
      '联系人电话：',
      '被访人姓名',
      '值班人员',
      '籍贯',
      'Emergency contact name',
      '收款人姓名',
      '陪同人姓名',
      '家长姓名',
      '代办人身份证号',
    ])
      expect(field(text({ labels: [l], name: 'name' }))).toBeNull();
  });

  it('a label shared by a date picker and an age box names the picker only', () => {
    expect(field(text({ labels: ['生日/年龄：'], explicitLabel: '生日/年龄：', placeholder: '请选择日期' }))).toBe('birthDate');
    expect(field(text({ labels: ['生日/年龄：'], explicitLabel: '生日/年龄：', placeholder: '年龄' }))).toBeNull();
  });

  it("ranks the control's own title above a label shared by several inputs", () => {
    expect(field(text({ labels: ['Name', 'First Name'], title: 'First Name' }))).toBe('givenNameEn');
    expect(field(text({ labels: ['Name', 'Last Name'], title: 'Last Name' }))).toBe('surnameEn');
    expect(
      field(
        text({
          labels: ['Birthday', '- Select Month -'],
          title: '- Select Month -',
          control: 'select',
          options: [
            { value: '', text: '- Select Month -' },
            ...[
              'January',
              'February',
              'March',
              'April',
              'May',
              'June',
              'July',
              'August',
              'September',
              'October',
              'November',
              'December',
            ].map((m, i) => ({ value: String(i + 1), text: m })),
          ],
        }),
      ),
    ).toBe('birthMonth');
  });
});

describe('autocomplete: the whole token set', () => {
  it.each([
    'cc-name',
    'cc-exp',
    'cc-exp-month',
    'cc-number',
    'section-pay cc-name',
    'billing name',
    'shipping name',
    'shipping street-address',
    'one-time-code',
    'postal-code',
    'new-password',
  ])('%s is never card data', (ac) => {
    expect(field(text({ autocomplete: ac, labels: ['姓名'] }))).toBeNull();
  });
  it('takes section-* and the detail token', () => {
    expect(field(text({ autocomplete: 'section-guest given-name' }))).toBe('givenNameEn');
    expect(field(text({ autocomplete: 'section-guest bday' }))).toBe('birthDate');
  });
});

describe('sections and per-form decisions', () => {
  it('forbids payment and contact-person sections', () => {
    expect(sectionForbids(['联系人信息（选填）'])).toBe('contact');
    expect(sectionForbids(['紧急联系人'])).toBe('contact');
    expect(sectionForbids(['Payment details'])).toBe('payment');
    expect(sectionForbids(['就诊人信息'])).toBeNull();
    expect(field(text({ labels: ['证件号码'], section: ['联系人信息（选填）'] }))).toBeNull();
    expect(field(text({ labels: ['证件号码'], section: ['基本信息'] }))).toBe('documentNumber');
  });

  const member = (cues: FieldCues, form = 'f', group: unknown = {}): FormMember => ({ cls: classifyField(cues), cues, form, group });

  it('a bare Name next to a surname field is the given name; alone it is the full name', () => {
    const withSurname = decideForm([member(text({ labels: ['Name:'] })), member(text({ labels: ['Surname:'] }))]);
    expect(withSurname.map((c) => c?.field)).toEqual(['givenNameEn', 'surnameEn']);
    expect(decideForm([member(text({ labels: ['Nombre:'] })), member(text({ labels: ['Apellidos:'] }))]).map((c) => c?.field)).toEqual([
      'givenNameEn',
      'surnameEn',
    ]);
    expect(decideForm([member(text({ labels: ['Name:'] }))]).map((c) => c?.field)).toEqual(['fullName']);
    // Another form's surname field does not change this form's Name.
    expect(
      decideForm([member(text({ labels: ['Name:'] }), 'a'), member(text({ labels: ['Surname:'] }), 'b')]).map((c) => c?.field),
    ).toEqual(['fullName', 'surnameEn']);
  });

  it('a structured postal address takes no card address', () => {
    const out = decideForm([member(text({ labels: ['Address'] })), member(text({ labels: ['City'] })), member(text({ labels: ['ZIP'] }))]);
    expect(out[0]).toBeNull();
    expect(decideForm([member(text({ labels: ['住址'] })), member(text({ labels: ['城市'] }))])[0]?.field).toBe('address');
  });

  it('fills the other parts of a split date from their lists', () => {
    const g = {};
    const days = [
      { value: 'DD', text: 'DD' },
      ...Array.from({ length: 31 }, (_, i) => ({ value: String(i + 1).padStart(2, '0'), text: String(i + 1).padStart(2, '0') })),
    ];
    const months = [
      { value: 'MM', text: 'MM' },
      ...Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1).padStart(2, '0'), text: String(i + 1).padStart(2, '0') })),
    ];
    const years = [
      { value: 'YY', text: 'YY' },
      ...Array.from({ length: 40 }, (_, i) => {
        const y = String((90 + i) % 100).padStart(2, '0');
        return { value: y, text: y };
      }),
    ];
    const out = decideForm([
      member({ control: 'select', labels: ['DOB:'], name: 'day', options: days }, 'f', g),
      member({ control: 'select', labels: ['/'], name: 'month', options: months }, 'f', g),
      member({ control: 'select', labels: ['/'], name: 'year', options: years }, 'f', g),
    ]);
    expect(out.map((c) => c?.field)).toEqual(['birthDay', 'birthMonth', 'birthYear']);
  });

  it('reads option lists whose first row is a placeholder, and two-digit years', () => {
    expect(
      optionsShape([{ value: 'DD', text: 'DD' }, ...Array.from({ length: 31 }, (_, i) => ({ value: String(i + 1), text: String(i + 1) }))]),
    ).toBe('day');
    expect(
      optionsShape([
        { value: '', text: '请选择' },
        ...Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), text: `${i + 1}月` })),
      ]),
    ).toBe('month');
    expect(
      optionsShape([
        { value: 'YY', text: 'YY' },
        ...Array.from({ length: 40 }, (_, i) => {
          const y = String((90 + i) % 100).padStart(2, '0');
          return { value: y, text: y };
        }),
      ]),
    ).toBe('year');
  });
});
