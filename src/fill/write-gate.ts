/**
 * The one door every driver writes through (SECURITY.md P3). A driver never sets a value or clicks an element
 * of the page itself: it calls `gatedSetValue` or `gatedClick`, which ask `writeRefusal` right before the write
 * and throw `WriteRefused` with the reason when the element may not be written. The engine reports that reason
 * as the item's skip reason, so the report says exactly what reached the page.
 */
import { hiddenByStyle, geometryProblem } from './visibility.js';

export class WriteRefused extends Error {
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

const NEVER_TYPES = new Set(['password', 'hidden', 'file']);

/** Why this element may not be written now, or null. Checked right before every value write or click. */
export function writeRefusal(el: Element): string | null {
  if (!el.isConnected) return 'no longer on the page';
  if (el.tagName === 'INPUT' && NEVER_TYPES.has((el.getAttribute('type') ?? '').toLowerCase())) return 'password or hidden field';
  if ((el as HTMLInputElement).disabled === true) return 'disabled';
  return hiddenByStyle(el) ?? geometryProblem(el);
}

export function assertWritable(el: Element): void {
  const why = writeRefusal(el);
  if (why) throw new WriteRefused(why);
}

function win(el: Element): Window & typeof globalThis {
  return (el.ownerDocument.defaultView ?? window) as Window & typeof globalThis;
}

/** Set a form control's value through its prototype setter (React's value tracker sees it), after the gate. */
export function gatedSetValue(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  assertWritable(el);
  const w = win(el);
  // By tag, not instanceof: a same-origin frame has its own prototypes.
  const proto = el.tagName === 'SELECT' ? w.HTMLSelectElement.prototype
    : el.tagName === 'TEXTAREA' ? w.HTMLTextAreaElement.prototype : w.HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (setter) setter.call(el, value); else el.value = value;
}

/** Click an element of the page (an option, a radio, a widget's trigger), after the gate. */
export function gatedClick(el: Element): void {
  assertWritable(el);
  (el as HTMLElement).click();
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
    el.dispatchEvent(new w.KeyboardEvent(type, { key, code: key, keyCode, which: keyCode, bubbles: true, cancelable: true } as KeyboardEventInit));
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
  const seen = () => { got = true; };
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
  if ((el.ownerDocument.activeElement ?? null) === el) { (el as HTMLElement).blur(); return; }
  el.dispatchEvent(new w.FocusEvent('blur'));
  el.dispatchEvent(new w.FocusEvent('focusout', { bubbles: true, composed: true }));
}
