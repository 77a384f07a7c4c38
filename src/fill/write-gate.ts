/**
 * The one door every driver writes through (SECURITY.md P3). A driver never sets a value or clicks an element
 * of the page itself: it calls `gatedSetValue` or `gatedClick`, which ask `writeRefusal` right before the write
 * and throw `WriteRefused` with the reason when the element may not be written. The engine reports that reason
 * as the item's skip reason, so the report says exactly what reached the page.
 */
import { composedParent } from './visibility.js';

export class WriteRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'WriteRefused';
  }
}

const NEVER_TYPES = new Set(['password', 'hidden', 'file']);

/**
 * Why this element may not be written now, or null. Checked right before every value write or click. The element
 * itself may be transparent (a native select under a drawn surface): what the person sees is checked on the
 * control's surface by the engine; here the element must exist, be a writable kind, be enabled and be rendered.
 */
export function writeRefusal(el: Element): string | null {
  if (!el.isConnected) return 'no longer on the page';
  if (el.tagName === 'INPUT' && NEVER_TYPES.has((el.getAttribute('type') ?? '').toLowerCase())) return 'password or hidden field';
  if (el.matches(':disabled')) return 'disabled';
  const w = el.ownerDocument.defaultView;
  for (let cur: Element | null = el; cur && w; cur = composedParent(cur)) {
    if (w.getComputedStyle(cur).display === 'none') return 'hidden';
  }
  return null;
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
