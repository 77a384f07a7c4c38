import { describe, expect, it } from 'vitest';
import { decodeCardText, rebuildPreviousNumber } from '../../src/card/decode';
import { CardFillError } from '../../src/errors';
import {
  block,
  c731,
  foreign2017Block,
  foreign2023Block,
  hmtBlock,
  I_NUMBER,
  J_NUMBER,
  mod11,
  RES_NUMBER,
  residentBlock,
  Y_NAME,
  Y_NUMBER,
} from './blocks';

const today = '2026-01-15';

function errorOf(fn: () => unknown): CardFillError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CardFillError);
    return e as CardFillError;
  }
  throw new Error('expected an error');
}

describe('Resident ID card (type byte blank, §2.2)', () => {
  const card = decodeCardText(residentBlock(), { today });

  it('decodes every field at its offset', () => {
    expect(card).toMatchObject({
      kind: 'resident',
      typeCode: '',
      nameZh: '周文华',
      nameEn: null,
      sex: 'male',
      birthDate: '1975-11-08',
      ethnicity: { code: '08', nameZh: '壮族' },
      region: null,
      address: '江苏省南京市鼓楼区北京西路2号',
      number: RES_NUMBER,
      issuer: '南京市公安局鼓楼分局',
      validFrom: '2012-06-01',
      passNumber: null,
      issueCount: null,
      renewalCount: null,
      cardVersion: null,
      previousNumber: null,
      photo: null,
    });
  });

  it('shows 长期 as long-term and never as expired', () => {
    expect(card.validUntil).toBe('long-term');
    expect(card.checks.expired).toBe(false);
  });

  it('gives a resident the nationality CHN', () => {
    expect(card.nationality).toEqual({ alpha3: 'CHN', alpha2: 'CN', numeric: '156', nameZh: '中国', nameEn: 'China' });
  });

  it('passes its checks when the number agrees with the card', () => {
    expect(card.checks).toEqual({ numberChecksum: 'valid', birthDateMatchesNumber: true, sexMatchesNumber: true, expired: false });
  });

  it('flags a wrong check digit, a birth date and a sex that disagree, but still decodes', () => {
    const wrong = RES_NUMBER.slice(0, 17) + (RES_NUMBER[17] === '0' ? '1' : '0');
    const c = decodeCardText(residentBlock({ number: wrong, birth: '19751109', sex: '2' }), { today });
    expect(c.checks).toEqual({ numberChecksum: 'invalid', birthDateMatchesNumber: false, sexMatchesNumber: false, expired: false });
    expect(c.number).toBe(wrong);
  });

  it('accepts a NUL type byte as resident (zero-filling readers)', () => {
    const text = residentBlock();
    text[248] = 0;
    expect(decodeCardText(text, { today }).kind).toBe('resident');
  });

  it('marks a card expired from the day after its last valid day', () => {
    expect(decodeCardText(residentBlock({ until: '20260115' }), { today }).checks.expired).toBe(false);
    expect(decodeCardText(residentBlock({ until: '20260114' }), { today }).checks.expired).toBe(true);
  });

  it('shows an ethnicity code outside GB 3304 raw', () => {
    expect(decodeCardText(residentBlock({ eth: '81' }), { today }).ethnicity).toEqual({ code: '81', nameZh: null });
  });

  it('maps every GB/T 2261.1 sex code', () => {
    expect(['0', '1', '2', '9'].map((sex) => decodeCardText(residentBlock({ sex }), { today }).sex)).toEqual([
      'unknown',
      'male',
      'female',
      'unspecified',
    ]);
    expect(decodeCardText(residentBlock({ sex: '9' }), { today }).checks.sexMatchesNumber).toBeNull();
  });

  it('takes the newest append address over the printed one', () => {
    expect(decodeCardText(residentBlock(), { today, appendAddress: '北京市朝阳区建国路88号' }).address).toBe('北京市朝阳区建国路88号');
    expect(decodeCardText(residentBlock(), { today, appendAddress: '   ' }).address).toBe('江苏省南京市鼓楼区北京西路2号');
  });

  it('carries the photo as base64 with its mime type', () => {
    const bytes = Uint8Array.from({ length: 1024 }, (_, i) => (i * 37) % 256);
    const c = decodeCardText(residentBlock(), { today, photo: { mime: 'application/x-wlt', bytes } });
    expect(c.photo?.mime).toBe('application/x-wlt');
    expect(Uint8Array.from(atob(c.photo!.base64), (ch) => ch.charCodeAt(0))).toEqual(bytes);
  });

  it('accepts an X check digit', () => {
    const number = mod11('11010519491231002');
    expect(number).toBe('11010519491231002X');
    const c = decodeCardText(residentBlock({ number, birth: '19491231', sex: '2' }), { today });
    expect(c.checks).toMatchObject({ numberChecksum: 'valid', birthDateMatchesNumber: true, sexMatchesNumber: true });
  });
});

