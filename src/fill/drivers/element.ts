/**
 * Element UI 2.x (Vue 2) and Element Plus (Vue 3) widgets, driven as a person does so the component's own model
 * takes the value (src/fill/README.md, "Drivers"):
 * - select: click the trigger, click the item in this select's own dropdown, check the dropdown closed;
 * - cascader: open, click through the levels to the leaf (which commits and closes);
 * - date picker: focus (opens the panel), type the date, Enter commits it, Escape closes what is still open.
 * The dropdowns are appended to body; Element Plus ties them to the input with `aria-controls`, the older versions
 * do not, and a page holds several. A select's own dropdown is the one inside it before its first opening (Element
 * UI moves that very element to body), the one `aria-controls` names, or the one that appeared on this click.
 * After closing, `read()` returns what the component shows once it re-rendered from its model, so a value the
 * widget did not take reads back as the old one and the engine reports it as changed back, never as filled.
 */
import { explicitLabelOf, labelsOf } from '../labels.js';
import type { ChoiceOption } from '../types.js';
import { gatedClick, gatedCommit, gatedFocus, gatedKey, gatedMouse, gatedType, writeRefusal } from '../write-gate.js';
import type { Control, Driver } from './types.js';
import { sleep } from './types.js';

const OPEN_WAIT_MS = 1500;
/**
 * How long a popup's fade-in may take before its items take clicks. Generous: on a busy computer, a page's
 * transition frames come late; this is spent only while the popup is still fading in.
 */
const FADE_IN_WAIT_MS = 4000;
const CLOSE_WAIT_MS = 1000;

const SELECT_POPUP = '.el-select-dropdown';
const CASCADER_POPUP = '.el-cascader__dropdown, .el-cascader-menus';

/** The dropdown each widget opened, remembered across plan and fill (elements only, never values). */
const popupOf = new WeakMap<Element, Element>();

/**
 * Shown, from the inline `display: none` Element's v-show puts on a popup (or its popper wrapper): polled while a
 * popup opens and closes, so it reads no layout or computed style, which would force the re-rendering page to
 * recalculate styles on every poll (docs/benchmarks.md "Fill engine").
 */
function isShown(el: Element | null | undefined): el is Element {
  if (!el || !el.isConnected) return false;
  for (let cur: Element | null = el; cur && cur !== el.ownerDocument.body; cur = cur.parentElement) {
    if ((cur as HTMLElement).style?.display === 'none') return false;
  }
  return true;
}

function shownPopups(doc: Document, selector: string): Element[] {
  return Array.from(doc.querySelectorAll(selector)).filter(isShown);
}

function distance(a: Element, b: Element): number {
  const x = a.getBoundingClientRect();
  const y = b.getBoundingClientRect();
  return Math.abs(x.left - y.left) + Math.min(Math.abs(x.bottom - y.top), Math.abs(x.top - y.bottom));
}

/** This widget's dropdown if known now (aria-controls, inside the widget, or remembered). */
function knownPopup(root: Element, input: Element, selector: string): Element | null {
  const id = input.getAttribute('aria-controls');
  const byId = id ? input.ownerDocument.getElementById(id) : null;
  const found = byId?.closest(selector) ?? byId?.querySelector(selector) ?? root.querySelector(selector) ?? popupOf.get(root) ?? null;
  if (found) popupOf.set(root, found);
  return found;
}

/** Open (shown and not on its way out: Element fades a closing popup and marks it aria-hidden first). */
function isOpen(p: Element | null | undefined): p is Element {
  return isShown(p) && !isLeaving(p) && !p.closest('[aria-hidden="true"]');
}

/** Wait for a popup that is fading out to be gone, so it is neither taken for open nor covering a field. */
async function whenGone(p: Element | null): Promise<void> {
  for (const start = Date.now(); isShown(p) && !isOpen(p) && Date.now() - start < CLOSE_WAIT_MS; ) await sleep(30);
}

