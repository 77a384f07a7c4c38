/**
 * Ant Design (React) Select and DatePicker (docs/target-forms.md §9). `.click()` does not open an antd
 * Select: dispatch `mousedown` on it (ant-design#22074, #23044), then pick the option in the portal dropdown
 * (`.ant-select-item-option`, label in `title`). The list is virtual — only visible rows exist — so a searchable
 * select gets the option text typed into its search input, and a plain one is scrolled.
 * The DatePicker is focused (opens its panel), typed into, and Enter commits it (a synthetic key event never submits
 * a form). Every dropdown is closed again and waited out, so it covers no later field.
 */
import { explicitLabelOf, labelsOf } from '../labels.js';
import type { ChoiceOption } from '../types.js';
import { gatedClick, gatedCommit, gatedFocus, gatedKey, gatedMouse, gatedType, writeRefusal } from '../write-gate.js';
import type { Control, Driver } from './types.js';
import { sleep } from './types.js';

const OPEN_WAIT_MS = 1500;
const CLOSE_WAIT_MS = 1000;

function win(el: Element) {
  return (el.ownerDocument.defaultView ?? window) as Window & typeof globalThis;
}

function dropdownOf(c: Control): Element | null {
  const ctl = c.element.getAttribute('aria-controls') ?? c.element.getAttribute('aria-owns') ?? `${c.element.id}_list`;
  const list = ctl ? c.element.ownerDocument.getElementById(ctl) : null;
  return list?.closest('.ant-select-dropdown') ?? null;
}

/**
 * Shown, from the classes and inline style rc-trigger sets (hidden class, `display: none`): polled while the list
 * opens and closes, so it reads no computed style, which would force a style recalc of the re-rendering page on
 * every poll (docs/benchmarks.md "Fill engine").
 */
function isShown(dd: Element | null): dd is Element {
  return !!dd && dd.isConnected && !dd.classList.contains('ant-select-dropdown-hidden') && (dd as HTMLElement).style.display !== 'none';
}

function isOpen(dd: Element | null): dd is Element {
  // rc-motion's leave classes: the dropdown is closing.
  return isShown(dd) && !/ant-slide-up-leave/.test(dd.className);
}

function rendered(dd: Element | null): Element[] {
  return dd ? Array.from(dd.querySelectorAll('.ant-select-item-option:not(.ant-select-item-option-disabled)')) : [];
}

function optionText(o: Element): string {
  return (o.getAttribute('title') ?? o.textContent ?? '').trim();
}

function scroller(dd: Element): HTMLElement | null {
  // rc-virtual-list's holder (antd 4 to 6); else the first element that scrolls (costly: computed styles).
  const holder = dd.querySelector<HTMLElement>('.rc-virtual-list-holder');
  if (holder) return holder.scrollHeight > holder.clientHeight + 4 ? holder : null;
  for (const el of Array.from(dd.querySelectorAll('*')) as HTMLElement[]) {
    // rc-virtual-list's holder is overflow:hidden with its own scrollbar, yet follows scrollTop + a scroll event.
    if (el.clientHeight > 0 && el.scrollHeight > el.clientHeight + 4 && /auto|scroll|hidden/.test(win(el).getComputedStyle(el).overflowY))
      return el;
  }
  return null;
}

/** How long an option may take to finish sliding in on a busy computer (spent only while it is still moving). */
const FADE_IN_WAIT_MS = 4000;

async function whenWritable(el: Element): Promise<void> {
  const start = Date.now();
  // First the cheap sign (rc-motion's classes on the dropdown), then the gate's own check, which reads styles.
  const dd = el.closest('.ant-select-dropdown');
  while (dd && /ant-slide-up-(enter|appear)/.test(dd.className) && Date.now() - start < FADE_IN_WAIT_MS) await sleep(30);
  while (writeRefusal(el) && Date.now() - start < FADE_IN_WAIT_MS) await sleep(50);
}

function trigger(c: Control): Element {
  return c.surface.querySelector('.ant-select-selector, .ant-select-content') ?? c.surface;
}

async function open(c: Control): Promise<Element | null> {
  let dd = dropdownOf(c);
  for (const start = Date.now(); isShown(dd) && !isOpen(dd) && Date.now() - start < CLOSE_WAIT_MS; dd = dropdownOf(c)) await sleep(30);
  if (isOpen(dd) && rendered(dd).length) return dd;
  const t = trigger(c);
  gatedMouse(t, 'mousedown');
  gatedMouse(t, 'mouseup');
  for (const start = Date.now(); Date.now() - start < OPEN_WAIT_MS; ) {
    await sleep(30);
    dd = dropdownOf(c);
    // Options that are still sliding in are waited for one by one (whenWritable), not the whole motion.
    if (isOpen(dd) && rendered(dd).length) return dd;
  }
  return isOpen(dd) ? dd : null;
}

