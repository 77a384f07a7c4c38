import browser from 'webextension-polyfill';
import { useEffect, useState } from 'preact/hooks';
import { loadLanguage, t, type Lang, type MessageKey } from '../shared/i18n';
import { ui } from '../shared/messages';
import {
  CLEAR_AFTER_MAX,
  CLEAR_AFTER_MIN_UI,
  DEFAULT_SETTINGS,
  loadSettings,
  normaliseSite,
  saveSettings,
  type EffectiveSettings,
  type ManageableKey,
  type Settings,
} from '../shared/settings';
import { installCommand } from '../popup/view';
import {
  loadSiteRules,
  removeSiteRule,
  saveSiteRule,
  SITE_RULES_KEY,
  TAUGHT_FIELDS,
  type EffectiveSiteRule,
  type TaughtField,
} from '../shared/site-rules';
import { errorLine, hostReportLines, type ReportLine } from './host-report';
import {
  parseReaderSpec,
  readerSpecOf,
  SERIAL_SUGGESTIONS,
  SERVICES,
  serviceCommand,
  vendorLibraryCommand,
  type ReaderChoice,
  type ReaderKind,
  type ServiceName,
} from './reader-spec';
import { ReadersDoc } from './readers-doc';

/** The options page: reader, host check, data lifetime, site list, staff mode, language. */
export function Options({ onLanguage }: { onLanguage?: (lang: Lang) => void }) {
  const [settings, setSettings] = useState<EffectiveSettings | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => void loadSettings().then(setSettings), []);
  if (!settings) return <p class="muted">{t('stateConnecting')}</p>;
  const locked = (key: ManageableKey) => settings.locked.includes(key);
  const update = async (patch: Partial<Settings>) => {
    await saveSettings(patch);
    const next = await loadSettings();
    setSettings(next);
    setSaved(true);
    if ('language' in patch) {
      const lang = await loadLanguage(next.language);
      onLanguage?.(lang);
    }
  };
  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      {settings.locked.length > 0 && (
        <p class="managed-note" data-managed>
          {t('managedNote')}
        </p>
      )}
      <p class="sr-only" role="status">
        {saved ? t('saved') : ''}
      </p>
      <ReaderSection settings={settings} locked={locked('reader')} update={update} />
      <HostCheck />
      <LifetimeSection settings={settings} locked={locked} update={update} />
      <SitesSection settings={settings} locked={locked('siteAllowList')} update={update} />
      <RulesSection />
      <section aria-labelledby="staff-h">
        <h2 id="staff-h">{t('optionsStaffTitle')}</h2>
        <Check
          id="staffMode"
          label={t('optionsStaffMode')}
          checked={settings.staffMode}
          locked={locked('staffMode')}
          onChange={(v) => void update({ staffMode: v })}
          help={t('optionsStaffHelp')}
        />
      </section>
      <section aria-labelledby="lang-h">
        <h2 id="lang-h">{t('optionsLanguageTitle')}</h2>
        <label for="language">{t('optionsLanguage')}</label>{' '}
        <select
          id="language"
          data-setting="language"
          value={settings.language ?? ''}
          disabled={locked('language')}
          aria-describedby={locked('language') ? 'language-locked' : undefined}
          onChange={(e) => {
            const v = (e.target as HTMLSelectElement).value;
            void update({ language: v === 'en' || v === 'zh_CN' ? v : null });
          }}
        >
          <option value="">{t('languageBrowser')}</option>
          <option value="en" lang="en">
            English
          </option>
          <option value="zh_CN" lang="zh-CN">
            简体中文
          </option>
        </select>
        <Locked id="language-locked" show={locked('language')} />
      </section>
    </main>
  );
}

function Locked({ id, show }: { id: string; show: boolean }) {
  if (!show) return null;
  return (
    <span class="locked" id={id} data-locked>
      <span aria-hidden="true">🔒 </span>
      {t('lockedByPolicy')}
    </span>
  );
}

