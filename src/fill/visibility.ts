/**
 * The never-list (SECURITY.md P3; src/fill/README.md): can the person see and use this control, decided from
 * what the browser renders, not from a list of CSS properties.
 *
 * - Style along the composed ancestor chain: display, visibility, effective opacity (opacity × filter
 *   opacity()), SVG `filter: url()` and heavy blur, masks (gradients whose stops are all nearly transparent,
 *   zero-sized masks, image masks), clip-path (inset() computed, any other shape refused), aria-hidden, inert,
 *   SVG foreignObject, content-visibility.
 * - The visible rectangle: the box after every clipping ancestor (overflow, contain: paint, clip-path inset,
 *   clip: rect) and every frame up the chain; the viewport too for position: fixed, which scrolling cannot move,
 *   and at write time for everything (the engine scrolls the field into view first).
 * - Hit tests at five points of the visible rectangle with `elementsFromPoint`, twice: as the page is, and with
 *   every `pointer-events: none` lifted for the moment of the test (a constructed style sheet adopted and removed
 *   in the same task, so no page script runs in between). Whatever is above the control at a point is a cover,
 *   except the control's own descendants and, for a control that draws itself (styled radios, checkboxes), its
 *   labels. A pointer-events: none layer counts when it paints (background, image, media).
 *
 * Every DOM read goes through the prototypes' own getters captured when this module loads, so form controls
 * named `parentElement`, `shadowRoot`, `defaultView` … cannot steer the walk (a form's and a document's named
 * properties shadow their built-in ones, even in the extension's isolated world).
 */

/** Effective opacity below this counts as invisible. */
export const MIN_EFFECTIVE_OPACITY = 0.5;
/** Controls under 10 px (either way) are not viewable. */
export const MIN_SIZE_PX = 10;
/** A gradient mask whose most opaque stop is below this alpha hides what it masks. */
export const MIN_MASK_ALPHA = 0.2;
/** A blur this strong makes text unreadable. */
export const MAX_BLUR_PX = 3;
/** At write time, at least this share of the control's box must be on screen after every clip. */
export const MIN_VISIBLE_SHARE = 0.6;
/** How many frames up the chain are followed. */
const MAX_FRAME_DEPTH = 6;
/** Bound on inline-styled pointer-events: none elements examined per check. */
const MAX_INLINE_PE = 64;

// ---- Native getters, captured at load ----------------------------------------------------------------

type Getter<T> = (this: unknown) => T;
function getter<T>(proto: object, name: string): Getter<T> {
  for (let p: object | null = proto; p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d?.get) return d.get as Getter<T>;
  }
  return function (this: unknown) {
    return (this as Record<string, T>)[name]!;
  };
}
const G =
  typeof Node === 'undefined'
    ? null
    : {
        parentNode: getter<Node | null>(Node.prototype, 'parentNode'),
        isConnected: getter<boolean>(Node.prototype, 'isConnected'),
        ownerDocument: getter<Document>(Node.prototype, 'ownerDocument'),
        nodeType: getter<number>(Node.prototype, 'nodeType'),
        getRootNode: Node.prototype.getRootNode,
        contains: Node.prototype.contains,
        host: typeof ShadowRoot === 'undefined' ? null : getter<Element>(ShadowRoot.prototype, 'host'),
        tagName: getter<string>(Element.prototype, 'tagName'),
        localName: getter<string>(Element.prototype, 'localName'),
        namespaceURI: getter<string | null>(Element.prototype, 'namespaceURI'),
        getAttribute: Element.prototype.getAttribute,
        hasAttribute: Element.prototype.hasAttribute,
        matches: Element.prototype.matches,
        closest: Element.prototype.closest,
        rect: Element.prototype.getBoundingClientRect,
        clientLeft: getter<number>(Element.prototype, 'clientLeft'),
        clientTop: getter<number>(Element.prototype, 'clientTop'),
        clientWidth: getter<number>(Element.prototype, 'clientWidth'),
        clientHeight: getter<number>(Element.prototype, 'clientHeight'),
        scrollWidth: getter<number>(Element.prototype, 'scrollWidth'),
        scrollHeight: getter<number>(Element.prototype, 'scrollHeight'),
        defaultView: getter<Window | null>(Document.prototype, 'defaultView'),
        documentElement: getter<Element | null>(Document.prototype, 'documentElement'),
        docElementsFromPoint: Document.prototype.elementsFromPoint,
        rootElementsFromPoint:
          typeof ShadowRoot === 'undefined'
            ? null
            : ((ShadowRoot.prototype as unknown as { elementsFromPoint?: Document['elementsFromPoint'] }).elementsFromPoint ?? null),
        querySelectorAll: Element.prototype.querySelectorAll,
        docQuerySelectorAll: Document.prototype.querySelectorAll,
        fragQuerySelectorAll: DocumentFragment.prototype.querySelectorAll,
        inputType: typeof HTMLInputElement === 'undefined' ? null : getter<string>(HTMLInputElement.prototype, 'type'),
        getComputedStyle: typeof getComputedStyle === 'function' ? getComputedStyle : null,
      };
