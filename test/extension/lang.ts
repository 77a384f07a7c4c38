/** Install the real _locales catalogues for a component test. */
import { setMessages, type Catalogue, type Lang } from '../../extension/shared/i18n';
import en from '../../extension/public/_locales/en/messages.json';
import zh from '../../extension/public/_locales/zh_CN/messages.json';

export function useLanguage(lang: Lang): void {
  setMessages(lang, (lang === 'en' ? en : zh) as Catalogue, en as Catalogue);
}
