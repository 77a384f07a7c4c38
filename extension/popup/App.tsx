import browser from 'webextension-polyfill';
import { useEffect } from 'preact/hooks';
import type { ErrorInfo } from '../../src/errors';
import { hasMessage, language, t } from '../shared/i18n';
import { ui, type AllowOffer, type VersionWords } from '../shared/messages';
import { patternGrantable } from '../shared/settings';
import { applyEdits } from './card-facts';
import { CardView, kindName } from './CardView';
import { Countdown } from './Countdown';
import { PlanView, Report } from './PlanView';
import { StatusPanel } from './StatusPanel';
import { connectBackground, getPopupState, updatePopupState, usePopupStore } from './store';
import { popupView } from './view';

async function targetTabId(fixed: number | null): Promise<number | null> {
  if (fixed !== null) return fixed;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

export function App({ fixedTabId }: { fixedTabId: number | null }) {
  const state = usePopupStore();
  useEffect(() => connectBackground(), []);
  const bg = state.background;
  const view = popupView(bg);

  const read = () => {
    updatePopupState({ plan: null, report: null, fillError: null, allow: null });
    void ui.sendMessage('readCard', undefined);
  };
  const clear = () => {
    updatePopupState({ plan: null, report: null, fillError: null, edits: {}, editing: null });
    void ui.sendMessage('clearCard', undefined);
  };
  const preview = async () => {
    const { background, edits } = getPopupState();
    const card = background?.card;
    const tabId = await targetTabId(fixedTabId);
    if (!card) return;
    if (tabId === null) {
      updatePopupState({ fillError: { code: 'NOT_ALLOWED', message: 'No page to fill', retriable: false } });
      return;
    }
    updatePopupState({ busy: 'plan', fillError: null, allow: null, report: null, editing: null });
    // The plan is made from the edited copy; the card as read stays as it was.
    const edited = applyEdits(card, edits);
    let result = await ui.sendMessage('planFill', { tabId, card: edited });
    // The page has Latin-name fields and the card only a Chinese name: load the romaniser and plan again with the
    // derived Latin name (src/fill/README.md "Latin names"); pages without such fields never load it.
    if (result.ok && result.plan.latinNameWanted) {
      const latinName = (await import('../../src/card/pinyin')).latinNameWithPinyin(edited);
      if (latinName) result = await ui.sendMessage('planFill', { tabId, card: edited, latinName });
    }
    updatePopupState(
      result.ok
        ? { busy: null, plan: result.plan, insecure: result.insecure, off: new Set(), planEdits: {}, editingItem: null }
        : { busy: null, fillError: result.error, allow: result.allow ?? null },
    );
  };
  /**
   * "Allow CardFill on <site>": the browser asks the person for the site's host permission (this
   * must happen in the click itself), then the background adds the site to the list and the
   * preview is made again.
   */
  const allow = () => {
    const { allow: offer } = getPopupState();
    if (!offer) return;
    // Ask the browser only where the manifest can grant it (patternGrantable); elsewhere the fill
    // works through activeTab, which the person's click on CardFill's button gives.
    const grantable = (browser.runtime.getManifest() as { optional_host_permissions?: string[] }).optional_host_permissions ?? [];
    const asked = patternGrantable(offer.pattern, grantable)
      ? browser.permissions.request({ origins: [offer.pattern] })
      : Promise.resolve(true);
    void (async () => {
      const granted = await asked.catch(() => false);
      if (!granted) {
        updatePopupState({ fillError: { code: 'NOT_ALLOWED', message: t('allowDeclined'), retriable: false }, allow: null });
        return;
      }
      const tabId = await targetTabId(fixedTabId);
      if (tabId === null) return;
      const result = await ui.sendMessage('allowSite', { tabId });
      if (!result.ok) {
        updatePopupState({ fillError: result.error, allow: null });
        return;
      }
      await preview();
    })();
  };
  const fill = async () => {
    const { plan, off, planEdits } = getPopupState();
    const tabId = await targetTabId(fixedTabId);
    if (!plan || tabId === null) return;
    updatePopupState({ busy: 'fill', fillError: null });
    const approvedIds = plan.items.filter((i) => i.enabled && !off.has(i.id)).map((i) => i.id);
    const edits = Object.keys(planEdits).length > 0 ? { edits: planEdits } : {};
    const result = await ui.sendMessage('fill', { tabId, planId: plan.planId, approvedIds, ...edits });
    updatePopupState(result.ok ? { busy: null, plan: null, report: result.report } : { busy: null, fillError: result.error });
  };

  return (
    <main class="popup" data-view={view.name}>
      <header class="bar">
        <h1>{t('extName')}</h1>
        <HostBadge />
        <button type="button" class="link" data-action="options" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('optionsLink')}
        </button>
      </header>
      {bg?.host.versionNote && <VersionNote words={bg.host.versionNote} />}
      {bg?.staffMode && (
        <p class="staff-strip" data-staff={bg.watching ? 'watching' : 'off'}>
          {t(bg.watching ? 'staffWatching' : 'staffNotWatching')} ·{' '}
          <span data-fills-today={bg.fillsToday}>{t('fillsToday', bg.fillsToday)}</span>
        </p>
      )}
      {view.name === 'card' && bg?.card ? (
        <>
          {/* Screen readers hear that a card arrived (staff mode: without anyone clicking). */}
          <p class="sr-only" role="status">
            {t('announceCard', kindName(bg.card))}
          </p>
          <CardView card={bg.card} />
          <Countdown expiresAt={bg.expiresAt} onClear={clear} />
          {state.plan ? (
            <PlanView onFill={() => void fill()} />
          ) : (
            <div class="actions">
              <button type="button" class="primary" data-action="preview" onClick={() => void preview()} disabled={state.busy !== null}>
                {state.busy === 'plan' ? t('previewing') : t('previewFill')}
              </button>
              <button type="button" data-action="read" onClick={read}>
                {t('readAgain')}
              </button>
            </div>
          )}
        </>
      ) : (
        view.name !== 'card' && <StatusPanel view={view} staffMode={bg?.staffMode ?? false} onRead={read} />
      )}
      {state.fillError && <FillError error={state.fillError} allow={state.allow} onAllow={allow} />}
      {state.report && <Report />}
    </main>
  );
}