function g(): NonNullable<typeof G> {
  if (!G) throw new Error('no DOM');
  return G;
}

export function isConnected(n: Node): boolean {
  return g().isConnected.call(n);
}
export function tagOf(el: Element): string {
  return g().tagName.call(el);
}
export function ownerDoc(n: Node): Document {
  return g().ownerDocument.call(n);
}
export function viewOf(n: Node): (Window & typeof globalThis) | null {
  return g().defaultView.call(ownerDoc(n)) as (Window & typeof globalThis) | null;
}
export function attr(el: Element, name: string): string | null {
  return g().getAttribute.call(el, name);
}
export function hasAttr(el: Element, name: string): boolean {
  return g().hasAttribute.call(el, name);
}
export function matchesSel(el: Element, sel: string): boolean {
  try {
    return g().matches.call(el, sel);
  } catch {
    return false;
  }
}
export function rectOf(el: Element): DOMRect {
  return g().rect.call(el);
}
/** The input's current type as the browser reads it (lower case; unknown types read "text"). */
export function inputTypeOf(el: Element): string | null {
  if (tagOf(el) !== 'INPUT' || !g().inputType) return null;
  return g().inputType!.call(el);
}
function styleOf(el: Element, pseudo?: string): CSSStyleDeclaration {
  const w = viewOf(el);
  const gcs = w?.getComputedStyle ?? g().getComputedStyle!;
  return gcs.call(w ?? globalThis, el, pseudo);
}
function rootOf(n: Node): Document | ShadowRoot {
  return g().getRootNode.call(n) as Document | ShadowRoot;
}
function frameElementOf(w: Window): Element | null {
  try {
    return w.frameElement;
  } catch {
    return null;
  }
}

/** Parent across shadow boundaries (a shadow root's host), through the native getters. */
export function composedParent(el: Element): Element | null {
  const p = g().parentNode.call(el);
  if (p) {
    const t = g().nodeType.call(p);
    if (t === 1) return p as Element;
    if (t === 11 && g().host) {
      try {
        return g().host!.call(p);
      } catch {
        return null;
      }
    }
    return null;
  }
  return null;
}

/** Whether `anc` is `el` or a composed ancestor of it. */
export function composedContains(anc: Element, el: Element): boolean {
  for (let cur: Element | null = el; cur; cur = composedParent(cur)) if (cur === anc) return true;
  return false;
}

// ---- Style -------------------------------------------------------------------------------------------

/**
 * `filter: opacity(…)` fades an element exactly as `opacity` does but leaves computed `opacity` at
 * 1, so a page can hide a field behind it (found by test/browser/attack-pages.test.ts). Computed
 * filters read `opacity(0)`, `opacity(0.05)` or `opacity(5%)`; several multiply.
 */
export function filterOpacity(filter: string | null | undefined): number {
  if (!filter || filter === 'none') return 1;
  let factor = 1;
  for (const m of filter.matchAll(/opacity\(\s*([\d.]+)(%?)\s*\)/g)) {
    const v = Number(m[1]) / (m[2] ? 100 : 1);
    if (Number.isFinite(v)) factor *= Math.min(1, Math.max(0, v));
  }
  return factor;
}

