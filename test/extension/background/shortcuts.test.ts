/**
 * The keyboard command and the context menu open the review for their tab and read the card
 * (unless a card is still held); the review is the toolbar popup when the browser allows it,
 * else a small window with popup.html?tab=ID.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  const listeners = {
    command: [] as ((c: string, tab?: { id?: number }) => void)[],
    menu: [] as ((i: { menuItemId: string }, tab?: { id?: number }) => void)[],
  };
  return {
    listeners,
    browser: {
      runtime: { getURL: (p: string) => `chrome-extension://abc/${p}` },
      commands: { onCommand: { addListener: (l: (c: string, tab?: { id?: number }) => void) => listeners.command.push(l) } },
      contextMenus: {
        removeAll: vi.fn(async () => undefined),
        create: vi.fn(),
        onClicked: { addListener: (l: (i: { menuItemId: string }, tab?: { id?: number }) => void) => listeners.menu.push(l) },
      },
      windows: { create: vi.fn(async () => ({})) },
      tabs: { create: vi.fn(async () => ({})), query: vi.fn(async () => []) },
      action: { openPopup: undefined as undefined | (() => Promise<void>) },
    },
  };
});
vi.mock('webextension-polyfill', () => ({ default: fake.browser }));

import { MENU_ID, createMenu, registerShortcuts, reviewAndRead } from '../../../extension/background/shortcuts';
import { openReview, reviewUrl } from '../../../extension/background/review';

beforeEach(() => {
  vi.clearAllMocks();
  fake.listeners.command.length = 0;
  fake.listeners.menu.length = 0;
  fake.browser.action.openPopup = undefined;
  (globalThis as { chrome?: unknown }).chrome = undefined;
});

describe('shortcuts', () => {
  it('the read-card command opens the review for its tab and reads the card', async () => {
    const readCard = vi.fn(async () => ({ ok: true }));
    registerShortcuts({ hasCard: () => false, readCard, menuTitle: () => 'Fill from ID card' });
    fake.listeners.command[0]!('read-card', { id: 42 });
    await vi.waitFor(() => expect(readCard).toHaveBeenCalledTimes(1));
    expect(fake.browser.windows.create).toHaveBeenCalledWith(
      expect.objectContaining({ url: 'chrome-extension://abc/extension/popup.html?tab=42', type: 'popup' }),
    );
    fake.listeners.command[0]!('something-else', { id: 42 });
    expect(readCard).toHaveBeenCalledTimes(1);
  });

  it('the context menu reuses a card still held instead of reading again', async () => {
    const readCard = vi.fn(async () => ({ ok: true }));
    const open = vi.fn(async () => 'popup' as const);
    await reviewAndRead(5, { hasCard: () => true, readCard, menuTitle: () => '', open });
    expect(open).toHaveBeenCalledWith(5, { activeTabId: 5 });
    expect(readCard).not.toHaveBeenCalled();
    registerShortcuts({ hasCard: () => false, readCard, menuTitle: () => '' });
    fake.listeners.menu[0]!({ menuItemId: MENU_ID }, { id: 9 });
    await vi.waitFor(() => expect(readCard).toHaveBeenCalledTimes(1));
  });

  it('creates one entry for editable fields, titled in the language in use', async () => {
    await createMenu({ hasCard: () => false, readCard: async () => undefined, menuTitle: () => '用证件填写' });
    expect(fake.browser.contextMenus.removeAll).toHaveBeenCalled();
    expect(fake.browser.contextMenus.create).toHaveBeenCalledWith({ id: MENU_ID, title: '用证件填写', contexts: ['editable'] });
  });

  it('uses the toolbar popup when the browser offers it, and a window when it refuses', async () => {
    const openPopup = vi.fn(async () => undefined);
    fake.browser.action.openPopup = openPopup;
    expect(await openReview(3, { activeTabId: 3 })).toBe('popup');
    expect(fake.browser.windows.create).not.toHaveBeenCalled();
    openPopup.mockRejectedValueOnce(new Error('no focused window'));
    expect(await openReview(3, { activeTabId: 3 })).toBe('window');
    // The toolbar popup acts on the active tab only: another tab gets the window.
    expect(await openReview(8, { activeTabId: 3 })).toBe('window');
    expect(reviewUrl(null)).toBe('chrome-extension://abc/extension/popup.html');
  });
});
