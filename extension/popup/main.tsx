import { render } from 'preact';
import { App } from './App';
import { loadLanguage } from '../shared/i18n';
import { loadSettings } from '../shared/settings';

/** `popup.html?tab=<id>` acts on that tab (opened by the keyboard command, the context menu and tests). */
function tabFromUrl(): number | null {
  const raw = new URLSearchParams(location.search).get('tab');
  return raw !== null && /^\d+$/.test(raw) ? Number(raw) : null;
}

const settings = await loadSettings();
await loadLanguage(settings.language);
render(<App fixedTabId={tabFromUrl()} />, document.getElementById('app')!);