function Check(props: { id: string; label: string; checked: boolean; locked: boolean; onChange: (v: boolean) => void; help?: string }) {
  const described = [props.help ? `${props.id}-help` : '', props.locked ? `${props.id}-locked` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <input
        type="checkbox"
        id={props.id}
        data-setting={props.id}
        checked={props.checked}
        disabled={props.locked}
        aria-describedby={described || undefined}
        onChange={(e) => props.onChange((e.target as HTMLInputElement).checked)}
      />{' '}
      <label for={props.id}>{props.label}</label> <Locked id={`${props.id}-locked`} show={props.locked} />
      {props.help && (
        <p class="muted small" id={`${props.id}-help`}>
          {props.help}
        </p>
      )}
    </div>
  );
}

type Update = (patch: Partial<Settings>) => Promise<void>;

/** The serial ports the host sees on this computer (its status reply), listed first when a serial reader is chosen. */
function useSerialPorts(wanted: boolean): string[] {
  const [ports, setPorts] = useState<string[]>([]);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    ui.sendMessage('hostDoctor', undefined)
      .then((result) => {
        if (live && result.ok) setPorts(result.report.status?.serialPorts ?? []);
      })
      .catch(() => undefined); // no host: the usual names are still offered
    return () => {
      live = false;
    };
  }, [wanted]);
  return ports;
}

