/**
 * The background takes only correctable text facts from the popup's edited copy; kind, photo and
 * checks stay as read, and malformed edits are refused with a typed error.
 */
import { describe, expect, it } from 'vitest';
import { acceptEditedCard } from '../../../extension/background/edited-card';
import { CardFillError } from '../../../src/errors';
import { syntheticCard } from '../cards';

describe('acceptEditedCard', () => {
  it('takes corrected names, dates, sex and nationality, and looks the country up again', () => {
    const original = syntheticCard('foreign-2017');
    const edited = { ...original, nameEn: 'SMITH, JOHN', sex: 'female', birthDate: '1985-03-13', nationality: { alpha3: 'IRL' } };
    const card = acceptEditedCard(original, edited);
    expect(card.nameEn).toBe('SMITH, JOHN');
    expect(card.sex).toBe('female');
    expect(card.birthDate).toBe('1985-03-13');
    expect(card.nationality).toMatchObject({ alpha3: 'IRL', alpha2: 'IE', nameEn: 'Ireland' });
    expect(original.nameEn).toBe('SMITH, JOHN ROBERT');
  });

  it('keeps kind, type, photo and checks from the card it read, whatever the copy says', () => {
    const original = { ...syntheticCard('resident'), photo: { mime: 'image/png', base64: 'AAAA' } };
    const forged = {
      ...original,
      kind: 'foreign-permanent-2023',
      typeCode: 'Y',
      photo: { mime: 'text/html', base64: 'PHNjcmlwdD4=' },
      checks: { numberChecksum: 'valid' },
    };
    const card = acceptEditedCard(original, forged);
    expect(card.kind).toBe('resident');
    expect(card.typeCode).toBe('');
    expect(card.photo).toEqual(original.photo);
    expect(card.checks).toEqual(original.checks);
  });

  it('refuses an emptied number, a bad date, an unknown sex or control characters', () => {
    const original = syntheticCard('resident');
    for (const bad of [
      { number: '' },
      { birthDate: '12/07/1962' },
      { sex: 'x' },
      { nameZh: 'a\u0000b' },
      { validUntil: 'forever' },
      { nationality: { alpha3: 'ZZZZ' } },
    ]) {
      const attempt = () => acceptEditedCard(original, { ...original, ...bad });
      expect(attempt).toThrow(CardFillError);
      try {
        attempt();
      } catch (e) {
        expect((e as CardFillError).code).toBe('BAD_REQUEST');
      }
    }
    expect(() => acceptEditedCard(original, null)).toThrow(CardFillError);
  });

  it('accepts long-term validity and an emptied optional field', () => {
    const original = syntheticCard('hmt');
    const card = acceptEditedCard(original, { ...original, validUntil: 'long-term', passNumber: '  ' });
    expect(card.validUntil).toBe('long-term');
    expect(card.passNumber).toBeNull();
  });
});
