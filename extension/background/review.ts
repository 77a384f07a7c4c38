/**
 * Opening the review popup from the keyboard command, the context menu and staff mode
 *. The toolbar popup is best (it sits over the page); where
 * action.openPopup() is missing or refused (older Chrome, no focused window, Firefox without a
 * user action), a small window with popup.html?tab=ID acts on the same tab.
 */
import browser from 'webextension-polyfill';

export const POPUP_PAGE = 'extension/popup.html';
const WINDOW_SIZE = { width: 440, height: 680 };

/** Address of the review acting on `tabId` (popup/main.tsx reads ?tab=). */
export function reviewUrl(tabId: number | null): string {
  return browser.runtime.getURL(POPUP_PAGE) + (tabId !== null ? `?tab=${tabId}` : '');
}

type OpenPopup = (options?: object) => Promise<void>;

function actionOpenPopup(): OpenPopup | null {
  const action =
    (globalThis as { chrome?: { action?: { openPopup?: OpenPopup } } }).chrome?.action ??
    (browser.action as unknown as { openPopup?: OpenPopup } | undefined);
  return typeof action?.openPopup === 'function' ? action.openPopup.bind(action) : null;
}

/**
 * Show the review for `tabId`. `preferPopup` first tries the toolbar popup, which acts on the
 * active tab — so only when `tabId` is that tab. Returns how it was shown.
 */
export async function openReview(tabId: number | null, options: { activeTabId?: number | null } = {}): Promise<'popup' | 'window' | 'tab'> {
  const openPopup = actionOpenPopup();
  if (openPopup && (tabId === null || tabId === options.activeTabId)) {
    try {
      await openPopup();
      return 'popup';
    } catch {
      // Refused (no focused window, or not allowed here): fall through to a window.
    }
  }
  try {
    await browser.windows.create({ url: reviewUrl(tabId), type: 'popup', ...WINDOW_SIZE });
    return 'window';
  } catch {
    // Browsers without popup windows (Firefox for Android): a tab next to the page.
    await browser.tabs.create({ url: reviewUrl(tabId), active: true });
    return 'tab';
  }
}

/** The tab the person is looking at, if it is a web page (never one of CardFill's own pages). */
export async function activeWebTab(): Promise<number | null> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (!tab?.id || tab.id < 0) return null;
  if (tab.url && tab.url.startsWith(browser.runtime.getURL(''))) return null;
  return tab.id;
}
