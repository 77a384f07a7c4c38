import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import type { CardRecord } from '../../src/card/record';
import { allCountries } from '../../src/card/codes/countries';
import { ETHNICITY_NAME_BY_CODE } from '../../src/card/codes/ethnicity';
import { REGION_NAME_ZH } from '../../src/card/codes/region';
import { language, t, type MessageKey } from '../shared/i18n';
import {
  EDITABLE,
  applyEdits,
  displayablePhoto,
  effectiveEdits,
  fieldsOf,
  localToday,
  maskNumber,
  numberCheck,
  rawValue,
  validity,
  type EditableField,
  type ShownField,
} from './card-facts';
import { getPopupState, updatePopupState, usePopupStore } from './store';

const KIND_KEYS: Record<CardRecord['kind'], MessageKey> = {
  resident: 'kindResident',
  'hmt-residence-permit': 'kindHmt',
  'foreign-permanent-2017': 'kindForeign2017',
  'foreign-permanent-2023': 'kindForeign2023',
};
export function kindName(card: CardRecord): string {
  return t(KIND_KEYS[card.kind]);
}

const LABEL_KEYS: Record<ShownField, MessageKey> = {
  nameZh: 'fieldNameZh',
  nameEn: 'fieldNameEn',
  number: 'fieldNumber',
  sex: 'fieldSex',
  birthDate: 'fieldBirthDate',
  nationality: 'fieldNationality',
  ethnicity: 'fieldEthnicity',
  address: 'fieldAddress',
  issuer: 'fieldIssuer',
  validFrom: 'fieldValidFrom',
  validUntil: 'fieldValidUntil',
  passNumber: 'fieldPassNumber',
  region: 'fieldRegion',
  previousNumber: 'fieldPreviousNumber',
  issueCount: 'fieldIssueCount',
  renewalCount: 'fieldRenewalCount',
  cardVersion: 'fieldCardVersion',
};
const SEXES = ['male', 'female', 'unknown', 'unspecified'] as const;