function HostBadge() {
  const { background } = usePopupStore();
  const host = background?.host;
  if (!host || host.state !== 'ready') return null;
  return (
    <span class="badge" title={host.reader ?? ''}>
      {t('hostReady', host.version ?? '')}
    </span>
  );
}

/** A plan or fill that failed: what happened on this page, in the person's language, and the detail. */
function FillError({ error, allow, onAllow }: { error: ErrorInfo; allow: AllowOffer | null; onAllow: () => void }) {
  const key = `fillError_${error.code}`;
  const sentence = hasMessage(key) ? t(key) : t(`error_${error.code}`);
  return (
    <section class="error fill-error" role="alert" data-error-code={error.code}>
      <p class="state-title">{sentence}</p>
      <p class="muted detail">{error.message}</p>
      {error.code === 'NOT_ALLOWED' && allow && (
        <button type="button" class="primary" data-action="allow-site" data-site={allow.entry} onClick={onAllow}>
          {t('allowSite', allow.site)}
        </button>
      )}
      {error.code === 'NOT_ALLOWED' && (
        <button type="button" data-action="options" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('openSiteList')}
        </button>
      )}
    </section>
  );
}

/** Host and extension from different releases: which one to update, and how (src/protocol/version.ts). */
function VersionNote({ words }: { words: VersionWords }) {
  const zh = language() === 'zh_CN';
  return (
    <p class="note version-note" role="note" data-version-note>
      {zh ? words.zh : words.en} {zh ? words.remedyZh : words.remedyEn}
    </p>
  );
}
