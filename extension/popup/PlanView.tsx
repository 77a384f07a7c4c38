import { t } from '../shared/i18n';
import { reasonText } from './reasons';
import { updatePopupState, usePopupStore } from './store';

/** The fill plan: what will go where, each line switchable, before anything is written (docs/architecture.md §6). */
export function PlanView({ onFill }: { onFill: () => void }) {
  const { plan, off, busy, insecure } = usePopupStore();
  if (!plan) return null;
  const toggle = (id: string) => {
    const next = new Set(off);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    updatePopupState({ off: next });
  };
  const chosen = plan.items.filter((i) => i.enabled && !off.has(i.id)).length;
  return (
    <section class="plan" aria-labelledby="plan-title">
      <h2 id="plan-title">{t('planTitle')}</h2>
      {insecure && <p class="warn not-encrypted" role="note" data-plan-insecure>{t('planNotEncrypted')}</p>}
      {plan.items.length === 0 ? (
        <p class="muted">{t('planEmpty')}</p>
      ) : (
        <ul>
          {plan.items.map((item) => (
            <li key={item.id}>
              <label>
                <input
                  type="checkbox"
                  checked={item.enabled && !off.has(item.id)}
                  disabled={!item.enabled}
                  onChange={() => toggle(item.id)}
                  data-plan-item={item.field}
                />
                <span class="label">{item.label}</span>
                <span class="value">{item.value}</span>
                {item.afterDocumentType && <span class="muted small"> {t('planAfterDocType')}</span>}
                {item.taught && <span class="tag small" data-taught title={t('planTaughtTitle')}> {t('planTaught')}</span>}
                {item.derived && <span class="muted small" data-derived=""> {t('planDerived')}</span>}
              </label>
            </li>
          ))}
        </ul>
      )}
      {plan.refused.length > 0 && (
        <details class="refused">
          <summary>{t('planRefused', plan.refused.length)}</summary>
          <ul>
            {plan.refused.map((r, i) => <li key={i} class="muted">{r.label}: {reasonText(r.reason)}</li>)}
          </ul>
        </details>
      )}
      <div class="actions">
        <button type="button" class="primary" data-action="fill" onClick={onFill} disabled={busy !== null || chosen === 0}>
          {t('fillCount', chosen)}
        </button>
        <button type="button" data-action="cancel-plan" onClick={() => updatePopupState({ plan: null })}>{t('cancel')}</button>
      </div>
      <p class="muted small">{t('neverSubmits')}</p>
    </section>
  );
}

/** After a fill: what was filled, skipped (with why) and changed back by the page. */
export function Report() {
  const { report } = usePopupStore();
  if (!report) return null;
  return (
    <section class="report" aria-labelledby="report-title" role="status">
      <h2 id="report-title">{t('reportTitle')}</h2>
      <p data-report="summary">{t('reportSummary', report.filled.length, report.skipped.length, report.reverted.length)}</p>
      <ul>
        {report.filled.map((f) => (
          <li key={f.id} class="ok" data-report-item="filled"><span aria-hidden="true">✓ </span>{f.label}: {f.value}</li>
        ))}
        {report.skipped.map((f) => (
          <li key={f.id} class="skip" data-report-item="skipped"><span aria-hidden="true">– </span>{f.label}: {reasonText(f.reason)}</li>
        ))}
        {report.reverted.map((f) => (
          <li key={f.id} class="warn" data-report-item="reverted"><span aria-hidden="true">! </span>{f.label}: {t('revertedBy', f.now)}</li>
        ))}
      </ul>
      <p class="muted small">{t('checkAndSubmit')}</p>
    </section>
  );
}
