/**
 * Element Plus (Vue 3) and Element UI (Vue 2) selects (docs/target-forms.md §9): the visible part is
 * `.el-select__wrapper` (Plus) or `.el-input` (UI) holding a readonly input; the options live in a dropdown
 * appended to body, tied to the input by `aria-controls` (Plus). Open by clicking, then click the item whose
 * text matches. Element radios and date pickers go through the native driver (styled radios are clicked on their
 * label; an editable date picker parses typed text on `change`, ElemeFE/element #17945).
 */
import { explicitLabelOf, labelsOf } from '../labels.js';
import type { ChoiceOption } from '../types.js';
import { gatedClick } from '../write-gate.js';
import type { Control, Driver } from './types.js';
import { sleep } from './types.js';

const OPEN_WAIT_MS = 1500;

function itemText(li: Element): string {
  return (li.querySelector('span')?.textContent ?? li.textContent ?? '').trim();
}

function listFor(c: Control): Element | null {
  const doc = c.element.ownerDocument;
  const id = c.element.getAttribute('aria-controls');
  const byId = id ? doc.getElementById(id) : null;
  if (byId) return byId.closest('.el-select-dropdown') ?? byId;
  // Element UI: the visible dropdown appended to body.
  const win = doc.defaultView ?? window;
  const open = Array.from(doc.querySelectorAll('.el-select-dropdown')).filter((d) => win.getComputedStyle(d).display !== 'none');
  return open.length === 1 ? open[0]! : null;
}

function items(list: Element | null): Element[] {
  if (!list) return [];
  return Array.from(list.querySelectorAll('.el-select-dropdown__item')).filter((li) => !li.classList.contains('is-disabled'));
}

function optionsFrom(list: Element | null): ChoiceOption[] | null {
  const lis = items(list);
  if (!lis.length) return null;
  return lis.map((li) => { const t = itemText(li); return { value: t, text: t }; });
}

function isShown(el: Element): boolean {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && (el.ownerDocument.defaultView ?? window).getComputedStyle(el).visibility !== 'hidden';
}

export const elementSelectDriver: Driver = {
  name: 'element-select',
  find(root, claimed) {
    const out: Control[] = [];
    for (const sel of Array.from(root.querySelectorAll('.el-select'))) {
      const surface = sel.querySelector('.el-select__wrapper') ?? sel.querySelector('.el-input') ?? sel;
      const input = sel.querySelector('input');
      if (!input) continue;
      sel.querySelectorAll('input').forEach((i) => claimed.add(i));
      const labels = labelsOf(input, sel);
      const disabled = surface.classList.contains('is-disabled') || sel.classList.contains('is-disabled') || (input as HTMLInputElement).disabled;
      const c: Control = {
        driver: this, element: input, surface, control: 'select',
        cues: { control: 'select', labels, placeholder: placeholderOf(sel, input), name: input.getAttribute('name'), id: null, explicitLabel: explicitLabelOf(input, sel) },
        label: labels[0] ?? placeholderOf(sel, input) ?? '', options: null, disabled, readonly: false, widget: true,
      };
      c.options = optionsFrom(listFor(c));
      c.cues.options = c.options ?? undefined;
      out.push(c);
    }
    return out;
  },
  async loadOptions(c) {
    await open(c);
    return optionsFrom(listFor(c)) ?? [];
  },
  async write(c, v) {
    if (v.kind !== 'option') throw new Error('select needs an option');
    await open(c);
    const li = items(listFor(c)).find((x) => itemText(x) === v.option.text);
    if (!li) throw new Error('option not found');
    li.scrollIntoView({ block: 'nearest' });
    gatedClick(li);
    await sleep(50);
  },
  read(c) {
    const sel = c.element.closest('.el-select');
    const ph = sel?.querySelector('.el-select__placeholder');
    if (ph) return ph.classList.contains('is-transparent') ? '' : (ph.textContent ?? '').trim();
    return (c.element as HTMLInputElement).value;
  },
};

function placeholderOf(sel: Element, input: Element): string | null {
  return input.getAttribute('placeholder') ?? sel.querySelector('.el-select__placeholder.is-transparent')?.textContent?.trim() ?? null;
}

async function open(c: Control): Promise<void> {
  const list = listFor(c);
  if (list && isShown(list)) return;
  gatedClick(c.surface);
  const start = Date.now();
  while (Date.now() - start < OPEN_WAIT_MS) {
    await sleep(30);
    const l = listFor(c);
    if (l && isShown(l) && items(l).length) return;
  }
}
