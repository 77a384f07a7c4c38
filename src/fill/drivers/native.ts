/**
 * Native inputs, textareas, selects and radio groups (docs/target-forms.md §9 "General rules"):
 * set the value through the prototype setter so React's value tracker sees the change, then dispatch bubbling
 * `input` and `change`, then `blur`/`focusout`. Radios are clicked, never set through `.checked`.
 * No composition events: Vue ignores input during IME composition.
 */
import type { ControlType } from '../classifier.js';
import { explicitLabelOf, groupLabels, labelsOf, radioText } from '../labels.js';
import type { ChoiceOption } from '../types.js';
import type { Control, Driver } from './types.js';
import { geometryProblem, hiddenByStyle } from '../visibility.js';
import { assertWritable, gatedClick, gatedCommit, gatedSetValue } from '../write-gate.js';

const TEXT_TYPES = new Set(['', 'text', 'search', 'tel', 'number', 'email', 'url']);

function w(el: Element): Window & typeof globalThis {
  return (el.ownerDocument.defaultView ?? window) as Window & typeof globalThis;
}

/** Kept for the drivers' call sites: every value write goes through the write gate (write-gate.ts). */
export const setNativeValue = gatedSetValue;

/** input, change, blur/focusout — what a person's typing and leaving the field send; through the gate. */
export function fireValueEvents(el: Element): void {
  assertWritable(el);
  el.dispatchEvent(new (w(el).Event)('input', { bubbles: true, composed: true }));
  gatedCommit(el);
}

function inputControlType(el: HTMLInputElement): ControlType | null {
  const t = (el.getAttribute('type') ?? '').toLowerCase();
  if (t === 'password') return 'password';
  if (t === 'date') return 'date';
  if (t === 'radio') return 'radio';
  if (t === 'checkbox') return 'checkbox';
  if (TEXT_TYPES.has(t)) return 'text';
  return null; // hidden, submit, file, button, image, range, color, time …
}

function optionsOf(sel: HTMLSelectElement): ChoiceOption[] {
  return Array.from(sel.options).map((o) => ({ value: o.value, text: o.text.trim() }));
}

function base(el: Element, driver: Driver, control: ControlType, labels: string[]): Control {
  const e = el as HTMLInputElement;
  return {
    driver,
    element: el,
    surface: el,
    control,
    cues: {
      control,
      labels,
      autocomplete: el.getAttribute('autocomplete'),
      placeholder: el.getAttribute('placeholder'),
      name: el.getAttribute('name'),
      id: el.getAttribute('id'),
      explicitLabel: control === 'radio' ? null : explicitLabelOf(el),
    },
    label: labels[0] ?? el.getAttribute('placeholder') ?? el.getAttribute('aria-label') ?? el.getAttribute('name') ?? '',
    options: null,
    disabled: !!e.disabled,
    readonly: !!e.readOnly,
    widget: false,
  };
}