/** Open the widget by clicking its trigger and return its dropdown once it shows items. */
async function openPopup(root: Element, input: Element, trigger: Element, selector: string, itemSel: string): Promise<Element | null> {
  const doc = root.ownerDocument;
  const known = knownPopup(root, input, selector);
  await whenGone(known);
  if (isOpen(known) && known.querySelector(itemSel)) return known;
  const before = new Set(shownPopups(doc, selector));
  // The pointer comes over the widget before it clicks: Element Plus 2.3's select ignores a click without it.
  gatedMouse(root, 'mouseenter');
  gatedMouse(trigger, 'mouseover');
  gatedClick(trigger);
  let clicks = 1;
  for (const start = Date.now(); Date.now() - start < OPEN_WAIT_MS; ) {
    await sleep(30);
    // A widget whose state still says "open" after Escape hid its menu (Element UI 2.4 cascader) toggles it
    // shut on the first click: a second click opens it, as it would for a person.
    if (clicks === 1 && Date.now() - start > OPEN_WAIT_MS / 3 && !shownPopups(doc, selector).some((p) => !before.has(p))) {
      gatedClick(trigger);
      clicks++;
    }
    const k = knownPopup(root, input, selector);
    if (isOpen(k)) {
      if (k.querySelector(itemSel)) return k;
      continue;
    }
    const fresh = shownPopups(doc, selector).filter((p) => !before.has(p) && isOpen(p));
    if (fresh.length) {
      const p = fresh.sort((a, b) => distance(a, trigger) - distance(b, trigger))[0]!;
      popupOf.set(root, p);
      if (p.querySelector(itemSel)) return p;
    }
  }
  const k = knownPopup(root, input, selector);
  return isOpen(k) ? k : null;
}

/** Close the dropdown if the pick did not close it (Escape on the input, as a person would press), and wait it out. */
async function closePopup(root: Element, input: HTMLInputElement, selector: string): Promise<void> {
  const popup = () => knownPopup(root, input, selector);
  for (let attempt = 0; attempt < 2; attempt++) {
    for (const start = Date.now(); Date.now() - start < CLOSE_WAIT_MS / 2; ) {
      if (!isOpen(popup())) return whenGone(popup());
      await sleep(30);
    }
    try {
      // Escape first; then a press outside the widget (Element's click-outside closes every popup; Element UI
      // 2.4's cascader only closes that way).
      if (attempt === 0) gatedKey(input, 'Escape');
      else {
        const body = root.ownerDocument.body;
        gatedMouse(body, 'mousedown');
        gatedMouse(body, 'mouseup');
      }
    } catch {
      /* the input may be hidden while the list is open */
    }
  }
  for (const start = Date.now(); isOpen(popup()) && Date.now() - start < CLOSE_WAIT_MS / 2; ) await sleep(30);
  await whenGone(popup());
}

/** Element's popups fade out with a transition class; one that is leaving no longer takes clicks. */
function isLeaving(el: Element): boolean {
  return /-leave-active|-leave-to/.test(el.className) || /-leave-active|-leave-to/.test(el.parentElement?.className ?? '');
}

/**
 * Click an item of a dropdown once it may be clicked: Element's popups zoom and fade in, and an item is invisible to
 * the write gate (and to a person) until the transition ends; scrolled into the list's view if the list scrolls.
 */
async function pick(li: Element): Promise<void> {
  const start = Date.now();
  // First the cheap sign (the transition's enter classes on the popup), then the gate's own check, which reads styles.
  const popup = li.closest('.el-popper') ?? li.closest(`${SELECT_POPUP}, ${CASCADER_POPUP}`);
  const entering = () =>
    !!popup && (/-enter-active|-enter-to|-enter-from/.test(popup.className) || /-enter-active/.test(popup.parentElement?.className ?? ''));
  while (entering() && Date.now() - start < FADE_IN_WAIT_MS) await sleep(30);
  // Scrolled into the list's view again while waiting: a list that is still zooming in (scaled) scrolls short.
  for (; ; await sleep(50)) {
    li.scrollIntoView({ block: 'nearest' });
    if (!writeRefusal(li) || Date.now() - start > FADE_IN_WAIT_MS) break;
  }
  gatedClick(li);
}

// ---------------------------------------------------------------------------------------------------- select

function itemText(li: Element): string {
  return (li.querySelector('span')?.textContent ?? li.textContent ?? '').trim();
}

function items(list: Element | null): Element[] {
  if (!list) return [];
  return Array.from(list.querySelectorAll('.el-select-dropdown__item')).filter((li) => !li.classList.contains('is-disabled'));
}

function optionsFrom(list: Element | null): ChoiceOption[] | null {
  const lis = items(list);
  if (!lis.length) return null;
  return lis.map((li) => {
    const t = itemText(li);
    return { value: t, text: t };
  });
}

function selectRoot(c: Control): Element {
  return c.element.closest('.el-select') ?? c.surface;
}