function ReaderSection({ settings, locked, update }: { settings: EffectiveSettings; locked: boolean; update: Update }) {
  const [choice, setChoice] = useState<ReaderChoice>(() => parseReaderSpec(settings.reader));
  const [error, setError] = useState<MessageKey | null>(null);
  const ports = useSerialPorts(choice.kind === 'serial');
  const kinds: ReaderKind[] = ['auto', 'usb', 'serial', 'service', 'sdtapi', 'sim'];
  const save = (next: ReaderChoice) => {
    setChoice(next);
    const result = readerSpecOf(next);
    if ('error' in result) {
      setError(result.error);
      return;
    }
    setError(null);
    void update({ reader: result.spec });
  };
  const pick = (kind: ReaderKind) => {
    const next: ReaderChoice =
      kind === 'auto'
        ? { kind }
        : kind === 'usb'
          ? { kind, id: '' }
          : kind === 'serial'
            ? { kind, path: '', baud: '' }
            : kind === 'service'
              ? { kind, name: 'decard', url: null }
              : kind === 'sdtapi'
                ? { kind, library: '', port: '' }
                : { kind, card: '' };
    if (kind === 'auto' || kind === 'sim' || kind === 'usb' || kind === 'service') save(next);
    else {
      setChoice(next);
      setError(null);
    }
  };
  return (
    <section aria-labelledby="reader-h">
      <h2 id="reader-h">{t('optionsReaderTitle')}</h2>
      <fieldset disabled={locked} aria-describedby={locked ? 'reader-locked' : undefined}>
        <legend>
          {t('optionsReader')} <Locked id="reader-locked" show={locked} />
        </legend>
        {kinds.map((kind) => (
          <div class="field" key={kind}>
            <input
              type="radio"
              name="reader"
              id={`reader-${kind}`}
              data-reader={kind}
              checked={choice.kind === kind}
              onChange={() => pick(kind)}
            />{' '}
            <label for={`reader-${kind}`}>{t(`reader_${kind}`)}</label>
          </div>
        ))}
        {choice.kind === 'usb' && (
          <div class="sub">
            <label for="usb-id">{t('readerUsbId')}</label>
            <input
              id="usb-id"
              placeholder="0400:c35a"
              aria-describedby="usb-help"
              value={choice.id}
              onChange={(e) => save({ ...choice, id: (e.target as HTMLInputElement).value })}
            />
          </div>
        )}
        {choice.kind === 'usb' && (
          <p class="muted small local-config" id="usb-help">
            {t('readerUsbHelp')}
          </p>
        )}
        {choice.kind === 'serial' && (
          <div class="sub">
            <label for="serial-path">{t('readerSerialPath')}</label>
            <input
              id="serial-path"
              list="serial-list"
              value={choice.path}
              onChange={(e) => save({ ...choice, path: (e.target as HTMLInputElement).value })}
            />
            <datalist id="serial-list" data-ports={ports.join(' ')}>
              {[...ports, ...SERIAL_SUGGESTIONS.filter((p) => !ports.includes(p))].map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
            <label for="serial-baud">{t('readerBaud')}</label>
            <input
              id="serial-baud"
              inputMode="numeric"
              placeholder="115200"
              value={choice.baud}
              onChange={(e) => save({ ...choice, baud: (e.target as HTMLInputElement).value })}
            />
          </div>
        )}
        {choice.kind === 'service' && (
          <div class="sub">
            <label for="service-name">{t('readerService')}</label>
            <select
              id="service-name"
              data-service={choice.name}
              aria-describedby="service-help"
              value={choice.name}
              onChange={(e) => save({ kind: 'service', name: (e.target as HTMLSelectElement).value as ServiceName, url: null })}
            >
              {SERVICES.map((v) => (
                <option key={v.name} value={v.name}>
                  {t(`reader_service_${v.name}`, v.url)}
                </option>
              ))}
            </select>
          </div>
        )}
        {choice.kind === 'service' && (
          <div class="local-config">
            <p class="muted small" id="service-help">
              {t('readerServiceHelp')}
            </p>
            {choice.url && (
              <p class="small" data-service-url>
                {t('readerServiceAt', choice.url)}
              </p>
            )}
            <div data-service-command>
              <p class="small">{t('readerServiceLocal')}</p>
              <pre class="command" tabIndex={0} aria-label={t('installCommandLabel')}>
                {serviceCommand(choice.name)}
              </pre>
            </div>
          </div>
        )}
        {choice.kind === 'sdtapi' && (
          <div class="sub">
            <label for="sdtapi-library">{t('readerLibrary')}</label>
            <input
              id="sdtapi-library"
              placeholder="/opt/reader/libsdtapi.so"
              value={choice.library}
              onChange={(e) => save({ ...choice, library: (e.target as HTMLInputElement).value })}
            />
            <label for="sdtapi-port">{t('readerPort')}</label>
            <input
              id="sdtapi-port"
              inputMode="numeric"
              placeholder="1001"
              value={choice.port}
              onChange={(e) => save({ ...choice, port: (e.target as HTMLInputElement).value })}
            />
          </div>
        )}
        {choice.kind === 'sdtapi' && 'spec' in readerSpecOf(choice) && (
          <div class="local-config" data-sdtapi-command>
            <p class="small">{t('readerLibraryLocal')}</p>
            <pre class="command" tabIndex={0} aria-label={t('installCommandLabel')}>
              {vendorLibraryCommand(choice)}
            </pre>
          </div>
        )}
        {choice.kind === 'sim' && (
          <div class="sub">
            <label for="sim-card">{t('readerSimCard')}</label>
            <input
              id="sim-card"
              placeholder="foreign-2023"
              value={choice.card}
              onChange={(e) => save({ ...choice, card: (e.target as HTMLInputElement).value })}
            />
          </div>
        )}
        {error && (
          <p class="error" role="alert" data-reader-error={error}>
            {t(error)}
          </p>
        )}
        <p class="muted small">{t('readerCurrent', settings.reader ?? 'auto')}</p>
      </fieldset>
      <ReadersDoc />
    </section>
  );
}

function HostCheck() {
  const [lines, setLines] = useState<ReportLine[] | null>(null);
  const [command, setCommand] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    const result = await ui.sendMessage('hostDoctor', undefined);
    setBusy(false);
    if (result.ok) {
      setLines(hostReportLines(result.report));
      setCommand(null);
    } else {
      setLines([errorLine(result.error)]);
      const missing = result.error.code === 'HOST_NOT_FOUND' || result.error.code === 'NOT_ALLOWED';
      setCommand(missing ? installCommand(browser.runtime.id) : null);
    }
  };
  return (
    <section aria-labelledby="doctor-h">
      <h2 id="doctor-h">{t('optionsDoctorTitle')}</h2>
      <button type="button" data-action="doctor" onClick={() => void run()} disabled={busy}>
        {busy ? t('checking') : t('optionsDoctorRun')}
      </button>
      <div role="status" aria-live="polite">
        {lines && (
          <ul class="doctor" data-doctor>
            {lines.map((line, i) => (
              <li key={i} class={`tone-${line.tone}`} data-tone={line.tone}>
                <span aria-hidden="true">{line.tone === 'ok' ? '✓ ' : line.tone === 'warn' ? '• ' : '✗ '}</span>
                {line.text}
                {line.remedy && <span class="remedy"> {line.remedy}</span>}
              </li>
            ))}
          </ul>
        )}
        {command && (
          <pre class="command" tabIndex={0} aria-label={t('installCommandLabel')}>
            {command}
          </pre>
        )}
      </div>
    </section>
  );
}

