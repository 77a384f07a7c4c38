/**
 * The one door every driver writes through (SECURITY.md P3). A driver never sets a value or clicks an element
 * of the page itself: it calls `gatedSetValue`, `gatedSearch` or `gatedClick`, which ask `writeRefusal` right
 * before the write and throw `WriteRefused` with the reason when the element may not be written. The engine
 * reports that reason as the item's skip reason, and what did reach the page (`reachedPage`), so the report
 * says exactly what the page holds.
 *
 * The checks read the browser's own getters (visibility.ts captures them at load): the input's current
 * `type`, `:disabled` (a disabled fieldset included), the frame chain, the never-list with the box on screen
 * now. The engine runs each item's writes inside `withWriteContext`, which names the control being written
 * (its surface, the labels it may draw through, the field and the words it may search for).
 */
import {
  attr,
  clickProblem,
  popupOf,
  setPassingPopups,
  composedContains,
  inputTypeOf,
  isConnected,
  matchesSel,
  notViewable,
  ownerDoc,
  tagOf,
  viewOf,
} from './visibility.js';

export class WriteRefused extends Error {
  /** Refused on an element outside the control (a list popup still opening or closing): worth one more try. */
  transient = false;
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'WriteRefused';
  }

  /**
   * The extension's widget drivers are a bundle of their own (src/fill/drivers/registry.ts) with their own copy of
   * this class: a refusal is recognised by its shape, so the engine reports its reason whichever bundle threw it.
   */
  static override [Symbol.hasInstance](x: unknown): boolean {
    return x instanceof Error && x.name === 'WriteRefused' && typeof (x as { reason?: unknown }).reason === 'string';
  }
}

/** Input types that are never written, whatever they were when the plan was made. */
const NEVER_TYPES = new Set(['password', 'hidden', 'file']);
/** The fields whose words may be typed into a list's search box: choices, never identifiers. */
const SEARCHABLE_FIELDS = new Set(['documentType', 'sex', 'nationality', 'ethnicity', 'birthYear', 'birthMonth', 'birthDay']);

/** The control an item's writes are for; set by the engine around a driver's loadOptions and write. */
export interface WriteContext {
  /** What the person sees of the control; hits inside it are the control's own. */
  surface: Element;
  /** Labels a control that draws itself (styled radios) may be clicked through. */
  allies?: Element[];
  field?: string;
  /** The control is a list (select, radio group): a text typed into it is a search. */
  list?: boolean;
  /** The words a search may type (option texts and other names of the same fact). */
  searchWords?: string[];
  /** Filled by the gate: what reached the page, in words, for the report. */
  reached: string[];
}

/**
 * The gate's state for the fill in progress: the control being written and the popups (list boxes) the gate
 * clicked into. It lives on the script's global, not in this module, because the extension bundles the widget
 * drivers separately (content-widgets.js, src/fill/drivers/registry.ts): both bundles carry a copy of this module,
 * and a driver's write must be judged under the context the engine set. In the extension that global is the
 * content scripts' isolated world, which no page can reach.
 */
interface GateState {
  current: WriteContext | null;
  clickedPopups: Element[];
}
const GATE_KEY = Symbol.for('cardfill.writeGate');
const gate: GateState = ((globalThis as unknown as Record<symbol, GateState | undefined>)[GATE_KEY] ??= {
  current: null,
  clickedPopups: [],
});
setPassingPopups(() => gate.clickedPopups);
export function beginFill(): void {
  gate.clickedPopups.length = 0;
}
/** Forget the popups at the end of a fill, so no element of the page is kept. */
export function endFill(): void {
  gate.clickedPopups.length = 0;
}

/** Run a driver's writes for one control under its context. */
export async function withWriteContext<T>(ctx: WriteContext, fn: () => Promise<T>): Promise<T> {
  const before = gate.current;
  gate.current = ctx;
  try {
    return await fn();
  } finally {
    gate.current = before;
  }
}

