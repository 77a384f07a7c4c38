import { describe, expect, it } from 'vitest';
import { icao731CheckDigit, isValidIcao731, isValidMod11_2, mod11_2CheckDigit } from '../../src/card/check-digits';

// docs/card-format.md §4: the official and documented example numbers.
describe('official example numbers validate as documented', () => {
  it('2023 foreign numbers pass MOD 11-2', () => {
    for (const n of ['932682198501010017', '911124198108030024', '931586198001010028']) expect(isValidMod11_2(n)).toBe(true);
  });

  it('the 2017 NIA example passes 7-3-1 and the vendor specimen fails it', () => {
    expect(isValidIcao731('KAZ110090123105')).toBe(true);
    expect(isValidIcao731('CAN110081080319')).toBe(false);
  });

  it('J examples and the standard resident test value pass MOD 11-2', () => {
    for (const n of ['810000199408230021', '830000199201300022', '810000199408230013', '11010519491231002X'])
      expect(isValidMod11_2(n)).toBe(true);
    expect(isValidMod11_2('11010519491231002x')).toBe(true);
  });
});

describe('check digit computation', () => {
  it('MOD 11-2 maps sum mod 11 through 1 0 X 9 8 7 6 5 4 3 2', () => {
    expect(mod11_2CheckDigit('11010519491231002')).toBe('X');
    expect(mod11_2CheckDigit('1101051949123100')).toBeNull();
    expect(mod11_2CheckDigit('1101051949123100A')).toBeNull();
  });

  it('rejects a changed digit', () => {
    expect(isValidMod11_2('932682198501010018')).toBe(false);
    expect(isValidMod11_2('93268219850101001')).toBe(false);
  });

  it('7-3-1 weighs letters A=10 … Z=35', () => {
    expect(icao731CheckDigit('KAZ11009012310')).toBe('5');
    expect(icao731CheckDigit('KAZ1100901231')).toBeNull();
    expect(isValidIcao731('kaz110090123105')).toBe(false);
  });
});