/** Walk the virtual list top to bottom, calling `visit` on each rendered batch; stop when it returns true. */
async function walk(dd: Element, visit: (opts: Element[]) => boolean): Promise<boolean> {
  if (visit(rendered(dd))) return true;
  const s = scroller(dd);
  if (!s) return false;
  // Scrolling the list is reading it, not writing the page's data (as a person's wheel).
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

/** Close the dropdown (Escape, as a person presses) unless the pick closed it, and wait until it slid away. */
async function close(c: Control): Promise<void> {
  const input = c.element as HTMLInputElement;
  if (isOpen(dropdownOf(c))) {
    try {
      gatedKey(input, 'Escape');
    } catch {
      /* the search input can be hidden while a value shows */
    }
  }
  // Closing once it is on its way out (hidden class or leave motion); the engine waits for a field it still covers.
  for (const start = Date.now(); isOpen(dropdownOf(c)) && Date.now() - start < CLOSE_WAIT_MS; ) await sleep(30);
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
        driver: this,
        element: input,
        surface: sel,
        control: 'select',
        cues: {
          control: 'select',
          labels,
          placeholder,
          name: input.getAttribute('name'),
          id: null,
          explicitLabel: explicitLabelOf(input, sel),
        },
        label: labels[0] ?? placeholder ?? '',
        options: null,
        disabled: sel.classList.contains('ant-select-disabled'),
        readonly: false,
        widget: true,
      });
    }
    return out;
  },
  async loadOptions(c) {
    const seen = new Map<string, ChoiceOption>();
    try {
      const dd = await open(c);
      // Every option by scrolling the list: card data is never typed into a search box before an option matched.
      if (dd)
        await walk(dd, (opts) => {
          for (const o of opts) {
            const t = optionText(o);
            seen.set(t, { value: t, text: t });
          }
          return false;
        });
    } finally {
      await close(c);
    }
    return [...seen.values()];
  },
  async write(c, v) {
    if (v.kind !== 'option') throw new Error('select needs an option');
    const want = v.option.text;
    const input = c.element as HTMLInputElement;
    try {
      const dd = await open(c);
      if (!dd) throw new Error('dropdown did not open');
      // A searchable list filters on typed text: type the option's own text, which is known to be in the list.
      const known = c.options?.some((o) => o.text === want);
      if (!input.readOnly && known) {
        gatedType(input, want);
        await sleep(80);
      }
      let hit: Element | undefined;
      await walk(dd, (opts) => {
        hit = opts.find((o) => optionText(o) === want);
        return !!hit;
      });
      if (!hit) throw new Error('option not found');
      await whenWritable(hit);
      gatedMouse(hit, 'mousedown');
      gatedMouse(hit, 'mouseup');
      gatedClick(hit);
      await sleep(50);
    } finally {
      await close(c);
    }
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
        driver: this,
        element: input,
        surface: picker,
        control: 'text',
        cues: {
          control: 'text',
          labels,
          placeholder: input.getAttribute('placeholder'),
          name: input.getAttribute('name'),
          id: input.id || null,
          explicitLabel: explicitLabelOf(input, picker),
        },
        label: labels[0] ?? input.getAttribute('placeholder') ?? '',
        options: null,
        disabled: picker.classList.contains('ant-picker-disabled') || input.disabled,
        readonly: false,
        widget: true,
      });
    }
    return out;
  },
  async write(c, v) {
    if (v.kind !== 'text') throw new Error('date picker needs text');
    const input = c.element as HTMLInputElement;
    const doc = input.ownerDocument;
    const panels = () =>
      Array.from(doc.querySelectorAll('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)')).filter(
        (p) => (p as HTMLElement).style.display !== 'none' && !/ant-slide-up-leave/.test(p.className),
      );
    // Focus opens the panel (antd 4 takes typed text only while it is open), type, Enter commits a valid,
    // enabled date; anything else is dropped when the field is left, so the committed value reads back.
    gatedFocus(input);
    gatedMouse(input, 'mousedown');
    await sleep(50);
    gatedType(input, v.text);
    await sleep(50);
    gatedKey(input, 'Enter');
    await sleep(50);
    if (panels().length) {
      try {
        gatedKey(input, 'Escape');
      } catch {
        /* gone */
      }
    }
    gatedCommit(input, { change: false });
    for (const start = Date.now(); panels().length && Date.now() - start < CLOSE_WAIT_MS; ) await sleep(30);
    await sleep(30);
  },
  read(c) {
    return (c.element as HTMLInputElement).value;
  },
};
