/**
 * UI text from _locales/<lang>/messages.json. chrome.i18n always follows the browser language;
 * CardFill's options can override it, so pages (and the background, for the context menu and
 * the toolbar title) load the chosen catalogue themselves and fall back to English for any
 * missing key (test/extension/locales.test.ts fails when a locale lacks a key).
 */
import browser from 'webextension-polyfill';

export type Lang = 'en' | 'zh_CN';
export type Catalogue = Record<string, { message: string; description?: string }>;
/**
 * Every message key, from the English catalogue: a key that is not in messages.json fails tsc. Keys built at run
 * time (from an error code, a reason) are checked with `messageKey()` first.
 */
export type MessageKey = keyof typeof import('../public/_locales/en/messages.json');

let catalogue: Catalogue = {};
let fallback: Catalogue = {};
let current: Lang = 'en';

function browserLang(): Lang {
  const ui = (browser.i18n?.getUILanguage?.() ?? globalThis.navigator?.language ?? 'en').toLowerCase();
  return ui.startsWith('zh') ? 'zh_CN' : 'en';
}

async function fetchCatalogue(lang: Lang): Promise<Catalogue> {
  const response = await fetch(browser.runtime.getURL(`_locales/${lang}/messages.json`));
  return (await response.json()) as Catalogue;
}

/** Load the catalogue for `lang` (null = the browser's language); returns the language in use. */
export async function loadLanguage(lang: Lang | null): Promise<Lang> {
  const chosen = lang ?? browserLang();
  const en = await fetchCatalogue('en');
  setMessages(chosen, chosen === 'en' ? en : await fetchCatalogue(chosen), en);
  return chosen;
}

/** Install catalogues directly (component tests load the JSON files themselves). */
export function setMessages(lang: Lang, messages: Catalogue, english: Catalogue): void {
  current = lang;
  catalogue = messages;
  fallback = english;
  // The service worker has no document; pages announce their language to screen readers.
  if (typeof document !== 'undefined') document.documentElement.lang = lang === 'zh_CN' ? 'zh-CN' : 'en';
}

export function language(): Lang {
  return current;
}

/** The message for `key`, with $1, $2 … replaced by `subs`. */
export function t(key: MessageKey, ...subs: (string | number)[]): string {
  const text = catalogue[key]?.message ?? fallback[key]?.message ?? key;
  return subs.reduce<string>((s, sub, i) => s.split(`$${i + 1}`).join(String(sub)), text);
}

/** True when the catalogue (or English) has `key` — for optional, code-specific messages. */
export function hasMessage(key: string): key is MessageKey {
  return key in catalogue || key in fallback;
}

/** A key built at run time, as a MessageKey when the catalogue has it, else null. */
export function messageKey(key: string): MessageKey | null {
  return hasMessage(key) ? key : null;
}
