/**
 * Message keys are typed from the English catalogue (extension/shared/i18n.ts MessageKey): a key that is not in
 * messages.json fails tsc (test/typecheck.test.ts). The @ts-expect-error lines below are that proof: if the key
 * type ever widened to string, they would be unused and tsc would fail.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fakes')).fakeBrowser }));

import en from '../../extension/public/_locales/en/messages.json';
import { messageKey, setMessages, t, type Catalogue, type MessageKey } from '../../extension/shared/i18n';

describe('typed message keys', () => {
  it('a real key type-checks and is looked up; a wrong key is refused by tsc', () => {
    setMessages('en', en as Catalogue, en as Catalogue);
    expect(t('addSite')).toBe(en.addSite.message);
    // @ts-expect-error: not a key of messages.json
    expect(t('noSuchMessageKey')).toBe('noSuchMessageKey');
    // @ts-expect-error: a plain string is not a MessageKey
    const k: MessageKey = 'addSite' as string;
    expect(k).toBe('addSite');
  });

  it('keys built at run time go through messageKey()', () => {
    setMessages('en', en as Catalogue, en as Catalogue);
    expect(messageKey('addSite')).toBe('addSite');
    expect(messageKey('error_NO_SUCH_CODE')).toBeNull();
  });
});
