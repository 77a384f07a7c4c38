import { t } from '../shared/i18n';
import { updatePopupState, usePopupStore } from './store';

/** The fill plan: what will go where, each line switchable, before anything is written. */
export function PlanView({ onFill }: { onFill: () => void }) {
  const { plan, off, busy } = usePopupStore();
  if (!plan) return null;
  const toggle = (id: string) => {
    const next = new Set(off);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    updatePopupState({ off: next });
  };
  return (
    <section class="plan" aria-label={t('planTitle')}>
      <h2>{t('planTitle')}</h2>
      {plan.items.length === 0 ? (
        <p class="muted">{t('planEmpty')}</p>
      ) : (
        <ul>
          {plan.items.map((item) => (
            <li key={item.id}>
              <label>
                <input type="checkbox" checked={item.enabled && !off.has(item.id)} disabled={!item.enabled} onChange={() => toggle(item.id)} data-plan-item={item.field} />
                <span class="label">{item.label}</span> <span class="value">{item.value}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {plan.refused.length > 0 && (
        <p class="muted">{t('planRefused', plan.refused.length)}</p>
      )}
      <div class="actions">
        <button type="button" class="primary" data-action="fill" onClick={onFill} disabled={busy !== null || plan.items.length === 0}>
          {t('fill')}
        </button>
        <button type="button" data-action="cancel-plan" onClick={() => updatePopupState({ plan: null })}>{t('cancel')}</button>
      </div>
    </section>
  );
}