function LifetimeSection({
  settings,
  locked,
  update,
}: {
  settings: EffectiveSettings;
  locked: (k: ManageableKey) => boolean;
  update: Update;
}) {
  const [seconds, setSeconds] = useState(String(settings.clearAfterSeconds));
  const [invalid, setInvalid] = useState(false);
  const commit = (raw: string) => {
    setSeconds(raw);
    const n = Number(raw);
    const ok = Number.isInteger(n) && n >= CLEAR_AFTER_MIN_UI && n <= CLEAR_AFTER_MAX;
    setInvalid(!ok);
    if (ok) void update({ clearAfterSeconds: n });
  };
  return (
    <section aria-labelledby="lifetime-h">
      <h2 id="lifetime-h">{t('optionsLifetimeTitle')}</h2>
      <div class="field">
        <label for="clearAfterSeconds">{t('optionsClearAfter')}</label>{' '}
        <input
          id="clearAfterSeconds"
          data-setting="clearAfterSeconds"
          type="number"
          min={CLEAR_AFTER_MIN_UI}
          max={CLEAR_AFTER_MAX}
          step={1}
          value={seconds}
          disabled={locked('clearAfterSeconds')}
          aria-invalid={invalid}
          aria-describedby={['clearAfter-help', locked('clearAfterSeconds') ? 'clearAfterSeconds-locked' : ''].filter(Boolean).join(' ')}
          onChange={(e) => commit((e.target as HTMLInputElement).value)}
        />{' '}
        {t('secondsUnit')} <Locked id="clearAfterSeconds-locked" show={locked('clearAfterSeconds')} />
        <p class={invalid ? 'error small' : 'muted small'} id="clearAfter-help">
          {t('optionsClearAfterHelp', CLEAR_AFTER_MIN_UI, CLEAR_AFTER_MAX, DEFAULT_SETTINGS.clearAfterSeconds)}
        </p>
      </div>
      <Check
        id="clearAfterFill"
        label={t('optionsClearAfterFill')}
        checked={settings.clearAfterFill}
        locked={locked('clearAfterFill')}
        onChange={(v) => void update({ clearAfterFill: v })}
      />
    </section>
  );
}

