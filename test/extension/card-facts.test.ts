/** The pure facts behind the card view: masking, check digits of edited numbers, validity, edits as a copy. */
import { describe, expect, it } from 'vitest';
import { applyEdits, displayablePhoto, effectiveEdits, maskNumber, numberCheck, validity } from '../../extension/popup/card-facts';
import { syntheticCard } from './cards';

describe('card facts', () => {
  it('masks the middle of 18- and 15-character numbers', () => {
    expect(maskNumber('33010619620712003X')).toBe('330106••••••••003X');
    expect(maskNumber('GBR310085031217')).toBe('GBR•••••••••217');
    expect(maskNumber('12345')).toBe('•••••');
  });

  it('checks the number the person typed: MOD 11-2 for 18 characters, 7-3-1 for 15', () => {
    const resident = syntheticCard('resident').number;
    expect(numberCheck(resident)).toBe('valid');
    expect(numberCheck(resident.slice(0, 17) + (resident[17] === '0' ? '1' : '0'))).toBe('invalid');
    expect(numberCheck(syntheticCard('foreign-2017').number)).toBe('valid');
    expect(numberCheck(syntheticCard('foreign-2017-bad-check').number)).toBe('invalid');
    expect(numberCheck('123')).toBe('invalid');
  });

  it('validity: valid through the last day, expiring within 30 days, long-term never expires', () => {
    expect(validity('2026-03-01', '2026-03-01')).toBe('expiring-soon');
    expect(validity('2026-02-28', '2026-03-01')).toBe('expired');
    expect(validity('2026-03-31', '2026-03-01')).toBe('expiring-soon');
    expect(validity('2026-04-01', '2026-03-01')).toBe('valid');
    expect(validity('long-term', '2026-03-01')).toBe('long-term');
  });

  it('edits make a copy and never touch the card as read', () => {
    const card = syntheticCard('resident');
    const copy = applyEdits(card, { nameZh: ' 陈思 ', ethnicity: '03', address: '' });
    expect(copy.nameZh).toBe('陈思');
    expect(copy.ethnicity).toEqual({ code: '03', nameZh: '回族' });
    expect(copy.address).toBeNull();
    expect(card.nameZh).toBe('陈思远');
    expect(card.ethnicity?.code).toBe('01');
    expect(effectiveEdits(card, { nameZh: '陈思远', address: 'x' })).toEqual({ address: 'x' });
  });

  it('only images the browser can show become a photo; WLT and odd data do not', () => {
    const card = syntheticCard('resident');
    expect(displayablePhoto({ ...card, photo: { mime: 'image/jpeg', base64: '/9j/4AAQ' } })).toBe('data:image/jpeg;base64,/9j/4AAQ');
    expect(displayablePhoto({ ...card, photo: { mime: 'application/x-wlt', base64: 'V0xU' } })).toBeNull();
    expect(displayablePhoto({ ...card, photo: { mime: 'image/svg+xml', base64: 'PHN2Zz4=' } })).toBeNull();
    expect(displayablePhoto({ ...card, photo: { mime: 'image/png', base64: 'a"onerror="x' } })).toBeNull();
  });
});
