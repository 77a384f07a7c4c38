/**
 * layui form widgets (docs/target-forms.md §9): `form.render()` hides the native select and draws
 * `div.layui-form-select` (readonly title input + `dl > dd[lay-value]`); radios become `div.layui-form-radio`.
 * Clicking the title and then the `dd` is what updates the native select and fires the page's
 * `form.on('select(filter)')` handlers; setting the native value would not (layui docs). Same for radios.
 * laydate inputs are plain (often readonly) inputs and go through the native driver.
 */
import { explicitLabelOf, groupLabels, labelsOf } from '../labels.js';
import type { ChoiceOption } from '../types.js';
import { gatedClick, writeRefusal } from '../write-gate.js';
import type { Control, Driver } from './types.js';
import { sleep } from './types.js';

const OPEN_WAIT_MS = 1500;
/** How long the list may take to finish sliding in on a busy computer (spent only while it is still moving). */
const FADE_IN_WAIT_MS = 4000;

function isLayuiSelect(sel: Element): boolean {
  return !!sel.nextElementSibling?.classList.contains('layui-form-select');
}

export const layuiDriver: Driver = {
  name: 'layui',
  find(root, claimed) {
    const out: Control[] = [];
    for (const sel of Array.from(root.querySelectorAll('select')).filter(isLayuiSelect) as HTMLSelectElement[]) {
      const drawn = sel.nextElementSibling!;
      const title = drawn.querySelector('.layui-select-title') ?? drawn;
      claimed.add(sel);
      drawn.querySelectorAll('input').forEach((i) => claimed.add(i));
      const labels = labelsOf(sel, drawn);
      const options: ChoiceOption[] = Array.from(sel.options).map((o) => ({ value: o.value, text: o.text.trim() }));
      out.push({
        driver: this,
        element: sel,
        surface: title,
        control: 'select',
        cues: {
          control: 'select',
          labels,
          placeholder: null,
          name: sel.getAttribute('name'),
          id: sel.id || null,
          options,
          explicitLabel: explicitLabelOf(sel, drawn),
        },
        label: labels[0] ?? sel.name,
        options,
        disabled: sel.disabled,
        readonly: false,
        widget: true,
      });
    }
    const groups = new Map<string, HTMLInputElement[]>();
    for (const r of Array.from(root.querySelectorAll('input[type=radio]')) as HTMLInputElement[]) {
      if (!r.nextElementSibling?.classList.contains('layui-form-radio')) continue;
      claimed.add(r);
      (groups.get(r.name) ?? groups.set(r.name, []).get(r.name)!).push(r);
    }
    for (const members of groups.values()) {
      const first = members[0]!;
      const labels = groupLabels(members);
      const options = members.map((m) => ({
        value: m.value,
        text: m.getAttribute('title') ?? m.nextElementSibling?.textContent?.trim() ?? '',
      }));
      out.push({
        driver: this,
        element: first,
        surface: first.nextElementSibling!,
        control: 'radio',
        cues: { control: 'radio', labels, placeholder: null, name: first.name, id: first.id || null, options },
        label: labels[0] ?? first.name,
        options,
        disabled: members.every((m) => m.disabled),
        readonly: false,
        widget: true,
        members: members.map((m) => m.nextElementSibling!),
      });
    }
    return out;
  },
  async write(c, v) {
    if (v.kind !== 'option') throw new Error('layui widgets take an option');
    if (c.control === 'radio') {
      const drawn = c.members?.find((d) => (d.previousElementSibling as HTMLInputElement | null)?.value === v.option.value);
      if (!drawn) throw new Error('option gone');
      gatedClick(drawn);
      return;
    }
    const drawn = c.element.nextElementSibling!;
    const dd = Array.from(drawn.querySelectorAll('dd[lay-value]')).find((d) => d.getAttribute('lay-value') === v.option.value);
    if (!dd) throw new Error('option gone');
    try {
      // A person clicks the title's input: layui 2.5 closes the list again on a click whose target is not a
      // child of the title (its document-level click handler).
      if (!drawn.classList.contains('layui-form-selected')) gatedClick(c.surface.querySelector('input') ?? c.surface);
      // The list slides in (layui-anim-upbit): its items take clicks once shown.
      dd.scrollIntoView({ block: 'nearest' });
      for (const start = Date.now(); writeRefusal(dd) && Date.now() - start < FADE_IN_WAIT_MS; ) await sleep(50);
      gatedClick(dd);
      await sleep(30);
    } finally {
      // Picking closes the list; if it is still open (a refused pick), the title's click closes it, as for a person.
      if (drawn.classList.contains('layui-form-selected')) {
        try {
          gatedClick(c.surface.querySelector('input') ?? c.surface);
        } catch {
          /* gone */
        }
      }
      for (const start = Date.now(); drawn.classList.contains('layui-form-selected') && Date.now() - start < OPEN_WAIT_MS; )
        await sleep(30);
    }
  },
  read(c) {
    if (c.control === 'radio') {
      const inputs = (c.members ?? []).map((d) => d.previousElementSibling as HTMLInputElement);
      return inputs.find((i) => i.checked)?.value ?? '';
    }
    return (c.element as HTMLSelectElement).value;
  },
};