function placeholderOf(sel: Element, input: Element): string | null {
  return input.getAttribute('placeholder') ?? sel.querySelector('.el-select__placeholder.is-transparent')?.textContent?.trim() ?? null;
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
      const disabled =
        surface.classList.contains('is-disabled') || sel.classList.contains('is-disabled') || (input as HTMLInputElement).disabled;
      const c: Control = {
        driver: this,
        element: input,
        surface,
        control: 'select',
        cues: {
          control: 'select',
          labels,
          placeholder: placeholderOf(sel, input),
          name: input.getAttribute('name'),
          id: null,
          explicitLabel: explicitLabelOf(input, sel),
        },
        label: labels[0] ?? placeholderOf(sel, input) ?? '',
        options: null,
        disabled,
        readonly: false,
        widget: true,
      };
      // Options rendered before any opening are this select's own (inside it, or named by aria-controls).
      c.options = optionsFrom(knownPopup(sel, input, SELECT_POPUP));
      c.cues.options = c.options ?? undefined;
      out.push(c);
    }
    return out;
  },
  async loadOptions(c) {
    const root = selectRoot(c);
    try {
      return optionsFrom(await openPopup(root, c.element, c.surface, SELECT_POPUP, '.el-select-dropdown__item')) ?? [];
    } finally {
      await closePopup(root, c.element as HTMLInputElement, SELECT_POPUP);
    }
  },
  async write(c, v) {
    if (v.kind !== 'option') throw new Error('select needs an option');
    const root = selectRoot(c);
    const input = c.element as HTMLInputElement;
    const list = await openPopup(root, input, c.surface, SELECT_POPUP, '.el-select-dropdown__item');
    try {
      const li = items(list).find((x) => itemText(x) === v.option.text);
      if (!li) throw new Error('option not found');
      await pick(li);
    } finally {
      // Never leave a dropdown open: it covers the next field.
      await closePopup(root, input, SELECT_POPUP);
    }
  },
  read(c) {
    const sel = selectRoot(c);
    // Element Plus ≥ 2.5 shows the choice in the placeholder span (transparent while empty); older versions in
    // the readonly input (the selected label).
    const ph = sel.querySelector('.el-select__placeholder');
    if (ph) return ph.classList.contains('is-transparent') ? '' : (ph.textContent ?? '').trim();
    return (c.element as HTMLInputElement).value;
  },
};

// -------------------------------------------------------------------------------------------------- cascader

/** One menu's nodes: Element UI 2.4 `li.el-cascader-menu__item`; Element UI ≥ 2.8 and Element Plus `li.el-cascader-node`. */
const NODE = 'li.el-cascader-node, li.el-cascader-menu__item';

function menus(popup: Element): Element[] {
  return Array.from(popup.querySelectorAll('.el-cascader-menu')).filter(isShown);
}

function nodeText(li: Element): string {
  return (li.querySelector('.el-cascader-node__label')?.textContent ?? li.textContent ?? '').trim();
}

function isLeafNode(li: Element): boolean {
  // A parent has an arrow (Element Plus, UI ≥ 2.8) or the extensible class (UI 2.4).
  return (
    !li.querySelector('.el-cascader-node__postfix, .el-icon-arrow-right') && !li.classList.contains('el-cascader-menu__item--extensible')
  );
}

function enabledNodes(menu: Element): Element[] {
  return Array.from(menu.querySelectorAll(NODE)).filter(
    (li) => !li.classList.contains('is-disabled') && li.getAttribute('aria-disabled') !== 'true',
  );
}

/** Paths to each leaf, by text, found for a control when its options were loaded. */
const leafPaths = new WeakMap<Control, Map<string, string[]>>();

function cascaderRoot(c: Control): Element {
  return c.element.closest('.el-cascader') ?? c.surface;
}

async function expand(li: Element, depth: number, popup: Element): Promise<Element | null> {
  await pick(li);
  for (const start = Date.now(); Date.now() - start < OPEN_WAIT_MS; ) {
    await sleep(30);
    const m = menus(popup)[depth + 1];
    if (m && enabledNodes(m).length) return m;
  }
  return null;
}