/** What the page received while `ctx` was current (searches typed, values set), for the report. */
export function reachedPage(ctx: WriteContext): string[] {
  return [...ctx.reached];
}

function frameRefusal(el: Element): string | null {
  let w = viewOf(el);
  for (let d = 0; w && d < 8; d++) {
    let f: Element | null = null;
    try {
      f = w.frameElement;
    } catch {
      return 'cross-origin frame';
    }
    if (!f) return null;
    if (f.hasAttribute('sandbox')) return 'sandboxed frame';
    w = viewOf(f);
  }
  return null;
}

function baseRefusal(el: Element): string | null {
  if (!isConnected(el)) return 'no longer on the page';
  const t = inputTypeOf(el);
  if (t !== null && NEVER_TYPES.has(t)) return 'password or hidden field';
  if (t === null && tagOf(el) === 'INPUT' && NEVER_TYPES.has((attr(el, 'type') ?? '').toLowerCase())) return 'password or hidden field';
  if (matchesSel(el, ':disabled')) return 'disabled';
  return frameRefusal(el);
}

function alliesFor(el: Element): Element[] {
  if (!gate.current) return [];
  const out = [...(gate.current.allies ?? [])];
  // An inner input of a widget may sit under the widget's own parts (its selection text, its icons).
  if (gate.current.surface !== el && composedContains(gate.current.surface, el)) out.push(gate.current.surface);
  return out;
}

/** Why this element may not be given a value now, or null. Checked right before every value write. */
export function writeRefusal(el: Element): string | null {
  return baseRefusal(el) ?? notViewable(el, { strict: true, also: alliesFor(el) });
}

/** Why this element may not be clicked now, or null. */
export function clickRefusal(el: Element): string | null {
  const base = baseRefusal(el);
  if (base) return base;
  const also = alliesFor(el);
  if (gate.current && !also.includes(gate.current.surface) && composedContains(gate.current.surface, el)) also.push(gate.current.surface);
  return clickProblem(el, also);
}

export function assertWritable(el: Element): void {
  const why = writeRefusal(el);
  if (why) throw new WriteRefused(why);
}

function win(el: Element): Window & typeof globalThis {
  return (viewOf(el) ?? window) as Window & typeof globalThis;
}

function setThroughPrototype(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  const w = win(el);
  // By tag, not instanceof: a same-origin frame has its own prototypes.
  const tag = tagOf(el);
  const proto =
    tag === 'SELECT' ? w.HTMLSelectElement.prototype : tag === 'TEXTAREA' ? w.HTMLTextAreaElement.prototype : w.HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (setter) setter.call(el, value);
  else el.value = value;
}

/** Whether `text` may be typed into a list's search box under the current context. */
function searchRefusal(text: string): string | null {
  if (text === '') return null;
  if (!gate.current) return 'a search outside a fill';
  if (!gate.current.field || !SEARCHABLE_FIELDS.has(gate.current.field)) return 'CardFill types no card data into a list’s search box';
  if (gate.current.searchWords && !gate.current.searchWords.includes(text)) return 'CardFill types no card data into a list’s search box';
  return null;
}

/**
 * Set a form control's value through its prototype setter (React's value tracker sees it), after the gate.
 * Under a list's context a non-empty value is a search and follows `gatedSearch`'s rule.
 */
export function gatedSetValue(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  assertWritable(el);
  if (gate.current?.list && tagOf(el) !== 'SELECT') {
    const s = searchRefusal(value);
    if (s) throw new WriteRefused(s);
  }
  setThroughPrototype(el, value);
  if (gate.current && value !== '')
    gate.current.reached.push(gate.current.list && tagOf(el) !== 'SELECT' ? `typed “${value}” into the list’s search box` : value);
}

/**
 * Type a search into a list widget's search box (antd, Element Plus filterable selects). Only the words of a
 * choice field (document type, sex, nationality, ethnicity, birth date parts) that the engine offered for this
 * control may be typed; a name, a number or an address never is. `''` clears the box.
 */
