/**
 * The keyboard command `read-card` and the context-menu entry "Fill from ID card" on editable
 * fields. Both are user gestures on one tab: the review opens for that tab and a read
 * starts, unless a card read earlier is still held (the person asked to fill, not to read again).
 */
import browser from 'webextension-polyfill';
import { openReview } from './review';

export const READ_COMMAND = 'read-card';
export const MENU_ID = 'cardfill-fill-from-card';

export interface ShortcutDeps {
  hasCard: () => boolean;
  readCard: () => Promise<unknown>;
  /** The menu title in the language in use. */
  menuTitle: () => string;
  open?: typeof openReview;
}

export async function reviewAndRead(tabId: number | null, deps: ShortcutDeps): Promise<void> {
  // Open first: the popup must open while the gesture is fresh, and it then shows the read's progress.
  const shown = (deps.open ?? openReview)(tabId, { activeTabId: tabId }).catch(() => undefined);
  if (!deps.hasCard()) await deps.readCard();
  await shown;
}

/** (Re)create the context-menu entry, e.g. after the language changed. */
export async function createMenu(deps: ShortcutDeps): Promise<void> {
  if (!browser.contextMenus) return;
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: MENU_ID, title: deps.menuTitle(), contexts: ['editable'] });
}

export function registerShortcuts(deps: ShortcutDeps): void {
  browser.commands?.onCommand.addListener((command, tab) => {
    if (command === READ_COMMAND) void reviewAndRead(tab?.id ?? null, deps);
  });
  browser.contextMenus?.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_ID) void reviewAndRead(tab?.id ?? null, deps);
  });
}
