// @vitest-environment happy-dom
/**
 * Every popup state has a sentence and the one action that helps. The background is
 * faked at its edges (state port, UiProtocol); the components, store, view logic and the real
 * _locales catalogues are what run.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, act } from '@testing-library/preact';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fakes')).fakeBrowser }));
vi.mock('../../extension/shared/messages', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  ui: (await import('./fakes')).fakeUi,
}));

import { App } from '../../extension/popup/App';
import { resetPopupState } from '../../extension/popup/store';
import { CardFillError } from '../../src/errors';
import type { PublicState } from '../../extension/shared/messages';
import { EXTENSION_ID, baseState, fakeBrowser, fakeUi, handlers, pushState, resetFakes } from './fakes';
import { useLanguage } from './lang';
import { syntheticCard } from './cards';

function show(state: PublicState | null) {
  const view = render(<App fixedTabId={7} />);
  if (state) act(() => pushState(state));
  return view;
}
const error = (code: ConstructorParameters<typeof CardFillError>[0], message = 'host words') => new CardFillError(code, message).toJSON();

beforeEach(() => {
  resetFakes();
  resetPopupState();
  useLanguage('en');
  handlers['readCard'] = () => ({ ok: true });
});
afterEach(() => cleanup());

describe('popup states', () => {
  it('says it is connecting before the background has answered', () => {
    show(null);
    expect(screen.getByText('Connecting to CardFill…')).toBeTruthy();
  });

  it('host not installed: says so and shows the exact install command for this extension, with Check again', () => {
    const { container } = show(
      baseState({
        host: { state: 'missing', version: null, reader: null, error: error('HOST_NOT_FOUND'), update: null },
        phase: 'error',
        error: error('HOST_NOT_FOUND'),
      }),
    );
    expect(screen.getByText('The CardFill host program is not installed on this computer.')).toBeTruthy();
    expect(container.querySelector('[data-command]')!.textContent).toBe(`npx cardfill-host install --extension-id ${EXTENSION_ID}`);
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    expect(fakeUi.sendMessage).toHaveBeenCalledWith('readCard', undefined);
  });

  it('version mismatch: names the side to update (host older)', () => {
    show(
      baseState({
        host: { state: 'mismatch', version: null, reader: null, error: error('VERSION_MISMATCH'), update: 'host' },
        phase: 'error',
        error: error('VERSION_MISMATCH'),
      }),
    );
    expect(screen.getByText('The CardFill host program is older than the extension: update the host.')).toBeTruthy();
    expect(screen.getByText('npx cardfill-host@latest install')).toBeTruthy();
  });

  it('version mismatch: names the side to update (extension older)', () => {
    show(
      baseState({
        host: { state: 'mismatch', version: null, reader: null, error: null, update: 'extension' },
        phase: 'error',
        error: error('VERSION_MISMATCH'),
      }),
    );
    expect(screen.getByText(/update the extension in your browser/)).toBeTruthy();
    expect(screen.queryByText('npx cardfill-host@latest install')).toBeNull();
  });

  it('no reader: sentence, remedy, Retry and a way to choose the reader', () => {
    const { container } = show(baseState({ phase: 'error', error: error('NO_READER') }));
    expect(container.querySelector('[data-error-code=NO_READER]')).toBeTruthy();
    expect(screen.getByText('No card reader was found.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Choose a reader' }));
    expect(fakeBrowser.runtime.openOptionsPage).toHaveBeenCalled();
    fireEvent.click(container.querySelector('[data-action=retry]')!);
    expect(fakeUi.sendMessage).toHaveBeenCalledWith('readCard', undefined);
  });

  it('idle: asks to place the card, and Read card starts a read', () => {
    const { container } = show(baseState());
    expect(screen.getByText('Place the ID card on the reader, then click Read card.')).toBeTruthy();
    fireEvent.click(container.querySelector('[data-action=read]')!);
    expect(fakeUi.sendMessage).toHaveBeenCalledWith('readCard', undefined);
  });

  it('no card on the reader: place the card, with Try again', () => {
    show(baseState({ phase: 'error', error: error('NO_CARD') }));
    expect(screen.getByText('No card is on the reader.')).toBeTruthy();
    expect(screen.getByText('Place the card flat on the reader and try again.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('reading: shows progress and the seconds spent', () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    try {
      vi.setSystemTime(new Date('2026-03-01T10:00:03Z'));
      const { container } = show(baseState({ phase: 'reading', readingSince: Date.parse('2026-03-01T10:00:00Z') }));
      expect(screen.getByText('Reading the card… keep it on the reader.')).toBeTruthy();
      expect(screen.getByRole('progressbar', { name: 'Reading the card' })).toBeTruthy();
      expect(container.querySelector('[data-reading-seconds]')!.getAttribute('data-reading-seconds')).toBe('3');
    } finally {
      vi.useRealTimers();
    }
  });

  it('card not lifted since the last read: lift and place again, then Read again', () => {
    const { container } = show(baseState({ phase: 'error', error: error('CARD_NOT_REPRESENTED') }));
    expect(screen.getByText('Lift the card and place it again.')).toBeTruthy();
    expect(container.querySelector('[data-action=retry]')!.textContent).toBe('Read again');
  });

  it('unsupported card: says which cards CardFill reads', () => {
    show(baseState({ phase: 'error', error: error('UNSUPPORTED_CARD') }));
    expect(screen.getByText('This kind of card is not supported.')).toBeTruthy();
    expect(screen.getByText(/reads Resident ID cards, HK\/Macau\/Taiwan residence permits/)).toBeTruthy();
  });

  it("any other error: the sentence for its code, the remedy, the host's own words and Retry", () => {
    const { container } = show(baseState({ phase: 'error', error: error('SAM_ERROR', 'SAM answered 0x21') }));
    expect(screen.getByRole('alert').textContent).toContain('The reader’s security module failed.');
    expect(screen.getByText('SAM answered 0x21')).toBeTruthy();
    fireEvent.click(container.querySelector('[data-action=retry]')!);
    expect(fakeUi.sendMessage).toHaveBeenCalledWith('readCard', undefined);
  });

  it('host refuses this extension: the registration command', () => {
    show(baseState({ phase: 'error', error: error('NOT_ALLOWED') }));
    expect(screen.getByText(`npx cardfill-host install --extension-id ${EXTENSION_ID}`)).toBeTruthy();
  });

  it('card shown: names, kind badge, masked number, countdown and Clear', () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    try {
      vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
      const card = syntheticCard('foreign-2023');
      const { container } = show(baseState({ phase: 'card', card, expiresAt: Date.now() + 95_000 }));
      const text = container.querySelector('.card')!.textContent!;
      expect(text).toContain('贝亚历');
      expect(text).toContain('VAN DER BERG-HOLLAND, ALEXANDRA JO SOPHIE-ANNE');
      expect(text).toContain('931528••••••••0048'.replace('0048', card.number.slice(-4)));
      expect(text).not.toContain(card.number);
      expect(container.querySelector('.kind')!.textContent).toContain('Foreign Permanent Resident ID (2023)');
      expect(container.querySelector('[data-countdown]')!.textContent).toBe('Card data is cleared in 1:35');
      handlers['clearCard'] = () => ({ ok: true });
      fireEvent.click(container.querySelector('[data-action=clear]')!);
      expect(fakeUi.sendMessage).toHaveBeenCalledWith('clearCard', undefined);
    } finally {
      vi.useRealTimers();
    }
  });

  it('staff mode: says it is watching and shows the count of fills today', () => {
    const { container } = show(baseState({ staffMode: true, watching: true, fillsToday: 3 }));
    expect(container.querySelector('[data-fills-today]')!.textContent).toBe('Fills today: 3');
    expect(screen.getByText(/place the next card on the reader/)).toBeTruthy();
  });

  it('speaks Chinese when the language is zh_CN', () => {
    useLanguage('zh_CN');
    show(baseState({ phase: 'error', error: error('CARD_NOT_REPRESENTED') }));
    expect(screen.getByText('请拿起证件，再重新放上。')).toBeTruthy();
    expect(document.documentElement.lang).toBe('zh-CN');
  });
});