export function gatedSearch(el: HTMLInputElement, text: string): void {
  assertWritable(el);
  const s = searchRefusal(text);
  if (s) throw new WriteRefused(s);
  setThroughPrototype(el, text);
  if (gate.current && text !== '') gate.current.reached.push(`typed “${text}” into the list’s search box`);
}

/** Click an element of the page (an option, a radio, a widget's trigger), after the gate. */
export function gatedClick(el: Element): void {
  const why = clickRefusal(el);
  if (why) {
    const e = new WriteRefused(why);
    e.transient = !!gate.current && !composedContains(gate.current.surface, el) && why !== 'disabled' && why !== 'password or hidden field';
    throw e;
  }
  // A click inside a floating box (a list popup) outside the control: that box may fade out over the next field.
  if (gate.current && !composedContains(gate.current.surface, el)) {
    const box = popupOf(el);
    if (box && !gate.clickedPopups.includes(box) && gate.clickedPopups.length < 32) gate.clickedPopups.push(box);
  }
  (el as HTMLElement).click();
}

/** The document an element belongs to, through the native getter (for drivers that dispatch events). */
export function documentOf(el: Element): Document {
  return ownerDoc(el);
}

/**
 * Type text into a widget's own input (a date picker's text box, a searchable list's filter box) as a person's
 * typing arrives: the value through the prototype setter, then a bubbling `input`. The caller decides when the
 * typed text is committed (Enter, `change`, picking an option); a list never gets card data typed into its search
 * box before one of its options was seen to match.
 */
export function gatedType(el: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  gatedSetValue(el, text);
  el.dispatchEvent(new (win(el).Event)('input', { bubbles: true, composed: true }));
}

/** A key press on a widget (Enter to commit typed text, Escape to close a dropdown), after the gate. */
export function gatedKey(el: Element, key: 'Enter' | 'Escape' | 'Tab' | 'ArrowDown'): void {
  assertWritable(el);
  const keyCode = { Enter: 13, Escape: 27, Tab: 9, ArrowDown: 40 }[key];
  const w = win(el);
  for (const type of ['keydown', 'keyup']) {
    el.dispatchEvent(
      new w.KeyboardEvent(type, { key, code: key, keyCode, which: keyCode, bubbles: true, cancelable: true } as KeyboardEventInit),
    );
  }
}

/** The mouse events a widget listens to instead of `click` (antd Select opens on mousedown), after the gate. */
export function gatedMouse(el: Element, type: 'mousedown' | 'mouseup' | 'mouseenter' | 'mouseover'): void {
  assertWritable(el);
  // No `view`: Firefox content scripts see the page window through an Xray wrapper.
  el.dispatchEvent(new (win(el).MouseEvent)(type, { bubbles: type !== 'mouseenter', cancelable: true }));
}

/**
 * Focus a widget's input the way a person's click does (Element date pickers open their panel on focus). A
 * background tab does not deliver focus events for `focus()`, so the events are sent if the element did not get them.
 */
export function gatedFocus(el: HTMLElement): void {
  assertWritable(el);
  let got = false;
  const seen = () => {
    got = true;
  };
  el.addEventListener('focus', seen, { once: true });
  el.focus({ preventScroll: true });
  el.removeEventListener('focus', seen);
  if (!got) {
    const w = win(el);
    el.dispatchEvent(new w.FocusEvent('focus'));
    el.dispatchEvent(new w.FocusEvent('focusin', { bubbles: true, composed: true }));
  }
}

/** Send `change` then blur/focusout: what leaving a field the person typed into sends. */
export function gatedCommit(el: Element, opts: { change?: boolean } = {}): void {
  assertWritable(el);
  const w = win(el);
  if (opts.change !== false) el.dispatchEvent(new w.Event('change', { bubbles: true }));
  if ((el.ownerDocument.activeElement ?? null) === el) {
    (el as HTMLElement).blur();
    return;
  }
  el.dispatchEvent(new w.FocusEvent('blur'));
  el.dispatchEvent(new w.FocusEvent('focusout', { bubbles: true, composed: true }));
}
