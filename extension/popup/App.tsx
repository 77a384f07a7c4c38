import browser from 'webextension-polyfill';
import { useEffect, useState } from 'preact/hooks';
import type { ErrorInfo } from '../../src/errors';
import { t } from '../shared/i18n';
import { ui } from '../shared/messages';
import { CardView } from './CardView';
import { PlanView } from './PlanView';
import { ErrorPanel } from './ErrorPanel';
import { connectBackground, updatePopupState, usePopupStore, getPopupState } from './store';

async function targetTabId(fixed: number | null): Promise<number | null> {
  if (fixed !== null) return fixed;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

export function App({ fixedTabId }: { fixedTabId: number | null }) {
  const state = usePopupStore();
  useEffect(() => connectBackground(), []);
  const bg = state.background;

  const read = () => {
    updatePopupState({ plan: null, report: null, fillError: null });
    void ui.sendMessage('readCard', undefined);
  };
  const clear = () => {
    updatePopupState({ plan: null, report: null, fillError: null });
    void ui.sendMessage('clearCard', undefined);
  };
  const preview = async () => {
    const card = getPopupState().background?.card;
    const tabId = await targetTabId(fixedTabId);
    if (!card || tabId === null) return;
    updatePopupState({ busy: 'plan', fillError: null, report: null });
    const result = await ui.sendMessage('planFill', { tabId, card });
    updatePopupState(result.ok ? { busy: null, plan: result.plan, off: new Set() } : { busy: null, fillError: result.error });
  };
  const fill = async () => {
    const { plan, off } = getPopupState();
    const tabId = await targetTabId(fixedTabId);
    if (!plan || tabId === null) return;
    updatePopupState({ busy: 'fill', fillError: null });
    const approvedIds = plan.items.filter((i) => i.enabled && !off.has(i.id)).map((i) => i.id);
    const result = await ui.sendMessage('fill', { tabId, planId: plan.planId, approvedIds });
    updatePopupState(result.ok ? { busy: null, plan: null, report: result.report } : { busy: null, fillError: result.error });
  };

  return (
    <main class="popup" aria-live="polite">
      <header class="bar">
        <h1>{t('extName')}</h1>
        <HostBadge />
      </header>
      {bg === null ? (
        <p class="muted">{t('connecting')}</p>
      ) : bg.phase === 'reading' ? (
        <p class="status" role="status">{t('reading')}</p>
      ) : bg.phase === 'error' && bg.error ? (
        <ErrorPanel error={bg.error} onRetry={read} />
      ) : bg.card ? (
        <>
          <CardView card={bg.card} />
          <Countdown expiresAt={bg.expiresAt} />
          {state.plan ? (
            <PlanView onFill={fill} />
          ) : (
            <div class="actions">
              <button type="button" class="primary" data-action="preview" onClick={preview} disabled={state.busy !== null}>
                {t('previewFill')}
              </button>
              <button type="button" data-action="read" onClick={read}>{t('readAgain')}</button>
              <button type="button" data-action="clear" onClick={clear}>{t('clear')}</button>
            </div>
          )}
        </>
      ) : (
        <section class="idle">
          <p>{t('placeCard')}</p>
          <button type="button" class="primary" data-action="read" onClick={read}>{t('read')}</button>
        </section>
      )}
      {state.fillError && <FillError error={state.fillError} />}
      {state.report && <Report />}
    </main>
  );
}

function HostBadge() {
  const { background } = usePopupStore();
  const host = background?.host;
  if (!host || host.state !== 'ready') return null;
  return <span class="badge" title={host.reader ?? ''}>{t('hostReady', host.version ?? '')}</span>;
}

function FillError({ error }: { error: ErrorInfo }) {
  return (
    <p class="error" role="alert" data-error-code={error.code}>
      {error.message}
    </p>
  );
}

function Report() {
  const { report } = usePopupStore();
  if (!report) return null;
  return (
    <section class="report" aria-label={t('reportTitle')}>
      <h2>{t('reportTitle')}</h2>
      <p data-report="summary">{t('reportSummary', report.filled.length, report.skipped.length, report.reverted.length)}</p>
      <ul>
        {report.filled.map((f) => (
          <li key={f.id} class="ok">✓ {f.label}: {f.value}</li>
        ))}
        {report.skipped.map((f) => (
          <li key={f.id} class="skip">– {f.label}: {f.reason}</li>
        ))}
        {report.reverted.map((f) => (
          <li key={f.id} class="warn">! {f.label}: {t('revertedBy', f.now)}</li>
        ))}
      </ul>
    </section>
  );
}

function Countdown({ expiresAt }: { expiresAt: number | null }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!expiresAt) return null;
  const seconds = Math.max(0, Math.round((expiresAt - now) / 1000));
  return <p class="muted countdown" data-countdown={seconds}>{t('clearsIn', seconds)}</p>;
}