describe('HK/Macau/Taiwan residence permit (J, §2.3)', () => {
  const card = decodeCardText(hmtBlock(), { today });

  it('decodes every field, with pass number and issue count', () => {
    expect(card).toMatchObject({
      kind: 'hmt-residence-permit',
      typeCode: 'J',
      nameZh: '林佳怡',
      nameEn: null,
      sex: 'female',
      birthDate: '1992-04-16',
      ethnicity: null,
      nationality: null,
      region: 'TW',
      address: '福建省厦门市思明区湖滨南路1号',
      number: J_NUMBER,
      issuer: '厦门市公安局',
      validFrom: '2021-03-01',
      validUntil: '2026-03-01',
      passNumber: '01234567',
      issueCount: 0,
      renewalCount: null,
      cardVersion: null,
      previousNumber: null,
    });
    expect(card.checks).toEqual({ numberChecksum: 'valid', birthDateMatchesNumber: true, sexMatchesNumber: true, expired: false });
  });

  it('takes the region from 81 / 82 / 83', () => {
    const region = (p: string) => decodeCardText(hmtBlock({ number: mod11(`${p}000019920416002`) }), { today }).region;
    expect([region('81'), region('82'), region('83')]).toEqual(['HK', 'MO', 'TW']);
    expect(region('11')).toBeNull();
  });

  it('reads a two-digit issue count', () => {
    expect(decodeCardText(hmtBlock({ count: '12' }), { today }).issueCount).toBe(12);
    expect(decodeCardText(hmtBlock({ count: '' }), { today }).issueCount).toBeNull();
  });
});

describe('Foreign Permanent Resident ID card 2017 (I, §2.4)', () => {
  const card = decodeCardText(foreign2017Block(), { today });

  it('decodes every field; the issuer is the accepting-authority code', () => {
    expect(card).toMatchObject({
      kind: 'foreign-permanent-2017',
      typeCode: 'I',
      nameEn: 'MUELLER, KLAUS PETER',
      nameZh: '穆克劳',
      sex: 'male',
      birthDate: '1992-03-15',
      ethnicity: null,
      region: null,
      address: null,
      number: I_NUMBER,
      issuer: '3100',
      validFrom: '2019-09-01',
      validUntil: '2029-08-31',
      passNumber: null,
      issueCount: null,
      renewalCount: null,
      cardVersion: '01',
      previousNumber: null,
    });
    expect(card.nationality).toEqual({ alpha3: 'DEU', alpha2: 'DE', numeric: '276', nameZh: '德国', nameEn: 'Germany' });
  });

  it('checks the 7-3-1 digit and the YYMMDD birth date in the number; sex is not checked ([U])', () => {
    expect(card.checks).toEqual({ numberChecksum: 'valid', birthDateMatchesNumber: true, sexMatchesNumber: null, expired: false });
  });

  it('flags, never rejects, a number that fails 7-3-1 like the vendor specimen', () => {
    const c = decodeCardText(foreign2017Block({ number: 'CAN110081080319', nat: 'CAN', birth: '19810803' }), { today });
    expect(c.number).toBe('CAN110081080319');
    expect(c.checks.numberChecksum).toBe('invalid');
    expect(c.checks.birthDateMatchesNumber).toBe(true);
  });

  it('leaves a blank Chinese name null', () => {
    expect(decodeCardText(foreign2017Block({ zh: '' }), { today }).nameZh).toBeNull();
  });
});

