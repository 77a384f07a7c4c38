/**
 * Optional bundles of the content script. Widget-library drivers are loaded only on pages that have those widgets (docs/benchmarks.md "Size"): the content
 * script's core holds the native and fake-radio drivers and this registry; `content-widgets.js` (built from
 * extension/content-widgets.ts, injected into the same frame by the background only when `needsWidgetDrivers`
 * finds a marker) registers the Element / antd / layui drivers here. The registry lives on the global object of the
 * content script's isolated world, which the page cannot see, so both bundles share it. The standalone engine and
 * the tests load every driver through `./all.js`.
 * In the same way the country table (`content-countries.js`) is loaded only where a page may ask for a nationality.
 */
import type { Driver } from './types.js';

const KEY = '__cardfillWidgetDrivers';
type Holder = { [KEY]?: Driver[] };

/** The widget drivers loaded so far (none in the content core until the widget bundle ran). */
export function widgetDrivers(): Driver[] {
  return (globalThis as Holder)[KEY] ?? [];
}

export function registerWidgetDrivers(drivers: Driver[]): void {
  (globalThis as Holder)[KEY] = drivers;
}

/**
 * Elements that only a widget driver handles: Element UI / Element Plus, antd, layui. One selector query per
 * document; kept in step with the drivers' `find` (test/fill/scan-widgets.test.ts checks each driver's markup).
 */
export const WIDGET_MARKERS = '.el-select, .el-cascader, .el-date-editor, .ant-select, .ant-picker, .layui-form-select, .layui-form-radio';

/** Whether this document (or a same-origin frame, or an open shadow root in it) holds a widget a driver must drive. */
export function needsWidgetDrivers(doc: Document, depth = 0): boolean {
  if (depth > 6 || !doc.documentElement) return false;
  if (doc.querySelector(WIDGET_MARKERS)) return true;
  const all = doc.getElementsByTagName('*');
  for (let i = 0; i < all.length && i < 200_000; i++) {
    const el = all[i]!;
    if (el.shadowRoot && el.shadowRoot.querySelector(WIDGET_MARKERS)) return true;
    if ((el.tagName === 'IFRAME' || el.tagName === 'FRAME') && !el.hasAttribute('sandbox')) {
      let inner: Document | null = null;
      try {
        inner = (el as HTMLIFrameElement).contentDocument;
      } catch {
        inner = null;
      }
      if (inner && needsWidgetDrivers(inner, depth + 1)) return true;
    }
  }
  return false;
}

/** Cues of a nationality field (labels, names, placeholders): only such pages need the country table. */
const NATIONALITY_CUE = /国籍|国家|国别|地区|nationality|citizenship|country|gj(dq|dm)?\b|guoji/i;

/** Whether this document (or a same-origin frame) may ask for a nationality: then the country table is loaded. */
export function needsCountryTable(doc: Document, depth = 0): boolean {
  if (depth > 6 || !doc.documentElement) return false;
  if (NATIONALITY_CUE.test((doc.body?.textContent ?? '').slice(0, 500_000))) return true;
  for (const el of Array.from(doc.querySelectorAll('input, select, textarea, [role=combobox]')).slice(0, 20_000)) {
    const cue = `${el.getAttribute('name') ?? ''} ${el.id} ${el.getAttribute('placeholder') ?? ''} ${el.getAttribute('aria-label') ?? ''} ${el.getAttribute('autocomplete') ?? ''}`;
    if (NATIONALITY_CUE.test(cue)) return true;
  }
  for (const f of Array.from(doc.querySelectorAll('iframe, frame'))) {
    if (f.hasAttribute('sandbox')) continue;
    let inner: Document | null = null;
    try {
      inner = (f as HTMLIFrameElement).contentDocument;
    } catch {
      inner = null;
    }
    if (inner && needsCountryTable(inner, depth + 1)) return true;
  }
  // Open shadow roots: a nationality field inside one is as likely as anywhere; load when there are any.
  const all = doc.getElementsByTagName('*');
  for (let i = 0; i < all.length && i < 200_000; i++) if (all[i]!.shadowRoot) return true;
  return false;
}