/** Why a computed `filter` hides what it applies to: an SVG filter (not computable here) or a heavy blur. */
export function filterHides(filter: string | null | undefined): boolean {
  if (!filter || filter === 'none') return false;
  if (/url\(/.test(filter)) return true;
  for (const m of filter.matchAll(/blur\(\s*([\d.]+)px\s*\)/g)) if (Number(m[1]) > MAX_BLUR_PX) return true;
  for (const m of filter.matchAll(/(brightness|contrast)\(\s*([\d.]+)(%?)\s*\)/g)) {
    const v = Number(m[2]) / (m[3] ? 100 : 1);
    if (m[1] === 'contrast' && v < 0.2) return true;
  }
  return false;
}

/**
 * Whether a mask hides the element. A gradient mask hides when its most opaque stop is below
 * MIN_MASK_ALPHA (a 2 % alpha mask is as good as none). Image masks (`url(…)`) cannot be read here and are
 * refused; a fade-out with an opaque stop is left alone.
 */
export function maskHides(maskImage: string | null | undefined): boolean {
  if (!maskImage || maskImage === 'none') return false;
  if (/url\(|image-set\(|element\(|paint\(/.test(maskImage)) return true;
  if (!/gradient\(/.test(maskImage)) return false;
  const colours = maskImage.match(/rgba?\([^)]*\)|\btransparent\b|#[0-9a-f]{3,8}\b|\b(?:black|white|red)\b/gi) ?? [];
  if (colours.length === 0) return false;
  let max = 0;
  for (const c of colours) {
    if (c === 'transparent') continue;
    if (!c.includes('(')) {
      max = 1;
      break;
    }
    const parts = c
      .slice(c.indexOf('(') + 1, -1)
      .split(/[\s,/]+/)
      .filter(Boolean);
    const a = parts.length === 4 ? (parts[3]!.endsWith('%') ? Number.parseFloat(parts[3]!) / 100 : Number.parseFloat(parts[3]!)) : 1;
    max = Math.max(max, Number.isFinite(a) ? a : 1);
  }
  return max < MIN_MASK_ALPHA;
}

/** A `mask-size` with a zero dimension shows nothing. */
export function maskSizeHides(size: string | null | undefined): boolean {
  if (!size) return false;
  return size.split(',').some((layer) => /(^|\s)0(px|%)?(\s|$)/.test(layer.trim()));
}

/** The rectangle an `inset()` clip-path leaves of a box, or null when the shape is not an inset. */
export function insetRect(
  clip: string,
  r: { left: number; top: number; width: number; height: number },
): { left: number; top: number; right: number; bottom: number } | null {
  const m = /^inset\(([^)]*)\)$/.exec(clip.trim());
  if (!m) return null;
  const body = m[1]!.split(/\bround\b/)[0]!.trim();
  const raw = body.split(/\s+/).filter(Boolean);
  if (raw.length === 0 || raw.length > 4) return null;
  const [rt, rr = rt, rb = rt, rl = rr] = raw as [string, string?, string?, string?];
  const len = (v: string, base: number) => (v.endsWith('%') ? (Number.parseFloat(v) / 100) * base : Number.parseFloat(v));
  const t = len(rt, r.height),
    ri = len(rr!, r.width),
    b = len(rb!, r.height),
    l = len(rl!, r.width);
  if (![t, ri, b, l].every(Number.isFinite)) return null;
  return { left: r.left + l, top: r.top + t, right: r.left + r.width - ri, bottom: r.top + r.height - b };
}

function alphaOf(colour: string): number {
  if (!colour || colour === 'transparent') return 0;
  const m = /rgba?\(([^)]*)\)/.exec(colour);
  if (!m) return 1;
  const parts = m[1]!.split(/[\s,/]+/).filter(Boolean);
  return parts.length === 4 ? Number.parseFloat(parts[3]!) : 1;
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
const intersect = (a: Box, b: Box): Box => ({
  left: Math.max(a.left, b.left),
  top: Math.max(a.top, b.top),
  right: Math.min(a.right, b.right),
  bottom: Math.min(a.bottom, b.bottom),
});
const widthOf = (b: Box) => Math.max(0, b.right - b.left);
const heightOf = (b: Box) => Math.max(0, b.bottom - b.top);
const boxOf = (r: DOMRect): Box => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });

/** Why an element is not shown (display/visibility/opacity/filter/mask/clip/aria-hidden/inert), or null. No geometry. */
export function hiddenByStyle(el: Element): string | null {
  return hiddenByStyle0(el);
}
function hiddenByStyle0(el: Element, opts: { ignoreOpacity?: boolean } = {}): string | null {
  if (!isConnected(el)) return 'no longer on the page';
  let opacity = 1;
  for (let cur: Element | null = el; cur; cur = composedParent(cur)) {
    const cs = styleOf(cur);
    if (cs.display === 'none') return 'hidden';
    if (cur === el && (cs.visibility === 'hidden' || cs.visibility === 'collapse')) return 'hidden';
    opacity *= Number(cs.opacity || '1') * filterOpacity(cs.filter);
    if (filterHides(cs.filter)) return 'invisible';
    const wk = cs as unknown as { webkitMaskImage?: string; webkitMaskSize?: string };
    const mask = cs.maskImage && cs.maskImage !== 'none' ? cs.maskImage : wk.webkitMaskImage;
    if (mask && mask !== 'none') {
      if (maskHides(mask) || maskSizeHides(cs.maskSize || wk.webkitMaskSize)) return 'invisible';
    }
    if (attr(cur, 'aria-hidden') === 'true') return 'hidden';
    if (hasAttr(cur, 'inert')) return 'hidden';
    const clip = cs.clipPath;
    if (clip && clip !== 'none' && !/^inset\(/.test(clip)) return 'clipped out of sight';
    if (g().namespaceURI.call(cur) === 'http://www.w3.org/2000/svg' && g().localName.call(cur) === 'foreignObject')
      return 'clipped out of sight';
  }
  // visibility is inherited; the computed value on the element itself already reflects its ancestors.
  if (opacity < MIN_EFFECTIVE_OPACITY && !opts.ignoreOpacity) return 'invisible';
  // The browser's own answer covers what the walk above does not (content-visibility: hidden ancestors).
  const check = (el as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility;
  if (
    typeof check === 'function' &&
    !check.call(el, { contentVisibilityAuto: true, opacityProperty: !opts.ignoreOpacity, visibilityProperty: true })
  )
    return 'hidden';
  return null;
}

// ---- Geometry ----------------------------------------------------------------------------------------

interface Clipped {
  /** The box after every clip, in the element's own frame's viewport coordinates. */
  visible: Box;
  /** The element's box. */
  box: Box;
  /** In a position: fixed subtree of its own document. */
  fixed: boolean;
  /** The largest part of the box that scrolling the clipping ancestors could bring into view. */
  reachable: { width: number; height: number };
}

/** The element's box clipped by every clipping ancestor in its own document (not by the viewport). */
function clipInDocument(el: Element): Clipped {
  const box = boxOf(rectOf(el));
  let visible = box;
  let fixed = false;
  let reachW = box.right - box.left;
  let reachH = box.bottom - box.top;
  for (let cur: Element | null = el; cur; cur = composedParent(cur)) {
    const cs = styleOf(cur);
    if (cs.position === 'fixed') fixed = true;
    const r = rectOf(cur);
    if (cs.clipPath && /^inset\(/.test(cs.clipPath)) {
      const ins = insetRect(cs.clipPath, r);
      if (ins) {
        visible = intersect(visible, ins);
        reachW = Math.min(reachW, widthOf(ins));
        reachH = Math.min(reachH, heightOf(ins));
      }
    }
    if (cs.position === 'absolute' && cs.clip && /^rect\(/.test(cs.clip)) {
      const n = cs.clip.match(/-?[\d.]+(?=px)|auto/g) ?? [];
      if (n.length === 4) {
        const v = n.map((x, i) => (x === 'auto' ? [0, r.width, r.height, 0][i]! : Number(x)));
        const c = { left: r.left + v[3]!, top: r.top + v[0]!, right: r.left + v[1]!, bottom: r.top + v[2]! };
        visible = intersect(visible, c);
        reachW = Math.min(reachW, widthOf(c));
        reachH = Math.min(reachH, heightOf(c));
      }
    }
    if (cur === el) continue;
    const contain = cs.contain || '';
    const paint = /paint|strict|content/.test(contain);
    const ox = cs.overflowX !== 'visible' || paint;
    const oy = cs.overflowY !== 'visible' || paint;
    if (!ox && !oy) continue;
    const left = r.left + g().clientLeft.call(cur);
    const top = r.top + g().clientTop.call(cur);
    const cw = g().clientWidth.call(cur);
    const ch = g().clientHeight.call(cur);
    // The root element's overflow applies to the viewport, handled by the caller.
    if (cur === g().documentElement.call(ownerDoc(cur))) continue;
    const clipBox = {
      left: ox ? left : -Infinity,
      top: oy ? top : -Infinity,
      right: ox ? left + cw : Infinity,
      bottom: oy ? top + ch : Infinity,
    };
    visible = intersect(visible, clipBox);
    // Scrolling (scrollIntoView scrolls overflow: hidden too, never overflow: clip) can bring any part in,
    // but never more of the box than the clip box itself holds.
    if (ox) reachW = Math.min(reachW, cs.overflowX === 'clip' ? widthOf(visible) : cw);
    if (oy) reachH = Math.min(reachH, cs.overflowY === 'clip' ? heightOf(visible) : ch);
  }
  return { visible, box, fixed, reachable: { width: reachW, height: reachH } };
}

/** The frames up the chain of an element's document: [iframe in parent, iframe in grandparent, …]. */
function frameChain(el: Element): Element[] {
  const out: Element[] = [];
  let w = viewOf(el);
  for (let d = 0; w && d < MAX_FRAME_DEPTH; d++) {
    const f = frameElementOf(w);
    if (!f) break;
    out.push(f);
    w = viewOf(f);
  }
  return out;
}

/**
 * Why the control's box cannot be seen as laid out (too small, clipped to a speck, outside the document, a
 * fixed box below the viewport, a frame too small or hidden), or null. `strict` (write time, after scrolling
 * into view) also requires the box to be on screen now.
 */
export function geometryProblem(el: Element, opts: { strict?: boolean } = {}): string | null {
  return clipProblem(el, !!opts.strict).problem;
}

function clipProblem(el: Element, strict: boolean): { problem: string | null; visible: Box | null } {
  const c = clipInDocument(el);
  const bw = c.box.right - c.box.left;
  const bh = c.box.bottom - c.box.top;
  if (bw < MIN_SIZE_PX || bh < MIN_SIZE_PX) return { problem: 'too small to see', visible: null };
  const w = viewOf(el);
  if (!w) return { problem: 'no longer on the page', visible: null };
  const doc = ownerDoc(el);
  const de = g().documentElement.call(doc);
  const viewport: Box = { left: 0, top: 0, right: w.innerWidth, bottom: w.innerHeight };
  let visible = c.visible;
  if (strict || c.fixed) visible = intersect(visible, viewport);
  else {
    // Scrolling the document can bring anything inside the document's extent into view.
    const left = c.box.left + w.scrollX;
    const top = c.box.top + w.scrollY;
    const width = Math.max(de ? g().scrollWidth.call(de) : 0, w.innerWidth);
    const height = Math.max(de ? g().scrollHeight.call(de) : 0, w.innerHeight);
    if (left + bw <= 0 || top + bh <= 0 || left >= width || top >= height) return { problem: 'off-screen', visible: null };
  }
  const enough = (vw: number, vh: number) => vw >= MIN_SIZE_PX && vh >= MIN_SIZE_PX && vw * vh >= MIN_VISIBLE_SHARE * bw * bh;
  if (strict || c.fixed) {
    if (!enough(widthOf(visible), heightOf(visible)))
      return {
        problem:
          c.fixed && !strict ? 'off-screen' : widthOf(visible) * heightOf(visible) === 0 && !strict ? 'off-screen' : 'clipped out of sight',
        visible: null,
      };
  } else if (!enough(Math.min(c.reachable.width, bw), Math.min(c.reachable.height, bh))) {
    return { problem: 'clipped out of sight', visible: null };
  }
  // Frames up the chain: the frame must be shown, and the part of the box inside it big enough.
  let box = visible;
  for (const frame of frameChain(el)) {
    const fs = hiddenByStyle(frame);
    if (fs) return { problem: fs, visible: null };
    if (hasAttr(frame, 'sandbox')) return { problem: 'sandboxed frame', visible: null };
    const fr = rectOf(frame);
    const ox = fr.left + g().clientLeft.call(frame);
    const oy = fr.top + g().clientTop.call(frame);
    const inner = { left: ox, top: oy, right: ox + g().clientWidth.call(frame), bottom: oy + g().clientHeight.call(frame) };
    const mapped = { left: box.left + ox, top: box.top + oy, right: box.right + ox, bottom: box.bottom + oy };
    const fc = clipInDocument(frame);
    box = intersect(intersect(mapped, inner), fc.visible);
    const fw = viewOf(frame);
    if ((strict || fc.fixed) && fw) box = intersect(box, { left: 0, top: 0, right: fw.innerWidth, bottom: fw.innerHeight });
    if (!enough(widthOf(box), heightOf(box))) return { problem: 'clipped out of sight', visible: null };
  }
  return { problem: null, visible };
}

// ---- Hit tests ---------------------------------------------------------------------------------------

/** The controls that draw themselves through their label (radios, checkboxes): a label on top is theirs. */
function drawsThroughLabel(el: Element): boolean {
  const t = inputTypeOf(el);
  return t === 'radio' || t === 'checkbox' || tagOf(el) === 'LABEL';
}

/** Whether a box paints something that hides what is below it. */
function paints(el: Element): boolean {
  const tag = tagOf(el);
  if (/^(IMG|SVG|svg|CANVAS|VIDEO|IFRAME|OBJECT|EMBED|INPUT|TEXTAREA|SELECT|BUTTON)$/.test(tag)) return true;
  for (const pseudo of [undefined, '::before', '::after']) {
    const cs = styleOf(el, pseudo);
    if (pseudo && (cs.content === 'none' || cs.content === 'normal')) continue;
    if (alphaOf(cs.backgroundColor) >= 0.3 || (cs.backgroundImage && cs.backgroundImage !== 'none')) {
      if (Number(cs.opacity || '1') >= 0.3) return true;
    }
    if (pseudo && cs.content && cs.content !== '""' && alphaOf(cs.color) >= 0.3) return true;
  }
  return false;
}

/**
 * One constructed sheet per document that lifts `pointer-events: none` (in a cascade layer, so it also wins
 * over the page's unlayered `!important`), adopted only for the moment of a hit test and removed in the same
 * task: no page script can run while it is in place.
 */
const LIFT = '@layer cardfill-hit-test { *, *::before, *::after { pointer-events: auto !important; } }';
const sheets = new WeakMap<Document, CSSStyleSheet | null>();
function liftSheet(doc: Document): CSSStyleSheet | null {
  if (sheets.has(doc)) return sheets.get(doc)!;
  let s: CSSStyleSheet | null = null;
  try {
    const W = g().defaultView.call(doc) as (Window & typeof globalThis) | null;
    if (W) {
      s = new W.CSSStyleSheet();
      s.replaceSync(LIFT);
    }
  } catch {
    s = null;
  }
  sheets.set(doc, s);
  return s;
}
function withLifted<T>(roots: (Document | ShadowRoot)[], fn: () => T): T {
  const undo: (() => void)[] = [];
  try {
    for (const r of roots) {
      const doc = g().nodeType.call(r) === 9 ? (r as Document) : ownerDoc(r);
      const s = liftSheet(doc);
      if (!s) continue;
      try {
        const before = r.adoptedStyleSheets;
        r.adoptedStyleSheets = [...before, s];
        undo.push(() => {
          r.adoptedStyleSheets = r.adoptedStyleSheets.filter((x) => x !== s);
        });
      } catch {
        /* a root that takes no sheet: test as is */
      }
    }
    return fn();
  } finally {
    for (const u of undo.reverse()) {
      try {
        u();
      } catch {
        /* nothing to undo */
      }
    }
  }
}

function hitsAt(root: Document | ShadowRoot, x: number, y: number): Element[] {
  const gg = g();
  try {
    if (gg.nodeType.call(root) === 9) return gg.docElementsFromPoint.call(root as Document, x, y);
    if (gg.rootElementsFromPoint) return gg.rootElementsFromPoint.call(root, x, y);
  } catch {
    /* fall through */
  }
  return ownerDoc(root).elementsFromPoint(x, y);
}

/** The roots from the element's own up to its document (for the lift sheet). */
function rootChain(el: Element): (Document | ShadowRoot)[] {
  const out: (Document | ShadowRoot)[] = [];
  let r: Node = rootOf(el);
  for (let i = 0; i < 32; i++) {
    out.push(r as Document | ShadowRoot);
    if (g().nodeType.call(r) === 9 || !g().host) break;
    r = rootOf(g().host!.call(r));
  }
  return out;
}

/**
 * The verdict at one point: 'ok' (the control, or something inside it or allowed, is on top), 'cover' with the
 * element on top, or 'miss' (the control is not there: clipped away, or not hit-testable).
 */
function judge(hits: Element[], target: Element, allowed: Element[]): { v: 'ok' | 'miss' | 'cover'; by?: Element } {
  let firstForeign: Element | undefined;
  for (const h of hits) {
    if (h === target || composedContains(target, h)) return firstForeign ? { v: 'cover', by: firstForeign } : { v: 'ok' };
    if (allowed.some((a) => a === h || composedContains(a, h))) return firstForeign ? { v: 'cover', by: firstForeign } : { v: 'ok' };
    firstForeign ??= h;
  }
  return { v: 'miss' };
}

function samplePoints(b: Box): [number, number][] {
  const w = b.right - b.left;
  const h = b.bottom - b.top;
  const at = (fx: number, fy: number): [number, number] => [b.left + w * fx, b.top + h * fy];
  return [at(0.5, 0.5), at(0.2, 0.25), at(0.8, 0.25), at(0.2, 0.75), at(0.8, 0.75)];
}

/**
 * Covered: at five points of the control's visible box, what is on top must be the control, something inside
 * it, or (for a control that draws itself through its label) an ally from `also`. Points outside the viewport
 * are skipped (callers scroll the control into view before writing).
 */
export function coveredBy(el: Element, also: Element[] = []): string | null {
  const { problem, visible } = clipProblem(el, false);
  if (problem || !visible) return null;
  return coverProblem(el, visible, also);
}

/**
 * Popups this fill opened and closed (a select's list): while one fades out with `pointer-events: none` it is not
 * a cover. Set by the write gate from the elements it clicked; only layers that already let pointer events
 * through are excused this way.
 */
let passingPopups: () => Element[] = () => [];
export function setPassingPopups(fn: () => Element[]): void {
  passingPopups = fn;
}

/** The box a clicked element floats in: its nearest absolutely or fixed positioned ancestor (or itself). */
export function popupOf(el: Element): Element | null {
  for (let cur: Element | null = el, d = 0; cur && d < 40; cur = composedParent(cur), d++) {
    const p = styleOf(cur).position;
    if (p === 'absolute' || p === 'fixed') return cur;
  }
  return null;
}

function coverProblem(el: Element, visible: Box, also: Element[], points = samplePoints(visible), lift = true): string | null {
  const w = viewOf(el);
  if (!w) return null;
  const inView = points.filter(([x, y]) => x >= 0 && y >= 0 && x < w.innerWidth && y < w.innerHeight);
  if (inView.length === 0) return null;
  const allowed = drawsThroughLabel(el) ? also : also.filter((a) => tagOf(a) !== 'LABEL');
  const root = rootOf(el);
  const plain = inView.map(([x, y]) => judge(hitsAt(root, x, y), el, allowed));
  if (plain.some((p) => p.v === 'cover')) return 'covered by another element';
  if (!lift) return null;
  const roots = rootChain(el);
  const lifted = () => {
    for (let i = 0; i < inView.length; i++) {
      const [x, y] = inView[i]!;
      const j = judge(hitsAt(root, x, y), el, allowed);
      if (j.v === 'miss') return 'covered by another element';
      if (j.v === 'cover' && paints(j.by!) && !passingPopups().some((p) => composedContains(p, j.by!))) return 'covered by another element';
    }
    // Still `none` while the lift sheet is in place: set inline with !important.
    return inlineNoPointerCover(el, visible, roots);
  };
  // In a batch (the plan's checks), the lifted half runs once for every control, under one sheet.
  const b = batch;
  if (b) {
    const key = b.key;
    for (const r of roots) b.roots.add(r);
    b.jobs.push(() => {
      const p = lifted();
      if (p) b.late(key, p);
    });
    return null;
  }
  return withLifted(roots, lifted);
}

interface LiftBatch {
  key: unknown;
  roots: Set<Document | ShadowRoot>;
  jobs: (() => void)[];
  late: (key: unknown, problem: string) => void;
}
let batch: LiftBatch | null = null;

/**
 * Run many never-list checks with one lift sheet instead of one each (adopting a sheet restyles the page):
 * inside `fn`, call `liftBatchKey(k)` before each control's check; the hit tests with pointer-events lifted run
 * after `fn`, all under one sheet, and `late(k, reason)` reports a control they refuse.
 */
export function withLiftBatch(fn: () => void, late: (key: unknown, problem: string) => void): void {
  const b: LiftBatch = { key: null, roots: new Set(), jobs: [], late };
  const outer = batch;
  batch = b;
  try {
    fn();
  } finally {
    batch = outer;
  }
  if (b.jobs.length)
    withLifted([...b.roots], () => {
      for (const job of b.jobs) job();
    });
}
export function liftBatchKey(key: unknown): void {
  if (batch) batch.key = key;
}

/** A pointer-events: none cover set inline with !important outlives the lift sheet: find it by its style. */
function inlineNoPointerCover(el: Element, visible: Box, roots: (Document | ShadowRoot)[]): string | null {
  for (const r of roots) {
    let list: ArrayLike<Element>;
    try {
      list =
        g().nodeType.call(r) === 9
          ? g().docQuerySelectorAll.call(r as Document, '[style*="pointer-events" i]')
          : g().fragQuerySelectorAll.call(r as ShadowRoot, '[style*="pointer-events" i]');
    } catch {
      continue;
    }
    for (let i = 0; i < list.length && i < MAX_INLINE_PE; i++) {
      const c = list[i]!;
      if (composedContains(c, el) || composedContains(el, c)) continue;
      if (styleOf(c).pointerEvents !== 'none' || !paints(c)) continue;
      if (passingPopups().some((p) => composedContains(p, c))) continue;
      const cr = boxOf(rectOf(c));
      const o = intersect(cr, visible);
      if (widthOf(o) * heightOf(o) > 0.1 * widthOf(visible) * heightOf(visible)) return 'covered by another element';
    }
  }
  return null;
}

/**
 * A control inside a same-origin frame can be covered in the parent document by something laid over the
 * frame: check, frame by frame upwards, that the parent's hit at the control's centre is the frame.
 */
export function coveredInParents(el: Element): string | null {
  const r = rectOf(el);
  let x = r.left + r.width / 2;
  let y = r.top + r.height / 2;
  for (const frame of frameChain(el)) {
    const fr = rectOf(frame);
    x += fr.left + g().clientLeft.call(frame);
    y += fr.top + g().clientTop.call(frame);
    const pw = viewOf(frame);
    if (!pw || x < 0 || y < 0 || x >= pw.innerWidth || y >= pw.innerHeight) return null;
    const root = rootOf(frame);
    const j = judge(hitsAt(root, x, y), frame, []);
    if (j.v !== 'ok') return 'covered by another element';
    const lifted = withLifted(rootChain(frame), () => judge(hitsAt(root, x, y), frame, []));
    if (lifted.v === 'miss' || (lifted.v === 'cover' && paints(lifted.by!))) return 'covered by another element';
  }
  return null;
}

/** Whether a frame element itself is shown in its parent document (a form in a hidden iframe is hidden). */
export function frameProblem(frame: Element): string | null {
  return hiddenByStyle(frame) ?? geometryProblem(frame);
}

/** Every never-list reason for a control's visible surface, or null when it may be written. */
export function notViewable(
  surface: Element,
  opts: { checkCovered?: boolean; also?: Element[]; strict?: boolean; lift?: boolean } = {},
): string | null {
  if (!isConnected(surface)) return 'no longer on the page';
  const style = hiddenByStyle(surface);
  if (style) return style;
  const { problem, visible } = clipProblem(surface, !!opts.strict);
  if (problem) return problem;
  if (opts.checkCovered === false || !visible) return null;
  return coverProblem(surface, visible, opts.also ?? [], undefined, opts.lift !== false) ?? coveredInParents(surface);
}

/**
 * For a click: shown, big enough where it is now, and on top at the centre of what is visible of it. Opacity is
 * not asked here: list popups fade in (antd, Element, layui), and the control a click belongs to has passed the
 * whole never-list, opacity included, right before its write began (engine.ts).
 */
export function clickProblem(el: Element, also: Element[] = []): string | null {
  if (!isConnected(el)) return 'no longer on the page';
  const style = hiddenByStyle0(el, { ignoreOpacity: true });
  if (style) return style;
  const c = clipInDocument(el);
  const w = viewOf(el);
  if (!w) return 'no longer on the page';
  const v = intersect(c.visible, { left: 0, top: 0, right: w.innerWidth, bottom: w.innerHeight });
  if (widthOf(v) < 4 || heightOf(v) < 4) return widthOf(c.box) < 4 || heightOf(c.box) < 4 ? 'too small to see' : 'clipped out of sight';
  for (const frame of frameChain(el)) {
    const fs = hiddenByStyle(frame);
    if (fs) return fs;
  }
  const cx = (v.left + v.right) / 2;
  const cy = (v.top + v.bottom) / 2;
  return coverProblem(el, v, also, [[cx, cy]]);
}
