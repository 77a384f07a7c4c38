import { describe, expect, it } from 'vitest';
import { isValidIcao731, isValidMod11_2 } from '../../src/card/check-digits.js';
import { CARDS } from './cards.js';

describe('synthetic test cards', () => {
  it('carry valid check digits', () => {
    for (const card of Object.values(CARDS)) {
      expect(card.number.length === 15 ? isValidIcao731(card.number) : isValidMod11_2(card.number)).toBe(true);
    }
  });
});
