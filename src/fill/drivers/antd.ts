/**
 * Ant Design (React) Select and DatePicker (docs/target-forms.md §9). `.click()` does not open an antd
 * Select: dispatch `mousedown` on it (ant-design#22074, #23044), then pick the option in the portal dropdown
 * (`.ant-select-item-option`, label in `title`). The list is virtual — only visible rows exist — so a searchable
 * select gets the option text typed into its search input, and a plain one is scrolled.
 * The DatePicker parses typed text; Enter commits it (a synthetic key event never submits a form).
 */
import { explicitLabelOf, labelsOf } from '../labels.js';
import type { ChoiceOption } from '../types.js';
import { fireValueEvents, setNativeValue } from './native.js';
import { gatedClick } from '../write-gate.js';
import type { Control, Driver } from './types.js';
import { sleep } from './types.js';

const OPEN_WAIT_MS = 1500;

function win(el: Element) {
  return (el.ownerDocument.defaultView ?? window) as Window & typeof globalThis;
}

function mouse(el: Element, type: string) {
  // No `view`: Firefox content scripts see the page window through an Xray wrapper.
  el.dispatchEvent(new (win(el).MouseEvent)(type, { bubbles: true, cancelable: true }));
}

function dropdownOf(c: Control): Element | null {
  const ctl = c.element.getAttribute('aria-controls') ?? `${c.element.id}_list`;
  const list = ctl ? c.element.ownerDocument.getElementById(ctl) : null;
  return list?.closest('.ant-select-dropdown') ?? null;
}

function isOpen(dd: Element | null): boolean {
  return !!dd && !dd.classList.contains('ant-select-dropdown-hidden') && win(dd).getComputedStyle(dd).display !== 'none';
}

function rendered(dd: Element | null): Element[] {
  return dd ? Array.from(dd.querySelectorAll('.ant-select-item-option:not(.ant-select-item-option-disabled)')) : [];
}

function optionText(o: Element): string {
  return (o.getAttribute('title') ?? o.textContent ?? '').trim();
}

function scroller(dd: Element): HTMLElement | null {
  for (const el of Array.from(dd.querySelectorAll('*')) as HTMLElement[]) {
    // rc-virtual-list's holder is overflow:hidden with its own scrollbar, yet follows scrollTop + a scroll event.
    if (el.clientHeight > 0 && el.scrollHeight > el.clientHeight + 4 && /auto|scroll|hidden/.test(win(el).getComputedStyle(el).overflowY)) return el;
  }
  return null;
}

async function open(c: Control): Promise<Element | null> {
  let dd = dropdownOf(c);
  if (isOpen(dd)) return dd;
  const target = c.surface.querySelector('.ant-select-selector, .ant-select-content') ?? c.surface;
  mouse(target, 'mousedown');
  mouse(target, 'mouseup');
  const start = Date.now();
  while (Date.now() - start < OPEN_WAIT_MS) {
    await sleep(30);
    dd = dropdownOf(c);
    if (isOpen(dd) && rendered(dd).length) return dd;
  }
  return dd;
}

/** Walk the virtual list top to bottom, calling `visit` on each rendered batch; stop when it returns true. */
async function walk(dd: Element, visit: (opts: Element[]) => boolean): Promise<boolean> {
  if (visit(rendered(dd))) return true;
  const s = scroller(dd);
  if (!s) return false;
  s.scrollTop = 0;
  for (let i = 0; i < 200; i++) {
    const before = s.scrollTop;
    s.scrollTop = before + Math.max(s.clientHeight - 32, 32);
    s.dispatchEvent(new (win(s).Event)('scroll'));
    await sleep(40);
    if (visit(rendered(dd))) return true;
    if (s.scrollTop === before) break;
  }
  return false;
}

function close(c: Control) {
  const input = c.element as HTMLInputElement;
  input.dispatchEvent(new (win(input).KeyboardEvent)('keydown', { key: 'Escape', bubbles: true }));
  input.dispatchEvent(new (win(input).FocusEvent)('blur'));
}

