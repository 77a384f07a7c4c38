import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { FillPlanItem } from '../../src/fill/engine';
import { MAX_EDIT_LENGTH, editProblem, editableItem, normalizeEdit, type EditProblem } from '../../src/fill/plan-edits';
import { t, type MessageKey } from '../shared/i18n';
import { reasonText } from './reasons';
import { getPopupState, updatePopupState, usePopupStore } from './store';

/** The fill plan: what will go where, each line switchable, before anything is written (docs/architecture.md §6). */
export function PlanView({ onFill }: { onFill: () => void }) {
  const { plan, off, busy, insecure, editingItem } = usePopupStore();
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
      {insecure && (
        <p class="warn not-encrypted" role="note" data-plan-insecure>
          {t('planNotEncrypted')}
        </p>
      )}
      {plan.items.length === 0 ? (
        <p class="muted">{t('planEmpty')}</p>
      ) : (
        <ul>
          {plan.items.map((item) => (
            <PlanRow key={item.id} item={item} on={item.enabled && !off.has(item.id)} onToggle={() => toggle(item.id)} />
          ))}
        </ul>
      )}
      {plan.refused.length > 0 && (
        <details class="refused">
          <summary>{t('planRefused', plan.refused.length)}</summary>
          <ul>
            {plan.refused.map((r, i) => (
              <li key={i} class="muted">
                {r.label}: {reasonText(r.reason)}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div class="actions">
        <button
          type="button"
          class="primary"
          data-action="fill"
          onClick={onFill}
          disabled={busy !== null || chosen === 0 || editingItem !== null}
        >
          {t('fillCount', chosen)}
        </button>
        <button type="button" data-action="cancel-plan" onClick={() => updatePopupState({ plan: null, planEdits: {}, editingItem: null })}>
          {t('cancel')}
        </button>
      </div>
      <p class="muted small">{t('neverSubmits')}</p>
    </section>
  );
}

const PROBLEM_KEYS: Record<EditProblem, MessageKey> = {
  empty: 'planEditEmpty',
  'too-long': 'planEditTooLong',
  control: 'planEditControl',
  'han-in-latin': 'planEditHanInLatin',
  'latin-in-chinese': 'planEditLatinInChinese',
  choice: 'planEditChoice',
};

function focusPlanEditButton(id: string): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-plan-edit="${id}"]`)?.focus());
}

/**
 * One line of the plan: its switch, label and value; a typed value (not a list's option) can be changed before the
 * fill. A changed value is marked "edited" with what was planned, and can be undone.
 */
function PlanRow({ item, on, onToggle }: { item: FillPlanItem; on: boolean; onToggle: () => void }) {
  const { planEdits, editingItem, busy } = usePopupStore();
  const edited = item.id in planEdits;
  const value = edited ? planEdits[item.id]! : item.value;
  const editing = editingItem === item.id;
  const canEdit = item.enabled && editableItem(item);
  const undo = () => {
    const { [item.id]: _dropped, ...rest } = getPopupState().planEdits;
    updatePopupState({ planEdits: rest });
    focusPlanEditButton(item.id);
  };
  return (
    <li
      data-plan-row={item.id}
      data-plan-field={item.field}
      class={edited ? 'edited' : undefined}
      data-edited={edited ? 'true' : undefined}
    >
      <label>
        <input type="checkbox" checked={on} disabled={!item.enabled} onChange={onToggle} data-plan-item={item.field} />
        <span class="label">{item.label}</span>
        <span class="value-line">
          {!editing && (
            <span class="value" data-plan-value={item.id}>
              {value}
            </span>
          )}
          {item.afterDocumentType && <span class="muted small"> {t('planAfterDocType')}</span>}
          {item.taught && (
            <span class="tag small" data-taught title={t('planTaughtTitle')}>
              {' '}
              {t('planTaught')}
            </span>
          )}
          {item.derived && !edited && (
            <span class="muted small" data-derived="">
              {' '}
              {t('planDerived')}
            </span>
          )}
        </span>
      </label>
      {editing ? (
        <PlanEditor item={item} value={value} />
      ) : (
        <>
          {canEdit && (
            <button
              type="button"
              class="link"
              data-plan-edit={item.id}
              disabled={busy !== null}
              onClick={() => updatePopupState({ editingItem: item.id })}
              aria-label={t('planEditField', item.label)}
            >
              {t('edit')}
            </button>
          )}
          {edited && (
            <span class="edited-note">
              <span class="tag" data-plan-edited>
                {t('edited')}
              </span>{' '}
              <span class="muted">{t('planEditedWas', item.value)}</span>{' '}
              <button type="button" class="link" data-plan-undo={item.id} onClick={undo} aria-label={t('restoreField', item.label)}>
                {t('restore')}
              </button>
            </span>
          )}
        </>
      )}
    </li>
  );
}

/** The value as a text box: Enter (or Done) takes it if it can be used, Escape (or Cancel) keeps the value as it was. */
function PlanEditor({ item, value }: { item: FillPlanItem; value: string }) {
  const [draft, setDraft] = useState(value);
  const [tried, setTried] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const next = normalizeEdit(draft);
  const problem = editProblem(item, next);
  // An empty box is said only once the person tries to take it; every other problem as soon as it is typed.
  const shown = problem && (problem !== 'empty' || tried) ? problem : null;
  const close = () => {
    updatePopupState({ editingItem: null });
    focusPlanEditButton(item.id);
  };
  const confirm = () => {
    setTried(true);
    if (problem) {
      ref.current?.focus();
      return;
    }
    const { [item.id]: _old, ...rest } = getPopupState().planEdits;
    // Typing the planned value back is not an edit.
    updatePopupState({ planEdits: next === item.value ? rest : { ...rest, [item.id]: next } });
    close();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      confirm();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };
  const inputId = `plan-edit-${item.id}`;
  const errorId = `${inputId}-error`;
  return (
    <span class="editor plan-editor">
      <label class="sr-only" for={inputId}>
        {t('planEditLabel', item.label)}
      </label>
      <input
        id={inputId}
        ref={ref}
        type="text"
        value={draft}
        spellcheck={false}
        autocomplete="off"
        data-plan-input={item.id}
        aria-invalid={shown ? 'true' : undefined}
        aria-describedby={shown ? errorId : undefined}
        onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
        onKeyDown={onKeyDown}
      />
      <button type="button" data-plan-confirm={item.id} onClick={confirm}>
        {t('done')}
      </button>
      <button type="button" data-plan-cancel={item.id} onClick={close}>
        {t('cancel')}
      </button>
      {shown && (
        <span id={errorId} class="edit-error" role="alert" data-edit-error={shown}>
          {t(PROBLEM_KEYS[shown], MAX_EDIT_LENGTH)}
        </span>
      )}
    </span>
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
          <li key={f.id} class="ok" data-report-item="filled">
            <span aria-hidden="true">✓ </span>
            {f.label}: {f.value}
          </li>
        ))}
        {report.skipped.map((f) => (
          <li key={f.id} class="skip" data-report-item="skipped">
            <span aria-hidden="true">– </span>
            {f.label}: {reasonText(f.reason)}
          </li>
        ))}
        {report.reverted.map((f) => (
          <li key={f.id} class="warn" data-report-item="reverted">
            <span aria-hidden="true">! </span>
            {f.label}: {t('revertedBy', f.now)}
          </li>
        ))}
      </ul>
      <p class="muted small">{t('checkAndSubmit')}</p>
    </section>
  );
}
