import { render } from 'preact';
import { useState } from 'preact/hooks';
import { loadLanguage, type Lang } from '../shared/i18n';
import { loadSettings } from '../shared/settings';
import { Options } from './Options';

/** Re-renders everything when the language changes (the catalogue is module state). */
function Root({ initial }: { initial: Lang }) {
  const [lang, setLang] = useState(initial);
  return <Options key={lang} onLanguage={setLang} />;
}

const settings = await loadSettings();
const lang = await loadLanguage(settings.language);
document.title = 'CardFill';
render(<Root initial={lang} />, document.getElementById('app')!);