export const elementCascaderDriver: Driver = {
  name: 'element-cascader',
  find(root, claimed) {
    const out: Control[] = [];
    for (const cas of Array.from(root.querySelectorAll('.el-cascader'))) {
      if (cas.closest('.el-cascader__dropdown, .el-cascader-menus')) continue;
      const input = cas.querySelector('input');
      if (!input) continue;
      cas.querySelectorAll('input').forEach((i) => claimed.add(i));
      // The whole widget: Element UI 2.4 lays its path label over the input.
      const surface = cas;
      const labels = labelsOf(input, cas);
      const placeholder = input.getAttribute('placeholder');
      out.push({
        driver: this,
        element: input,
        surface,
        control: 'select',
        cues: {
          control: 'select',
          labels,
          placeholder,
          name: input.getAttribute('name'),
          id: null,
          explicitLabel: explicitLabelOf(input, cas),
        },
        label: labels[0] ?? placeholder ?? '',
        options: null,
        disabled: cas.classList.contains('is-disabled') || (input as HTMLInputElement).disabled,
        readonly: false,
        widget: true,
      });
    }
    return out;
  },
  async loadOptions(c) {
    const root = cascaderRoot(c);
    const popup = await openPopup(root, c.element, root, CASCADER_POPUP, NODE);
    const paths = new Map<string, string[]>();
    if (popup)
      try {
        // Depth-first through the levels (at most 3 deep, 400 leaves): a person opens each branch to see its leaves.
        const walk = async (depth: number, prefix: string[]) => {
          const menu = menus(popup)[depth];
          if (!menu || depth > 2) return;
          for (const li of enabledNodes(menu)) {
            if (paths.size >= 400) return;
            const t = nodeText(li);
            if (isLeafNode(li)) {
              if (!paths.has(t)) paths.set(t, [...prefix, t]);
              continue;
            }
            if (await expand(li, depth, popup)) await walk(depth + 1, [...prefix, t]);
          }
        };
        await walk(0, []);
      } finally {
        await closePopup(root, c.element as HTMLInputElement, CASCADER_POPUP);
      }
    leafPaths.set(c, paths);
    return [...paths.keys()].map((t) => ({ value: t, text: t }));
  },
  async write(c, v) {
    if (v.kind !== 'option') throw new Error('cascader needs an option');
    const path = leafPaths.get(c)?.get(v.option.text);
    if (!path) throw new Error('option not found');
    const root = cascaderRoot(c);
    const input = c.element as HTMLInputElement;
    const popup = await openPopup(root, input, root, CASCADER_POPUP, NODE);
    if (!popup) throw new Error('the list did not open');
    try {
      for (let depth = 0; depth < path.length; depth++) {
        const menu = menus(popup)[depth];
        const li = menu ? enabledNodes(menu).find((x) => nodeText(x) === path[depth]) : undefined;
        if (!li) throw new Error('option gone');
        if (depth < path.length - 1) {
          if (!(await expand(li, depth, popup))) throw new Error('option gone');
        } else {
          await pick(li);
        }
      }
    } finally {
      await closePopup(root, input, CASCADER_POPUP);
    }
  },
  read(c) {
    const root = cascaderRoot(c);
    // Element UI 2.4 shows the path in a label span; later versions in the readonly input ("亚洲 / 中国").
    const shown = root.querySelector('.el-cascader__label')?.textContent?.trim() || (c.element as HTMLInputElement).value;
    return shown.split('/').pop()!.trim();
  },
};

// ----------------------------------------------------------------------------------------------- date picker

const DATE_POPUP = '.el-picker-panel';

export const elementDateDriver: Driver = {
  name: 'element-date',
  find(root, claimed) {
    const out: Control[] = [];
    for (const editor of Array.from(root.querySelectorAll('.el-date-editor'))) {
      if (editor.classList.contains('el-range-editor')) continue;
      const input = editor.querySelector('input');
      if (!input) continue;
      claimed.add(input);
      // The editor's outer wrapper (Element Plus nests .el-input inside .el-date-editor, Element UI is one element).
      const surface = editor.querySelector('.el-input__wrapper') ?? editor;
      const labels = labelsOf(input, editor);
      out.push({
        driver: this,
        element: input,
        surface,
        control: 'text',
        cues: {
          control: 'text',
          labels,
          placeholder: input.getAttribute('placeholder'),
          name: input.getAttribute('name'),
          id: input.id || null,
          explicitLabel: explicitLabelOf(input, editor),
        },
        label: labels[0] ?? input.getAttribute('placeholder') ?? '',
        options: null,
        disabled: (input as HTMLInputElement).disabled || editor.classList.contains('is-disabled'),
        // editable=false makes the input readonly: typed text is not taken, and picking cells is not done here.
        readonly: (input as HTMLInputElement).readOnly,
        widget: true,
      });
    }
    return out;
  },
  async write(c, v) {
    if (v.kind !== 'text') throw new Error('date picker needs text');
    const input = c.element as HTMLInputElement;
    if (input.readOnly) throw new Error('this date picker takes no typed date');
    const doc = input.ownerDocument;
    const before = new Set(shownPopups(doc, DATE_POPUP));
    gatedFocus(input);
    await sleep(30);
    gatedType(input, v.text);
    await sleep(30);
    // Enter: the picker parses the typed text and commits it if the date is allowed, then closes.
    gatedKey(input, 'Enter');
    await sleep(60);
    const open = () => shownPopups(doc, DATE_POPUP).filter((p) => !before.has(p) && !isLeaving(p));
    // Still open: the date was refused (disabledDate, wrong format). Escape closes it; the picker drops the text.
    if (open().length && input.isConnected) gatedKey(input, 'Escape');
    gatedCommit(input, { change: false });
    for (const start = Date.now(); open().length && Date.now() - start < CLOSE_WAIT_MS; ) await sleep(30);
    await sleep(30);
  },
  read(c) {
    return (c.element as HTMLInputElement).value;
  },
};