export const nativeDriver: Driver = {
  name: 'native',
  find(root, claimed) {
    const out: Control[] = [];
    const radioGroups = new Map<unknown, HTMLInputElement[]>();
    for (const el of Array.from(root.querySelectorAll('input, select, textarea'))) {
      if (claimed.has(el)) continue;
      if (el.tagName === 'SELECT') {
        const c = base(el, this, 'select', labelsOf(el));
        c.options = optionsOf(el as HTMLSelectElement);
        c.cues.options = c.options;
        out.push(c);
      } else if (el.tagName === 'TEXTAREA') {
        out.push(base(el, this, 'textarea', labelsOf(el)));
      } else {
        const t = inputControlType(el as HTMLInputElement);
        if (t === null) continue;
        if (t === 'radio') {
          const key = radioGroupKey(el as HTMLInputElement);
          (radioGroups.get(key) ?? radioGroups.set(key, []).get(key)!).push(el as HTMLInputElement);
          continue;
        }
        out.push(base(el, this, t, labelsOf(el)));
      }
    }
    for (const members of radioGroups.values()) out.push(radioGroupControl(members));
    return out;
  },
  async write(c, v) {
    const el = c.element as HTMLInputElement;
    if (c.control === 'radio') {
      if (v.kind !== 'option') throw new Error('radio needs an option');
      const target = (
        v.option.index !== undefined
          ? c.members?.[v.option.index]
          : c.members?.find((m) => (m as HTMLInputElement).value === v.option.value)
      ) as HTMLInputElement | undefined;
      if (!target) throw new Error('option gone');
      if (target.checked) return;
      // Styled radios (Element, antd) hide the input: click what the person sees, its label (reference §9).
      const label = target.closest('label') ?? target.labels?.[0];
      if (label && !seen(target)) gatedClick(label);
      else gatedClick(target);
      return;
    }
    const value = v.kind === 'option' ? v.option.value : v.text;
    setNativeValue(el, value);
    fireValueEvents(el);
  },
  async loadOptions(c) {
    return c.element.tagName === 'SELECT' ? optionsOf(c.element as HTMLSelectElement) : (c.options ?? []);
  },
  read(c) {
    if (c.control === 'radio') {
      // By position: two 12306 sub-choices share the value 1 (see ChoiceOption.index).
      const i = (c.members ?? []).findIndex((m) => (m as HTMLInputElement).checked);
      return i === -1 ? '' : `#${i}`;
    }
    return (c.element as HTMLInputElement).value;
  },
};

/** Containers that make their radios one group whatever their names (or lack of one). */
const RADIO_GROUP = '[role=radiogroup], .el-radio-group, .ant-radio-group, fieldset, tr';
/** Without a group container: the form row a person reads as one question. */
const RADIO_ROW = '.el-form-item, .ant-form-item, .layui-form-item, .form-group, .form-item, .form-row, li, dd, p';
const formIds = new WeakMap<Element, number>();
let nextFormId = 0;

/**
 * Which group a radio belongs to, as the browser and the person see it: named radios by form and name (the browser's
 * own grouping); nameless ones (Element UI 2.x `el-radio` renders none) by their group container — role=radiogroup,
 * el-radio-group, ant-radio-group, fieldset, table row — else by the form row, else by their parent. Never by
 * the form alone: a form holds many nameless groups (性别, 是否首诊 …).
 */
export function radioGroupKey(el: HTMLInputElement): unknown {
  const name = el.getAttribute('name');
  if (name) {
    const scope = el.form ?? (el.getRootNode() as Element);
    let id = formIds.get(scope);
    if (id === undefined) formIds.set(scope, (id = ++nextFormId));
    return `${id}:${name}`;
  }
  return el.closest(RADIO_GROUP) ?? el.closest(RADIO_ROW) ?? el.closest('label')?.parentElement ?? el.parentElement ?? el;
}

function radioGroupControl(members: HTMLInputElement[]): Control {
  const first = members[0]!;
  const labels = groupLabels(members);
  const options = members.map((m, index) => ({ value: m.value, text: radioText(m), index }));
  const c = base(first, nativeDriver, 'radio', labels);
  c.options = options;
  c.cues.options = options;
  c.cues.placeholder = null;
  c.members = members;
  // The group is what the person sees: the first member, or its label when the input itself is styled away.
  c.surface = seen(first) ? first : (first.closest('label') ?? first.labels?.[0] ?? first);
  c.disabled = members.every((m) => m.disabled);
  // No label at all (12306's sub-choice radios): show the choices themselves.
  c.label =
    labels[0] ??
    (options
      .map((o) => o.text)
      .filter(Boolean)
      .join(' / ') ||
      first.getAttribute('name') ||
      '');
  return c;
}

/** Whether an input is drawn itself (not hidden by a widget library that draws its own radio). */
function seen(el: Element): boolean {
  return hiddenByStyle(el) === null && geometryProblem(el) === null;
}
