/** Which screen each background state leads to, and the install command per browser. */
import { describe, expect, it } from 'vitest';
import { installCommand, popupView } from '../../extension/popup/view';
import { CardFillError, RETRIABLE_CODES, FATAL_CODES, type ErrorCode } from '../../src/errors';
import { baseState } from './fakes';

const withError = (code: ErrorCode) => baseState({ phase: 'error', error: new CardFillError(code, 'x').toJSON() });

describe('popupView', () => {
  it('gives every retriable reader state its own screen, and the rest the generic error with Retry', () => {
    const names = Object.fromEntries([...RETRIABLE_CODES, ...FATAL_CODES].map((code) => [code, popupView(withError(code)).name]));
    expect(names).toEqual({
      NO_READER: 'no-reader',
      NO_CARD: 'place-card',
      CARD_NOT_REPRESENTED: 'lift-and-place',
      CARD_REMOVED: 'error',
      READ_FAILED: 'error',
      SAM_ERROR: 'error',
      UNSUPPORTED_CARD: 'unsupported',
      BUSY: 'error',
      TIMEOUT: 'error',
      BAD_REQUEST: 'error',
      VERSION_MISMATCH: 'version-mismatch',
      INTERNAL: 'error',
    });
  });

  it('host problems come before reader states; reading and a held card before errors', () => {
    expect(popupView(null).name).toBe('connecting');
    expect(popupView(baseState({ host: { state: 'missing', version: null, reader: null, error: null, update: null } })).name).toBe(
      'host-missing',
    );
    expect(popupView(withError('HOST_NOT_FOUND')).name).toBe('host-missing');
    expect(popupView(withError('NOT_ALLOWED')).name).toBe('host-not-allowed');
    expect(popupView({ ...withError('NO_CARD'), phase: 'reading', readingSince: 1 })).toEqual({ name: 'reading', since: 1 });
    expect(popupView(baseState()).name).toBe('place-card');
  });

  it('the install command names this extension on Chrome/Edge, and the browser on Firefox', () => {
    expect(installCommand('kgmcdhopppdlggghpgbcmpgemaccdmoc')).toBe(
      'npx cardfill-host install --extension-id kgmcdhopppdlggghpgbcmpgemaccdmoc',
    );
    expect(installCommand('cardfill@cardfill.cn')).toBe('npx cardfill-host install --browser firefox');
  });
});
