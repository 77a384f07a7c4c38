/**
 * UI text from _locales/<lang>/messages.json. chrome.i18n always follows the browser language;
 * CardFill's options can override it, so pages load the chosen catalogue themselves and fall back
 * to English for any missing key (a test fails when a locale lacks a key).
 */
import browser from 'webextension-polyfill';

export type Lang = 'en' | 'zh_CN';
type Catalogue = Record<string, { message: string }>;

let catalogue: Catalogue = {};
let fallback: Catalogue = {};
let current: Lang = 'en';

export function browserLang(): Lang {
  const ui = (browser.i18n?.getUILanguage?.() ?? navigator.language ?? 'en').toLowerCase();
  return ui.startsWith('zh') ? 'zh_CN' : 'en';
}

async function fetchCatalogue(lang: Lang): Promise<Catalogue> {
  const response = await fetch(browser.runtime.getURL(`_locales/${lang}/messages.json`));
  return (await response.json()) as Catalogue;
}

export async function loadLanguage(lang: Lang | null): Promise<Lang> {
  current = lang ?? browserLang();
  fallback = await fetchCatalogue('en');
  catalogue = current === 'en' ? fallback : await fetchCatalogue(current);
  document.documentElement.lang = current === 'zh_CN' ? 'zh-CN' : 'en';
  return current;
}

export function language(): Lang {
  return current;
}

/** The message for `key`, with $1, $2 … replaced by `subs`. */
export function t(key: string, ...subs: (string | number)[]): string {
  const text = catalogue[key]?.message ?? fallback[key]?.message ?? key;
  return subs.reduce<string>((s, sub, i) => s.split(`$${i + 1}`).join(String(sub)), text);
}
