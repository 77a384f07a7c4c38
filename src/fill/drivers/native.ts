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
import { gatedClick, gatedSetValue } from '../write-gate.js';

const TEXT_TYPES = new Set(['', 'text', 'search', 'tel', 'number', 'email', 'url']);

function w(el: Element): Window & typeof globalThis {
  return (el.ownerDocument.defaultView ?? window) as Window & typeof globalThis;
}

/** Kept for the drivers' call sites: every value write goes through the write gate (write-gate.ts). */
export const setNativeValue = gatedSetValue;

export function fireValueEvents(el: Element): void {
  const win = w(el);
  el.dispatchEvent(new win.Event('input', { bubbles: true, composed: true }));
  el.dispatchEvent(new win.Event('change', { bubbles: true }));
  el.dispatchEvent(new win.FocusEvent('blur'));
  el.dispatchEvent(new win.FocusEvent('focusout', { bubbles: true, composed: true }));
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
    driver, element: el, surface: el, control,
    cues: { control, labels, autocomplete: el.getAttribute('autocomplete'), placeholder: el.getAttribute('placeholder'),
      name: el.getAttribute('name'), id: el.getAttribute('id'), explicitLabel: control === 'radio' ? null : explicitLabelOf(el) },
    label: labels[0] ?? el.getAttribute('placeholder') ?? el.getAttribute('aria-label') ?? el.getAttribute('name') ?? '',
    options: null, disabled: !!e.disabled, readonly: !!e.readOnly, widget: false,
  };
}

export const nativeDriver: Driver = {
  name: 'native',
  find(root, claimed) {
    const out: Control[] = [];
    const radioGroups = new Map<string, HTMLInputElement[]>();
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
          const name = el.getAttribute('name') ?? `#${el.id}`;
          const key = `${(el as HTMLInputElement).form ? 'f' : ''}:${name}`;
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
      const target = (v.option.index !== undefined ? c.members?.[v.option.index]
        : c.members?.find((m) => (m as HTMLInputElement).value === v.option.value)) as HTMLInputElement | undefined;
      if (!target) throw new Error('option gone');
      if (target.checked) return;
      // Styled radios (Element, antd) hide the input: click what the person sees, its label (reference §9).
      const label = target.closest('label') ?? target.labels?.[0];
      if (label && !seen(target)) gatedClick(label); else gatedClick(target);
      return;
    }
    const value = v.kind === 'option' ? v.option.value : v.text;
    setNativeValue(el, value);
    fireValueEvents(el);
  },
  async loadOptions(c) {
    return c.element.tagName === 'SELECT' ? optionsOf(c.element as HTMLSelectElement) : c.options ?? [];
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
  c.surface = seen(first) ? first : first.closest('label') ?? first.labels?.[0] ?? first;
  c.disabled = members.every((m) => m.disabled);
  // No label at all (12306's sub-choice radios): show the choices themselves.
  c.label = labels[0] ?? (options.map((o) => o.text).filter(Boolean).join(' / ') || first.getAttribute('name') || '');
  return c;
}

/** Whether an input is drawn itself (not hidden by a widget library that draws its own radio). */
function seen(el: Element): boolean {
  return hiddenByStyle(el) === null && geometryProblem(el) === null;
}