function SitesSection({ settings, locked, update }: { settings: EffectiveSettings; locked: boolean; update: Update }) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState(false);
  const add = (e: Event) => {
    e.preventDefault();
    const site = normaliseSite(draft);
    if (!site) {
      setError(true);
      return;
    }
    setError(false);
    setDraft('');
    if (!settings.siteAllowList.includes(site)) void update({ siteAllowList: [...settings.siteAllowList, site] });
  };
  return (
    <section aria-labelledby="sites-h">
      <h2 id="sites-h">
        {t('optionsSitesTitle')} <Locked id="sites-locked" show={locked} />
      </h2>
      <p class="muted small" id="sites-help">
        {t('optionsSitesHelp')} {t('optionsSitesHelpIntranet')}
      </p>
      <ul class="sites" data-sites>
        {settings.siteAllowList.map((site) => (
          <li key={site} data-site={site}>
            <span>{site}</span>{' '}
            {!locked && (
              <button
                type="button"
                class="link"
                data-remove-site={site}
                aria-label={t('removeSite', site)}
                onClick={() => void update({ siteAllowList: settings.siteAllowList.filter((s) => s !== site) })}
              >
                {t('remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {!locked && (
        <form class="add-site" onSubmit={add}>
          <label for="new-site">{t('addSiteLabel')}</label>{' '}
          <input
            id="new-site"
            data-setting="new-site"
            value={draft}
            placeholder="example.gov.cn"
            aria-invalid={error}
            aria-describedby={error ? 'new-site-error' : 'sites-help'}
            onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
          />{' '}
          <button type="submit" data-action="add-site">
            {t('addSite')}
          </button>
          {error && (
            <p class="error small" id="new-site-error" role="alert">
              {t('siteInvalid')}
            </p>
          )}
        </form>
      )}
    </section>
  );
}

/**
 * The fields taught on sites ("CardFill: this field is…" in the context menu), and those set by
 * policy (shown locked): listed by site, each changeable to another field or removed.
 */
function RulesSection() {
  const [rules, setRules] = useState<EffectiveSiteRule[] | null>(null);
  useEffect(() => {
    const reload = () => void loadSiteRules().then(setRules);
    reload();
    // A field taught in another tab shows up here at once.
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'managed' || (area === 'local' && SITE_RULES_KEY in changes)) reload();
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);
  if (!rules) return null;
  const siteOf = (origin: string) => origin.replace(/^https:\/\//, '');
  return (
    <section aria-labelledby="rules-h">
      <h2 id="rules-h">{t('optionsRulesTitle')}</h2>
      <p class="muted small" id="rules-help">
        {t('optionsRulesHelp')}
      </p>
      {rules.length === 0 ? (
        <p class="muted" data-rules-empty>
          {t('optionsRulesEmpty')}
        </p>
      ) : (
        <table class="rules" data-rules>
          <thead>
            <tr>
              <th scope="col">{t('ruleSite')}</th>
              <th scope="col">{t('ruleFieldOnPage')}</th>
              <th scope="col">{t('ruleMeans')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => {
              const name = rule.label || t('ruleNoLabel');
              const site = siteOf(rule.origin);
              return (
                <tr
                  key={`${rule.origin} ${rule.selector}`}
                  data-rule={rule.selector}
                  data-rule-origin={rule.origin}
                  data-managed={rule.managed || undefined}
                >
                  <td>{site}</td>
                  <td>
                    <span>{name}</span> <code class="muted small">{rule.selector}</code>
                  </td>
                  <td>
                    <select
                      data-rule-field
                      value={rule.field}
                      disabled={rule.managed}
                      aria-label={t('ruleChange', name, site)}
                      onChange={(e) => {
                        const field = (e.target as HTMLSelectElement).value as TaughtField;
                        void saveSiteRule({
                          origin: rule.origin,
                          selector: rule.selector,
                          field,
                          ...(rule.label ? { label: rule.label } : {}),
                        });
                      }}
                    >
                      {TAUGHT_FIELDS.map((f) => (
                        <option key={f} value={f}>
                          {t(`teach_${f}`)}
                        </option>
                      ))}
                    </select>
                    {rule.managed && (
                      <>
                        {' '}
                        <Locked id={`rule-locked-${rules.indexOf(rule)}`} show />
                      </>
                    )}
                  </td>
                  <td>
                    {!rule.managed && (
                      <button
                        type="button"
                        class="link"
                        data-remove-rule={rule.selector}
                        aria-label={t('removeRule', name, site)}
                        onClick={() => void removeSiteRule(rule.origin, rule.selector)}
                      >
                        {t('remove')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
