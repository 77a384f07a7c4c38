/**
 * Values the person changes in the fill plan before filling (src/fill/README.md "Changing a planned value"): which
 * plan items take a typed value, and what such a value must not contain. Framework-free: the popup checks a value
 * as it is typed, and the background checks every edit again before it goes into the plan sent to the page.
 */
import type { FieldKind, FillPlan, FillPlanItem } from './types.js';

/**
 * Fields a list (select, radio group, list widget) may be filled with. Their plan value is an option's text, chosen
 * from the page's own list: it is never typed, so the person can switch such an item off but not change it.
 */
export const LIST_FIELDS: ReadonlySet<FieldKind> = new Set<FieldKind>([
  'documentType',
  'sex',
  'nationality',
  'ethnicity',
  'birthYear',
  'birthMonth',
  'birthDay',
]);

/** The longest value a person may type for one plan item (code points). */
export const MAX_EDIT_LENGTH = 200;

/** Why an edited value cannot be used. */
export type EditProblem = 'empty' | 'too-long' | 'control' | 'han-in-latin' | 'latin-in-chinese' | 'choice';

const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;
/** Control characters, line/paragraph separators, bidirectional overrides and isolates, lone surrogates. */
const CONTROL = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\p{Cs}]/u;

/** True for an item whose value is written as typed text (not chosen from a list). */
export function editableItem(item: Pick<FillPlanItem, 'field'>): boolean {
  return !LIST_FIELDS.has(item.field);
}

/** A field that takes a Latin name only: the English name parts, or a full-name field planned with a Latin value. */
export function latinOnlyItem(item: Pick<FillPlanItem, 'field' | 'value'>): boolean {
  if (item.field === 'surnameEn' || item.field === 'givenNameEn' || item.field === 'nameEn') return true;
  return item.field === 'fullName' && LATIN.test(item.value) && !HAN.test(item.value);
}

/** A field that takes the Chinese name only. */
export function chineseOnlyItem(item: Pick<FillPlanItem, 'field'>): boolean {
  return item.field === 'nameZh';
}

/** The value as it will be used: surrounding spaces dropped. */
export function normalizeEdit(value: string): string {
  return value.trim();
}

/** What is wrong with `value` (already normalised) as the new value of `item`, or null when it can be used. */
export function editProblem(item: Pick<FillPlanItem, 'field' | 'value'>, value: string): EditProblem | null {
  if (!editableItem(item)) return 'choice';
  if (value.length > MAX_EDIT_LENGTH * 2 || [...value].length > MAX_EDIT_LENGTH) return 'too-long';
  if (CONTROL.test(value)) return 'control';
  if (value === '') return 'empty';
  // Never a Chinese name in a Latin-only field, never Latin in a Chinese-only one.
  if (latinOnlyItem(item) && HAN.test(value)) return 'han-in-latin';
  if (chineseOnlyItem(item) && LATIN.test(value)) return 'latin-in-chinese';
  return null;
}

const PROBLEM_TEXT: Record<EditProblem, string> = {
  empty: 'is empty; switch the item off instead',
  'too-long': `is longer than ${MAX_EDIT_LENGTH} characters`,
  control: 'contains control characters',
  'han-in-latin': 'has Chinese characters for a Latin-name field',
  'latin-in-chinese': 'has Latin letters for a Chinese-name field',
  choice: 'is for a field chosen from a list, which cannot be typed',
};

export type CheckedEdits = { ok: true; values: Map<string, string> } | { ok: false; message: string };

/**
 * Check edits that arrived with a fill request against the plan they are for: every key an item of that plan, every
 * value a string that `editProblem` accepts. Anything else refuses the whole request (nothing is filled).
 */
export function checkEdits(plan: FillPlan, edits: unknown): CheckedEdits {
  const values = new Map<string, string>();
  if (edits === undefined || edits === null) return { ok: true, values };
  if (typeof edits !== 'object' || Array.isArray(edits)) return { ok: false, message: 'The changed values are not in the expected form' };
  const items = new Map(plan.items.map((i) => [i.id, i]));
  for (const [id, raw] of Object.entries(edits as Record<string, unknown>)) {
    const item = items.get(id);
    if (!item) return { ok: false, message: 'A changed value is for a field that is not in this preview; make the preview again' };
    if (typeof raw !== 'string') return { ok: false, message: `The changed value for ${item.label} is not text` };
    const value = normalizeEdit(raw);
    const problem = editProblem(item, value);
    if (problem) return { ok: false, message: `The changed value for ${item.label} ${PROBLEM_TEXT[problem]}; nothing was filled` };
    values.set(id, value);
  }
  return { ok: true, values };
}
