/** fast-check properties of the card text codec: round trips, and only typed errors on bad input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCardText } from '../../src/card/decode';
import { encodeCardText, type CardTextFields } from '../../src/card/encode';
import { SYNTHETIC_CARDS, SYNTHETIC_CARD_NAMES } from '../../src/card/synthetic';
import { CardFillError } from '../../src/errors';

const today = '2026-01-15';
const upperName = (max: number) =>
  fc
    .array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ ,-'.split('')), { minLength: 1, maxLength: max })
    .map((a) => a.join('').trim())
    .filter((s) => s.length > 0);
const hanName = (max: number) =>
  fc.array(fc.integer({ min: 0x4e00, max: 0x9fa5 }), { minLength: 1, maxLength: max }).map((a) => String.fromCharCode(...a));
const date = fc
  .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const iso = (yyyymmdd: string) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6)}`;

describe('card text round trip (property)', () => {
  it('Y cards: any English name up to 46 characters survives the split at 35', () => {
    fc.assert(
      fc.property(upperName(46), hanName(15), date, date, date, (nameEn, nameZh, birth, from, until) => {
        const fields: CardTextFields = {
          typeCode: 'Y',
          nameZh,
          nameEn,
          sex: '1',
          renewalCount: '02',
          birthDate: birth,
          number: '9' + '1'.repeat(17),
          validFrom: from,
          validUntil: until,
          nationality: 'FRA',
        };
        const card = decodeCardText(encodeCardText(fields), { today });
        expect(card.nameEn).toBe(nameEn);
        expect(card.nameZh).toBe(nameZh);
        expect([card.birthDate, card.validFrom, card.validUntil]).toEqual([iso(birth), iso(from), iso(until)]);
        expect(card.renewalCount).toBe(2);
      }),
      { numRuns: 200 },
    );
  });

  it('resident and J cards: names, addresses, numbers and dates come back as written', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', 'J'),
        hanName(15),
        hanName(35),
        digits(17),
        date,
        fc.constantFrom('1', '2'),
        (typeCode, nameZh, address, first17, birth, sex) => {
          const number = first17 + '0';
          const fields: CardTextFields = {
            typeCode,
            nameZh,
            sex,
            ethnicity: typeCode === '' ? '01' : undefined,
            birthDate: birth,
            address,
            number,
            issuer: '某市公安局',
            validFrom: birth,
            validUntil: '长期',
            passNumber: typeCode === 'J' ? 'H00000001' : undefined,
            issueCount: typeCode === 'J' ? '03' : undefined,
          };
          const card = decodeCardText(encodeCardText(fields), { today });
          expect(card).toMatchObject({ nameZh, address, number, birthDate: iso(birth), validUntil: 'long-term', issuer: '某市公安局' });
          if (typeCode === 'J') expect(card).toMatchObject({ passNumber: 'H00000001', issueCount: 3 });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('bad text only ever gives typed errors (property)', () => {
  const allowed = new Set(['BAD_TEXT', 'UNSUPPORTED_CARD']);
  const check = (text: Uint8Array) => {
    try {
      const card = decodeCardText(text, { today });
      expect(typeof card.number).toBe('string');
    } catch (e) {
      expect(e).toBeInstanceOf(CardFillError);
      expect(allowed.has((e as CardFillError).code)).toBe(true);
    }
  };

  it('random blocks of any length', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), check), { numRuns: 500 });
    fc.assert(fc.property(fc.uint8Array({ minLength: 256, maxLength: 256 }), check), { numRuns: 500 });
  });

  it('synthetic cards with bytes mutated anywhere', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SYNTHETIC_CARD_NAMES),
        fc.array(fc.tuple(fc.nat({ max: 255 }), fc.nat({ max: 255 })), { minLength: 1, maxLength: 8 }),
        (name, edits) => {
          const text = SYNTHETIC_CARDS[name].text.slice();
          for (const [at, value] of edits) text[at] = value;
          check(text);
        },
      ),
      { numRuns: 500 },
    );
  });
});
