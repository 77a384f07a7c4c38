/**
 * Where a person reads a control's label (docs/architecture.md §6, docs/target-forms.md §7): <label for>, a wrapping
 * label, aria-labelledby / aria-label, a form-item label (Element, Ant Design, layui, Bootstrap), the
 * neighbouring table cell or column header, and the nearest text before the control.
 */
import { composedParent } from './visibility.js';

const MAX_LABEL = 40;
const CONTROL_SELECTOR = 'input:not([type=hidden]), select, textarea, button, [role=combobox], [role=radiogroup]';
const FORM_ITEM =
  '.el-form-item, .ant-form-item, .ant-row.ant-form-item, .layui-form-item .layui-inline, .layui-form-item, .form-item, .form-group, .field, .form-row';
const FORM_ITEM_LABEL = '.el-form-item__label, .ant-form-item-label, .layui-form-label, .form-label, .control-label, label';

export function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'SELECT', 'OPTION', 'TEXTAREA', 'TEMPLATE', 'NOSCRIPT']);
const SKIPPED_CLASS = /el-select-dropdown|ant-select-dropdown|layui-anim|dropdown-menu|hint|tips|error/;

/** Visible-ish text of an element without the text of controls and option lists inside it. */
export function ownText(el: Element): string {
  let out = '';
  // Sibling links, not Array.from(childNodes): this runs for several labels of every control on the page.
  const walk = (n: Node) => {
    if (n.nodeType === 3) {
      out += n.nodeValue ?? '';
      return;
    }
    if (n.nodeType !== 1) return;
    const e = n as Element;
    if (SKIPPED_TAGS.has(e.tagName)) return;
    const cls = typeof e.className === 'string' ? e.className : '';
    if (cls && SKIPPED_CLASS.test(cls)) return;
    if (e.hasAttribute('hidden') || e.getAttribute('aria-hidden') === 'true') return;
    for (let c = e.firstChild; c; c = c.nextSibling) walk(c);
  };
  walk(el);
  return clean(out);
}

function short(t: string): string | null {
  const c = clean(t);
  return c && c.length <= MAX_LABEL ? c : null;
}

function root(el: Element): Document | ShadowRoot {
  return el.getRootNode() as Document | ShadowRoot;
}

function byId(el: Element, id: string): Element | null {
  const r = root(el);
  return 'getElementById' in r && typeof r.getElementById === 'function' ? r.getElementById(id) : r.querySelector(`#${CSS.escape(id)}`);
}

/**
 * Per-scan caches (docs/benchmarks.md "Fill engine: quadratic label lookups"): a page scan asks for the labels of
 * every control, and `root.querySelectorAll('label[for=…]')` or `.labels` per control walks the whole document each
 * time (O(N²): ≈ 6 s at 10,000 controls). Inside `withLabelIndex` one pass per root builds a for-id → labels map and
 * "holds several controls" is answered once per container. Outside it (tests, the fill's re-checks) the DOM is
 * queried directly, so a page that changed after the scan is never answered from a stale map.
 */
interface LabelScope {
  forIndex: Map<Node, Map<string, Element[]>>;
  several: Map<Element, boolean>;
  direct: Map<Element, string[]>;
  formItem: Map<Element, string | null>;
}
let scope: LabelScope | null = null;

export function withLabelIndex<T>(fn: () => T): T {
  if (scope) return fn();
  scope = { forIndex: new Map(), several: new Map(), direct: new Map(), formItem: new Map() };
  try {
    return fn();
  } finally {
    scope = null;
  }
}

/** `<label for=id>` elements of the control's tree, in document order. */
function forLabels(el: Element, id: string): Element[] {
  const r = root(el);
  if (!scope) return Array.from(r.querySelectorAll(`label[for="${CSS.escape(id)}"]`));
  let index = scope.forIndex.get(r);
  if (!index) {
    index = new Map();
    for (const l of Array.from(r.querySelectorAll('label[for]'))) {
      const f = l.getAttribute('for')!;
      (index.get(f) ?? index.set(f, []).get(f)!).push(l);
    }
    scope.forIndex.set(r, index);
  }
  return index.get(id) ?? [];
}

const LABELABLE = 'button, input:not([type=hidden]), meter, output, progress, select, textarea';

/**
 * What `el.labels` returns (HTML §4.10.4: labels whose `for` names it, and a wrapping label without `for` whose first
 * labelable descendant it is), in document order, without the per-call document walk `.labels` costs in Chromium.
 */
export function labelElementsOf(el: Element, wrappingOnly = false): Element[] {
  const out: Element[] = [];
  const id = wrappingOnly ? null : el.getAttribute('id');
  // A `for` names a box only when its id is unique: with a duplicate id the person may read the label next to
  // another box than the one the browser ties it to (SECURITY.md P3).
  if (id && byId(el, id) === el) {
    const labels = forLabels(el, id);
    if (labels.length && root(el).querySelectorAll(`#${CSS.escape(id)}`).length === 1) out.push(...labels);
  }
  const wrap = el.parentElement?.closest('label');
  if (wrap && !wrap.hasAttribute('for') && wrap.querySelector(LABELABLE) === el && !out.includes(wrap)) {
    out.push(wrap);
    if (out.length > 1) out.sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
  }
  return out;
}

