/**
 * Fake radios of mobile forms (docs/target-forms.md §6 and §9): a few `a`/`span`/`div` elements with a class
 * like check-radio, the choice shown by a class such as `checked`/`active`, and no input at all. Only a group whose
 * choices read exactly 男/女 (or Male/Female) is taken, so nothing else on a page is mistaken for one. Written by
 * clicking the choice, then checking that its class changed.
 */
import { labelsOf } from '../labels.js';
import { gatedClick } from '../write-gate.js';
import type { Control, Driver } from './types.js';
import { sleep } from './types.js';

const CHOICE_CLASS = /radio|check|option|choice|sex|gender|item|btn/i;
const SELECTED_CLASS = /(^|[\s_-])(checked|active|selected|on|cur|current|is-checked)($|\s)/i;
const SEX_TEXT = /^(男|女|男性|女性|male|female)$/i;

function choicesIn(container: Element): Element[] {
  // A real input next to the choices means a library draws them for that input (layui): not a fake radio.
  if (container.querySelector('input, select, textarea')) return [];
  const kids = Array.from(container.children).filter((k) => /^(A|SPAN|DIV|LI|LABEL|I|EM|B)$/.test(k.tagName));
  return kids.length >= 2 && kids.length <= 4 && kids.every((k) => !k.querySelector('input, select, textarea')) ? kids : [];
}

export const fakeRadioDriver: Driver = {
  name: 'fake-radio',
  find(root, claimed) {
    const out: Control[] = [];
    const seen = new Set<Element>();
    // Only elements with a class can be a choice; the class is tested before textContent, which is costly on
    // every div of a big page (docs/benchmarks.md §3).
    for (const el of Array.from(root.querySelectorAll('a[class], span[class], div[class], li[class], label[class]'))) {
      if (!CHOICE_CLASS.test(el.className || '')) continue;
      const container = el.parentElement;
      if (!container || seen.has(container) || claimed.has(container)) continue;
      if (!SEX_TEXT.test((el.textContent ?? '').trim())) continue;
      seen.add(container);
      const choices = choicesIn(container);
      if (!choices.length) continue;
      const texts = choices.map((c) => (c.textContent ?? '').trim());
      if (
        !texts.every((t) => SEX_TEXT.test(t)) ||
        !texts.some((t) => /^(男|男性|male)$/i.test(t)) ||
        !texts.some((t) => /^(女|女性|female)$/i.test(t))
      )
        continue;
      const labels = labelsOf(container);
      const options = texts.map((t, index) => ({ value: t, text: t, index }));
      out.push({
        driver: this,
        element: container,
        surface: container,
        control: 'radio',
        cues: { control: 'radio', labels, placeholder: null, name: null, id: container.id || null, options },
        label: labels[0] ?? texts.join(' / '),
        options,
        disabled: /disabled/i.test(container.className || ''),
        readonly: false,
        widget: true,
        members: choices,
      });
    }
    return out;
  },
  async write(c, v) {
    if (v.kind !== 'option' || v.option.index === undefined) throw new Error('fake radio needs an option');
    const target = c.members?.[v.option.index];
    if (!target) throw new Error('option gone');
    gatedClick(target);
    await sleep(30);
  },
  read(c) {
    const i = (c.members ?? []).findIndex((m) => SELECTED_CLASS.test(m.className || ''));
    return i === -1 ? '' : `#${i}`;
  },
};