/** Keyboard users land back on the field's Edit button when an editor closes (after the re-render). */
function focusEditButton(field: string): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-edit="${field}"]`)?.focus());
}

/** How a field's value reads to a person (the number masked unless revealed). */
function displayValue(card: CardRecord, field: ShownField, reveal: boolean): string {
  const zh = language() === 'zh_CN';
  switch (field) {
    case 'sex':
      return t(`sex_${card.sex}`);
    case 'nationality':
      if (!card.nationality) return '';
      return (zh ? card.nationality.nameZh : card.nationality.nameEn) ?? card.nationality.nameEn ?? card.nationality.alpha3;
    case 'ethnicity':
      return card.ethnicity ? (card.ethnicity.nameZh ?? card.ethnicity.code) : '';
    case 'region':
      return card.region ? (zh ? REGION_NAME_ZH[card.region] : t(`region_${card.region}`)) : '';
    case 'validUntil':
      return card.validUntil === 'long-term' ? t('longTerm') : card.validUntil;
    case 'number':
    case 'previousNumber': {
      const n = rawValue(card, field);
      return reveal || n === '' ? n : maskNumber(n);
    }
    default:
      return rawValue(card, field);
  }
}

/** The decoded card for review before anything is filled; every text fact can be corrected. */
export function CardView({ card }: { card: CardRecord }) {
  const { edits, editing, revealNumber } = usePopupStore();
  const shown = applyEdits(card, edits);
  const edited = effectiveEdits(card, edits);
  const photo = displayablePhoto(card);
  const fields = fieldsOf(card).filter((f) => EDITABLE.has(f) || rawValue(card, f) !== '');
  const status = validity(shown.validUntil, localToday());
  const check = edited.number !== undefined ? numberCheck(shown.number) : card.checks.numberChecksum;
  return (
    <section class="card" aria-labelledby="card-title">
      <div class="card-head">
        {photo ? (
          <img class="photo" src={photo} alt={t('photoAlt')} width={64} height={80} />
        ) : (
          <div class="photo placeholder" role="img" aria-label={t('photoNone')} data-photo="placeholder">
            <svg viewBox="0 0 64 80" width="64" height="80" aria-hidden="true">
              <rect width="64" height="80" fill="#eef1f4" />
              <circle cx="32" cy="30" r="13" fill="#aab3bd" />
              <path d="M8 80c2-18 12-27 24-27s22 9 24 27z" fill="#aab3bd" />
            </svg>
          </div>
        )}
        <div>
          <h2 id="card-title" class="card-title">
            {shown.nameEn ?? shown.nameZh ?? t('cardTitle')}
          </h2>
          <p class="kind" data-kind={card.kind}>
            {kindName(card)}
            {card.typeCode ? ` · ${card.typeCode}` : ''}
          </p>
        </div>
      </div>
      <ul class="checks" aria-label={t('checksTitle')}>
        <Check name="numberChecksum" ok={check === 'valid'} okKey="checkDigitOk" badKey="checkDigitBad" />
        {card.checks.birthDateMatchesNumber !== null && (
          <Check name="birthDateMatchesNumber" ok={card.checks.birthDateMatchesNumber} okKey="checkBirthOk" badKey="checkBirthBad" />
        )}
        {card.checks.sexMatchesNumber !== null && (
          <Check name="sexMatchesNumber" ok={card.checks.sexMatchesNumber} okKey="checkSexOk" badKey="checkSexBad" />
        )}
      </ul>
      {status === 'expired' && (
        <p class="warn validity" role="alert" data-validity="expired">
          ⚠ {t('cardExpired')}
        </p>
      )}
      {status === 'expiring-soon' && (
        <p class="warn validity" data-validity="expiring-soon">
          ⚠ {t('cardExpiringSoon', shown.validUntil)}
        </p>
      )}
      <dl>
        {fields.map((field) => (
          <Row
            key={field}
            field={field}
            label={t(LABEL_KEYS[field])}
            value={displayValue(shown, field, revealNumber)}
            original={field in edited ? displayValue(card, field, revealNumber) : null}
            editing={editing === field}
            card={card}
          />
        ))}
      </dl>
    </section>
  );
}

function Check({ name, ok, okKey, badKey }: { name: string; ok: boolean; okKey: MessageKey; badKey: MessageKey }) {
  return (
    <li class={`check ${ok ? 'check-ok' : 'check-bad'}`} data-check={name} data-ok={String(ok)}>
      <span aria-hidden="true">{ok ? '✓' : '✗'}</span> {t(ok ? okKey : badKey)}
    </li>
  );
}

function Row(props: { field: ShownField; label: string; value: string; original: string | null; editing: boolean; card: CardRecord }) {
  const { field, label, value, original, editing, card } = props;
  const { revealNumber } = usePopupStore();
  const editable = EDITABLE.has(field);
  const inputId = `edit-${field}`;
  const startEdit = () => {
    const f = field as EditableField;
    const edits = getPopupState().edits;
    // Editing the number shows it: nobody can correct digits they cannot see.
    updatePopupState({
      editing: f,
      ...(f === 'number' ? { revealNumber: true } : {}),
      edits: f in edits ? edits : { ...edits, [f]: rawValue(card, f) },
    });
  };
  const restore = () => {
    const { [field as EditableField]: _dropped, ...rest } = getPopupState().edits;
    updatePopupState({ edits: rest, editing: null, plan: null });
    focusEditButton(field);
  };
  return (
    <div class={`row${original !== null ? ' edited' : ''}`} data-field={field} data-edited={original !== null ? 'true' : undefined}>
      <dt>{editing ? <label for={inputId}>{label}</label> : label}</dt>
      <dd>
        {editing ? (
          <Editor field={field as EditableField} id={inputId} card={card} />
        ) : (
          <span class="value" data-value={field}>
            {value || '—'}
          </span>
        )}
        {original !== null && !editing && (
          <span class="edited-note">
            <span class="tag">{t('edited')}</span> <span class="muted">{t('editedWas', original || '—')}</span>{' '}
            <button type="button" class="link" data-restore={field} onClick={restore} aria-label={t('restoreField', label)}>
              {t('restore')}
            </button>
          </span>
        )}
        {field === 'number' && !editing && (
          <button
            type="button"
            class="link"
            data-action="reveal-number"
            aria-pressed={revealNumber}
            onClick={() => updatePopupState({ revealNumber: !revealNumber })}
          >
            {revealNumber ? t('hideNumber') : t('showNumber')}
          </button>
        )}
        {editable && !editing && (
          <button type="button" class="link" data-edit={field} onClick={startEdit} aria-label={t('editField', label)}>
            {t('edit')}
          </button>
        )}
      </dd>
    </div>
  );
}

function Editor({ field, id, card }: { field: EditableField; id: string; card: CardRecord }) {
  const { edits } = usePopupStore();
  const value = edits[field] ?? rawValue(card, field);
  // Any edit makes an existing plan stale: it was built from the old values.
  const set = (v: string) => updatePopupState({ edits: { ...getPopupState().edits, [field]: v }, plan: null });
  const done = () => {
    updatePopupState({ editing: null });
    focusEditButton(field);
  };
  // autofocus does not apply to elements inserted after load: focus the new editor explicitly.
  const ref = useRef<HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement>(null);
  useLayoutEffect(() => ref.current?.focus(), []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !(e.target instanceof HTMLTextAreaElement)) {
      e.preventDefault();
      done();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      done();
    }
  };
  const common = { id, 'data-input': field, onKeyDown, ref } as const;
  const countries = useMemo(() => (field === 'nationality' ? allCountries() : []), [field]);
  let input;
  if (field === 'sex') {
    input = (
      <select {...common} value={value} onChange={(e) => set((e.target as HTMLSelectElement).value)}>
        {SEXES.map((s) => (
          <option key={s} value={s}>
            {t(`sex_${s}`)}
          </option>
        ))}
      </select>
    );
  } else if (field === 'nationality') {
    const zh = language() === 'zh_CN';
    input = (
      <select {...common} value={value} onChange={(e) => set((e.target as HTMLSelectElement).value)}>
        {countries.map((c) => (
          <option key={c.alpha3} value={c.alpha3}>{`${(zh ? c.nameZh : c.nameEn) ?? c.alpha3} (${c.alpha3})`}</option>
        ))}
      </select>
    );
  } else if (field === 'ethnicity') {
    input = (
      <select {...common} value={value} onChange={(e) => set((e.target as HTMLSelectElement).value)}>
        {Object.entries(ETHNICITY_NAME_BY_CODE).map(([code, name]) => (
          <option key={code} value={code}>{`${name} (${code})`}</option>
        ))}
      </select>
    );
  } else if (field === 'address') {
    input = <textarea {...common} rows={2} value={value} onInput={(e) => set((e.target as HTMLTextAreaElement).value)} />;
  } else if (field === 'birthDate' || field === 'validFrom') {
    input = <input {...common} type="date" value={value} onInput={(e) => set((e.target as HTMLInputElement).value)} />;
  } else {
    input = (
      <input
        {...common}
        type="text"
        value={value}
        spellcheck={false}
        placeholder={field === 'validUntil' ? 'YYYY-MM-DD / long-term' : undefined}
        onInput={(e) => set((e.target as HTMLInputElement).value)}
      />
    );
  }
  return (
    <span class="editor">
      {input}
      <button type="button" data-action="edit-done" onClick={done}>
        {t('done')}
      </button>
    </span>
  );
}