/** Whether a container holds more than one control (answered once per container during a scan). */
function holdsSeveralControls(container: Element): boolean {
  const cached = scope?.several.get(container);
  if (cached !== undefined) return cached;
  const several = container.querySelectorAll(CONTROL_SELECTOR).length > 1;
  scope?.several.set(container, several);
  return several;
}

/** Labels that name this one control (not used for radios, whose own label is the option text). */
export function directLabels(el: Element): string[] {
  // The drivers ask twice per control (labelsOf, then explicitLabelOf for the classifier's veto).
  const cached = scope?.direct.get(el);
  if (cached) return cached;
  const out: string[] = [];
  scope?.direct.set(el, out);
  const push = (t: string | null | undefined) => {
    const s = t ? short(t) : null;
    if (s && !out.includes(s)) out.push(s);
  };
  const id = el.getAttribute('id');
  if (id) {
    forLabels(el, id).forEach((l) => push(ownText(l)));
  }
  const wrap = el.closest('label');
  if (wrap) push(ownText(wrap));
  const lb = el.getAttribute('aria-labelledby');
  if (lb)
    push(
      lb
        .split(/\s+/)
        .map((i) => {
          const t = byId(el, i);
          return t ? ownText(t) : '';
        })
        .join(' '),
    );
  push(el.getAttribute('aria-label'));
  return out;
}

/** Form-item label of the Element / antd / layui item that holds the control. */
export function formItemLabel(el: Element): string | null {
  // Asked twice per control during a scan too (labelsOf, explicitLabelOf).
  const cached = scope?.formItem.get(el);
  if (cached !== undefined) return cached;
  const label = findFormItemLabel(el);
  scope?.formItem.set(el, label);
  return label;
}

function findFormItemLabel(el: Element): string | null {
  const item = el.closest(FORM_ITEM);
  if (!item) return null;
  for (const l of Array.from(item.querySelectorAll(FORM_ITEM_LABEL))) {
    if (l.contains(el) || l.querySelector(CONTROL_SELECTOR)) continue;
    const t = short(ownText(l));
    if (t) return t;
  }
  return null;
}

/** Legacy table layouts: the label is in the cell to the left, or in the column header. */
export function tableLabels(el: Element): string[] {
  const cell = el.closest('td, th');
  if (!cell) return [];
  const out: string[] = [];
  for (let prev = cell.previousElementSibling; prev; prev = prev.previousElementSibling) {
    if (prev.querySelector(CONTROL_SELECTOR)) break;
    const t = short(ownText(prev));
    if (t) {
      out.push(t);
      break;
    }
  }
  const table = cell.closest('table');
  const row = cell.parentElement;
  if (table && row && row.parentElement) {
    const index = Array.from(row.children).indexOf(cell);
    const head = table.querySelector('thead tr') ?? (table.rows[0] !== row ? table.rows[0] : null);
    const th = head?.children[index];
    if (th && th.tagName === 'TH') {
      const t = short(ownText(th));
      if (t) out.push(t);
    }
  }
  return out;
}

/**
 * The nearest short text before the control: previous siblings of the control and of up to three
 * ancestors (12306: `<div class="label">姓 名：</div><div class="input"><input></div>`), nearest first.
 * Stops at a sibling that holds another control, so a label is never borrowed from a neighbouring field.
 */
export function precedingText(el: Element, stopAt?: Element): string | null {
  let cur: Element | null = el;
  for (let depth = 0; cur && depth < 4; depth++) {
    for (let n = cur.previousSibling; n; n = n.previousSibling) {
      if (n.nodeType === 3) {
        const t = short(n.nodeValue ?? '');
        if (t) return t;
        continue;
      }
      if (n.nodeType !== 1) continue;
      const e = n as Element;
      if (e.matches(CONTROL_SELECTOR) || e.querySelector(CONTROL_SELECTOR)) return null;
      const t = ownText(e);
      if (t) return short(t);
    }
    const parent = composedParent(cur);
    if (!parent || parent === stopAt || /^(FORM|BODY|TABLE|TBODY|TR|FIELDSET)$/.test(parent.tagName)) break;
    // Do not climb out of a container that holds other controls: its text belongs to them.
    if (depth > 0 && holdsSeveralControls(parent)) break;
    cur = parent;
  }
  return null;
}

/** Text nodes directly inside a container (性别 in `<p>性别 <label><input type=radio>男</label>…</p>`). */
export function directText(el: Element): string | null {
  let t = '';
  for (const n of Array.from(el.childNodes)) if (n.nodeType === 3) t += n.nodeValue ?? '';
  return short(t);
}

