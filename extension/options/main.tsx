import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { loadLanguage, t } from '../shared/i18n';
import { loadSettings, saveSettings, type EffectiveSettings } from '../shared/settings';

function Options() {
  const [settings, setSettings] = useState<EffectiveSettings | null>(null);
  useEffect(() => void loadSettings().then(setSettings), []);
  if (!settings) return null;
  const locked = (key: string) => settings.locked.includes(key);
  const update = async (patch: Partial<EffectiveSettings>) => {
    await saveSettings(patch);
    setSettings(await loadSettings());
  };
  return (
    <main class="popup">
      <h1>{t('extName')}</h1>
      <label>
        {t('optionsReader')}{' '}
        <input
          value={settings.reader ?? ''}
          placeholder="auto"
          disabled={locked('reader')}
          onChange={(e) => void update({ reader: (e.target as HTMLInputElement).value.trim() || null })}
        />
      </label>
    </main>
  );
}

const settings = await loadSettings();
await loadLanguage(settings.language);
render(<Options />, document.getElementById('app')!);