export const antdSelectDriver: Driver = {
  name: 'antd-select',
  find(root, claimed) {
    const out: Control[] = [];
    for (const sel of Array.from(root.querySelectorAll('.ant-select'))) {
      if (sel.classList.contains('ant-select-dropdown')) continue;
      const input = sel.querySelector('input');
      if (!input) continue;
      claimed.add(input);
      const labels = labelsOf(input, sel);
      const placeholder = sel.querySelector('.ant-select-placeholder, .ant-select-selection-placeholder')?.textContent?.trim() ?? null;
      out.push({
        driver: this, element: input, surface: sel, control: 'select',
        cues: { control: 'select', labels, placeholder, name: input.getAttribute('name'), id: null, explicitLabel: explicitLabelOf(input, sel) },
        label: labels[0] ?? placeholder ?? '', options: null, disabled: sel.classList.contains('ant-select-disabled'),
        readonly: false, widget: true,
      });
    }
    return out;
  },
  async loadOptions(c, hints = []) {
    const dd = await open(c);
    const seen = new Map<string, ChoiceOption>();
    const collect = (opts: Element[]) => { for (const o of opts) { const t = optionText(o); seen.set(t, { value: t, text: t }); } return false; };
    const input = c.element as HTMLInputElement;
    if (dd) {
      await walk(dd, collect);
      // A searchable list also gets each hint typed in (the virtual list may not scroll in every version).
      if (!input.readOnly) {
        for (const h of hints) {
          setNativeValue(input, h);
          input.dispatchEvent(new (win(input).Event)('input', { bubbles: true }));
          await sleep(80);
          collect(rendered(dd));
        }
        setNativeValue(input, '');
        input.dispatchEvent(new (win(input).Event)('input', { bubbles: true }));
      }
    }
    close(c);
    await sleep(50);
    return [...seen.values()];
  },
  async write(c, v) {
    if (v.kind !== 'option') throw new Error('select needs an option');
    const want = v.option.text;
    const dd = await open(c);
    if (!dd) throw new Error('dropdown did not open');
    const input = c.element as HTMLInputElement;
    if (!input.readOnly) {
      setNativeValue(input, want);
      input.dispatchEvent(new (win(input).Event)('input', { bubbles: true }));
      await sleep(80);
    }
    let hit: Element | undefined;
    await walk(dd, (opts) => { hit = opts.find((o) => optionText(o) === want); return !!hit; });
    if (!hit) { close(c); throw new Error('option not found'); }
    mouse(hit, 'mousedown');
    mouse(hit, 'mouseup');
    gatedClick(hit);
    await sleep(50);
  },
  read(c) {
    const content = c.surface.querySelector('.ant-select-content-has-value, .ant-select-selection-item');
    return content ? (content.getAttribute('title') ?? content.textContent ?? '').trim() : '';
  },
};

export const antdDatePickerDriver: Driver = {
  name: 'antd-date',
  find(root, claimed) {
    const out: Control[] = [];
    for (const picker of Array.from(root.querySelectorAll('.ant-picker:not(.ant-picker-range)'))) {
      const input = picker.querySelector('input');
      if (!input) continue;
      claimed.add(input);
      const labels = labelsOf(input, picker);
      out.push({
        driver: this, element: input, surface: picker, control: 'text',
        cues: { control: 'text', labels, placeholder: input.getAttribute('placeholder'), name: input.getAttribute('name'), id: input.id || null, explicitLabel: explicitLabelOf(input, picker) },
        label: labels[0] ?? input.getAttribute('placeholder') ?? '', options: null,
        disabled: picker.classList.contains('ant-picker-disabled') || input.disabled, readonly: false, widget: true,
      });
    }
    return out;
  },
  async write(c, v) {
    if (v.kind !== 'text') throw new Error('date picker needs text');
    const input = c.element as HTMLInputElement;
    setNativeValue(input, v.text);
    input.dispatchEvent(new (win(input).Event)('input', { bubbles: true }));
    await sleep(30);
    input.dispatchEvent(new (win(input).KeyboardEvent)('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, bubbles: true }));
    await sleep(30);
    fireValueEvents(input);
  },
  read(c) {
    return (c.element as HTMLInputElement).value;
  },
};