/** The label the page itself ties to the control: label[for], a wrapping label, aria, or the form-item label. */
export function explicitLabelOf(el: Element, surface: Element = el): string | null {
  return directLabels(el)[0] ?? (surface !== el ? directLabels(surface)[0] : undefined) ?? formItemLabel(surface) ?? null;
}

/** All label cues of a single control, strongest first. */
export function labelsOf(el: Element, surface: Element = el): string[] {
  const out: string[] = [];
  const add = (t: string | null | undefined) => {
    if (t && !out.includes(t)) out.push(t);
  };
  directLabels(el).forEach(add);
  if (surface !== el) directLabels(surface).forEach(add);
  add(formItemLabel(surface));
  tableLabels(surface).forEach(add);
  add(precedingText(surface));
  add(short(surface.getAttribute('title') ?? el.getAttribute('title') ?? ''));
  return out;
}

/** Label cues of a radio group, whose members each carry an option text. */
export function groupLabels(members: Element[]): string[] {
  const out: string[] = [];
  const add = (t: string | null | undefined) => {
    if (t && !out.includes(t)) out.push(t);
  };
  const first = members[0]!;
  const group = first.closest('[role=radiogroup], fieldset, .el-radio-group, .ant-radio-group');
  if (group) {
    const lb = group.getAttribute('aria-labelledby');
    if (lb)
      add(
        short(
          lb
            .split(/\s+/)
            .map((i) => {
              const t = byId(group, i);
              return t ? ownText(t) : '';
            })
            .join(' '),
        ),
      );
    add(short(group.getAttribute('aria-label') ?? ''));
    const legend = group.tagName === 'FIELDSET' ? group.querySelector('legend') : null;
    if (legend) add(short(ownText(legend)));
  }
  add(formItemLabel(first));
  tableLabels(first).forEach(add);
  // The smallest container holding every member: its own text nodes, then the text before it.
  let common: Element | null = first.parentElement;
  while (common && !members.every((m) => common!.contains(m))) common = common.parentElement;
  if (common) {
    add(directText(common));
    const wrapperOfFirst = first.closest('label') ?? first;
    for (let n = wrapperOfFirst.previousSibling; n; n = n.previousSibling) {
      if (n.nodeType === 3) {
        const t = short(n.nodeValue ?? '');
        if (t) {
          add(t);
          break;
        }
      }
      if (n.nodeType === 1) {
        const e = n as Element;
        if (e.querySelector(CONTROL_SELECTOR) || e.matches(CONTROL_SELECTOR)) break;
        const t = short(ownText(e));
        if (t) {
          add(t);
          break;
        }
      }
    }
    add(precedingText(common));
  }
  return out;
}

/** Option text of one radio: its label, or the text right after it. */
export function radioText(input: Element): string {
  const labels = labelElementsOf(input);
  if (labels.length) {
    const t = ownText(labels[0]!);
    if (t) return t;
  }
  const next = input.nextSibling;
  if (next?.nodeType === 3) return clean(next.nodeValue);
  if (next?.nodeType === 1) return ownText(next as Element);
  return '';
}

const HEADING =
  'legend, h1, h2, h3, h4, h5, h6, [role=heading], .el-divider, .ant-divider, .el-card__header, .ant-card-head-title, .layui-elem-field > legend, .lay-hd, .panel-heading, .panel-title, .card-header, .section-title, .form-title, .title';
/** How far back a section heading is looked for: siblings per level, levels up (bounded on big pages). */
const SECTION_SIBLINGS = 40;
const SECTION_LEVELS = 8;

/**
 * Headings of the section that holds a control, nearest first: the legend of an enclosing fieldset, and the nearest
 * heading-like element (h1–h6, a divider, a card or panel header) before it at each level up to the form. A payment
 * block or a 联系人信息 block is known by these (classifier.ts `sectionForbids`).
 */
export function sectionOf(el: Element): string[] {
  const out: string[] = [];
  const add = (t: string | null | undefined) => {
    const s = t ? short(t) : null;
    if (s && !out.includes(s)) out.push(s);
  };
  let cur: Element | null = el;
  for (let level = 0; cur && level < SECTION_LEVELS; level++) {
    if (cur.tagName === 'FIELDSET') {
      const lg = cur.querySelector(':scope > legend');
      if (lg) add(ownText(lg));
    }
    let n = cur.previousElementSibling;
    for (let i = 0; n && i < SECTION_SIBLINGS; i++, n = n.previousElementSibling) {
      if (n.matches(HEADING)) {
        add(ownText(n));
        break;
      }
      if (n.matches(CONTROL_SELECTOR) || n.querySelector(CONTROL_SELECTOR)) continue;
    }
    if (out.length >= 2 || cur.tagName === 'FORM' || cur.tagName === 'BODY') break;
    cur = composedParent(cur);
  }
  return out;
}