describe('Foreign Permanent Resident ID card 2023 (Y, §2.5)', () => {
  const card = decodeCardText(foreign2023Block(), { today });

  it('decodes every field; no issuer in the chip', () => {
    expect(card).toMatchObject({
      kind: 'foreign-permanent-2023',
      typeCode: 'Y',
      nameZh: '玛丽亚',
      nameEn: Y_NAME,
      sex: 'female',
      birthDate: '1993-07-21',
      ethnicity: null,
      region: null,
      address: null,
      number: Y_NUMBER,
      issuer: null,
      validFrom: '2024-03-05',
      validUntil: '2034-03-04',
      passNumber: null,
      issueCount: null,
      renewalCount: 1,
      cardVersion: null,
      previousNumber: null,
    });
    expect(card.nationality).toMatchObject({ alpha3: 'ESP', alpha2: 'ES', numeric: '724' });
    expect(card.checks).toEqual({ numberChecksum: 'valid', birthDateMatchesNumber: true, sexMatchesNumber: true, expired: false });
  });

  it('joins the English name across 52–121 and 220–241 before trimming, keeping the space at the split', () => {
    expect(Y_NAME[35]).toBe(' ');
    expect(card.nameEn).toBe('GARCIA-FERNANDEZ DE LA TORRE, MARIA ISABEL');
    // A split right after a space: part 1 ends in a space that separate trimming would lose.
    const name = 'VAN DER BERG-HOLLAND, ALEXANDRA JO SOPHIE-ANNE';
    expect(name).toHaveLength(46);
    expect(name[34]).toBe(' ');
    expect(decodeCardText(foreign2023Block({ en: name }), { today }).nameEn).toBe(name);
  });

  it('is told from a resident card by byte 248, though its number passes MOD 11-2 too', () => {
    expect(card.kind).toBe('foreign-permanent-2023');
    const asResident = decodeCardText(residentBlock({ number: Y_NUMBER }), { today });
    expect(asResident.kind).toBe('resident');
    // The number shape is the cross-check: a '9…' number does not belong on a resident card.
    expect(asResident.checks.numberChecksum).toBe('invalid');
  });

  it('flags a number whose shape belongs to another card type', () => {
    expect(decodeCardText(foreign2023Block({ number: RES_NUMBER }), { today }).checks.numberChecksum).toBe('invalid');
    expect(decodeCardText(hmtBlock({ number: RES_NUMBER }), { today }).checks.numberChecksum).toBe('invalid');
    expect(decodeCardText(residentBlock({ number: J_NUMBER }), { today }).checks.numberChecksum).toBe('invalid');
  });

  it('rebuilds the 2017 number from the association field (§2.6)', () => {
    const c = decodeCardText(foreign2023Block({ assoc: '012' }), { today });
    // ESP + province 44 + city 01 + 930721 + sequence 2 + 7-3-1 check digit
    expect(c.previousNumber).toBe(c731('ESP4401930721' + '2'));
    expect(c.previousNumber).toHaveLength(15);
  });

  it('has no previous number when the association is blank or "000"', () => {
    expect(decodeCardText(foreign2023Block({ assoc: '' }), { today }).previousNumber).toBeNull();
    expect(decodeCardText(foreign2023Block({ assoc: '000' }), { today }).previousNumber).toBeNull();
    expect(rebuildPreviousNumber(Y_NUMBER, 'ESP', '0A1')).toBeNull();
  });

  it('reads renewal count 00 as 0', () => {
    expect(decodeCardText(foreign2023Block({ renew: '00' }), { today }).renewalCount).toBe(0);
  });
});

describe('bad text', () => {
  it('is UNSUPPORTED_CARD for an unknown type byte, naming it', () => {
    const text = residentBlock({ type: 'X' });
    const e = errorOf(() => decodeCardText(text, { today }));
    expect(e.code).toBe('UNSUPPORTED_CARD');
    expect(e.message).toContain("'X'");
  });

  it('is BAD_TEXT for a block of the wrong length', () => {
    expect(errorOf(() => decodeCardText(new Uint8Array(255), { today })).code).toBe('BAD_TEXT');
    expect(errorOf(() => decodeCardText(new Uint8Array(512), { today })).code).toBe('BAD_TEXT');
  });

  it('is BAD_TEXT for an impossible date', () => {
    for (const over of [{ birth: '19750230' }, { birth: '1975110' }, { from: '2012-6-1' }, { until: '20261301' }, { birth: '' }]) {
      expect(errorOf(() => decodeCardText(residentBlock(over), { today })).code).toBe('BAD_TEXT');
    }
  });

  it('accepts 29 February in a leap year only', () => {
    expect(decodeCardText(residentBlock({ birth: '20000229' }), { today }).birthDate).toBe('2000-02-29');
    expect(errorOf(() => decodeCardText(residentBlock({ birth: '19000229' }), { today })).code).toBe('BAD_TEXT');
  });

  it('trims NUL padding as well as spaces', () => {
    const text = block([
      ['周文华', 30],
      ['1', 2],
      ['08', 4],
      ['19751108', 16],
      ['', 70],
      [RES_NUMBER, 36],
      ['', 30],
      ['20120601', 16],
      ['长期', 16],
      ['', 28],
      [' ', 2],
      ['', 6],
    ]);
    text.fill(0, 6, 30); // name padded with NULs
    expect(decodeCardText(text, { today }).nameZh).toBe('周文华');
  });
});
