/**
 * The never-list of docs/architecture.md §6 as DOM checks: hidden, invisible, covered, disabled, password fields.
 * Modelled on Bitwarden's dom-element-visibility.service (docs/prior-art.md §B4): opacity on the
 * element or an ancestor, display/visibility, zero clip-paths, tiny size, off the document, or covered
 * by another element at the field's centre (elementFromPoint).
 */

/** Effective opacity below this counts as invisible. keepassxc-browser#2641 uses ancestors ≥ 0.7 (docs/prior-art.md §C). */
const MIN_EFFECTIVE_OPACITY = 0.5;
/** Bitwarden treats controls under 10 px as not viewable (docs/prior-art.md §B4). */
const MIN_SIZE_PX = 10;

function win(el: Element): Window & typeof globalThis {
  return (el.ownerDocument.defaultView ?? window) as Window & typeof globalThis;
}

/** Parent across shadow boundaries (a shadow root's host). */
export function composedParent(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const root = el.getRootNode();
  return root.nodeType === 11 && 'host' in root ? (root as ShadowRoot).host : null;
}

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

/**
 * A CSS mask whose every colour stop is fully transparent (`mask-image: linear-gradient(transparent,
 * transparent)`) hides an element while opacity stays 1 (found by test/browser/attack-pages.test.ts).
 * Masks with any visible stop (fade-outs of scroll areas) and image masks are left alone.
 */
export function maskHides(maskImage: string | null | undefined): boolean {
  if (!maskImage || maskImage === 'none' || !/gradient\(/.test(maskImage)) return false;
  const colours = maskImage.match(/rgba?\([^)]*\)|\btransparent\b/g) ?? [];
  if (colours.length === 0) return false;
  return colours.every((c) => {
    if (c === 'transparent') return true;
    const parts = c.slice(c.indexOf('(') + 1, -1).split(/[\s,/]+/).filter(Boolean);
    return parts.length === 4 && Number.parseFloat(parts[3]!) === 0;
  });
}

/** Why an element is not shown (display/visibility/opacity/clip/aria-hidden/inert), or null. No geometry. */
export function hiddenByStyle(el: Element): string | null {
  const w = win(el);
  let opacity = 1;
  for (let cur: Element | null = el; cur; cur = composedParent(cur)) {
    const cs = w.getComputedStyle(cur);
    if (cs.display === 'none') return 'hidden';
    if (cur === el && (cs.visibility === 'hidden' || cs.visibility === 'collapse')) return 'hidden';
    opacity *= Number(cs.opacity || '1') * filterOpacity(cs.filter);
    const mask = cs.maskImage || (cs as unknown as { webkitMaskImage?: string }).webkitMaskImage;
    if (maskHides(mask)) return 'invisible';
    if (cur.getAttribute('aria-hidden') === 'true') return 'hidden';
    if (cur.hasAttribute('inert')) return 'hidden';
    const clip = cs.clipPath;
    if (clip && /inset\(\s*(50%|100%)|circle\(\s*0(px)?\s*(at|\))|polygon\(\s*0px 0px\s*\)/.test(clip)) return 'clipped out of sight';
    if (cs.clip && /rect\(\s*0(px)?,?\s+0(px)?,?\s+0(px)?,?\s+0(px)?\s*\)/.test(cs.clip) && cs.position === 'absolute') return 'clipped out of sight';
  }
  // visibility is inherited; the computed value on the element itself already reflects its ancestors.
  if (opacity < MIN_EFFECTIVE_OPACITY) return 'invisible';
  // The browser's own answer covers what the walk above does not (content-visibility: hidden ancestors).
  const check = (el as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility;
  if (typeof check === 'function' && !check.call(el, { contentVisibilityAuto: true, opacityProperty: true, visibilityProperty: true })) return 'hidden';
  return null;
}

/** Geometry checks: too small, or outside the document. */
export function geometryProblem(el: Element): string | null {
  const r = el.getBoundingClientRect();
  if (r.width < MIN_SIZE_PX || r.height < MIN_SIZE_PX) return 'too small to see';
  const w = win(el);
  const doc = el.ownerDocument.documentElement;
  const left = r.left + w.scrollX;
  const top = r.top + w.scrollY;
  const width = Math.max(doc.scrollWidth, w.innerWidth);
  const height = Math.max(doc.scrollHeight, w.innerHeight);
  if (left + r.width <= 0 || top + r.height <= 0 || left >= width || top >= height) return 'off-screen';
  return null;
}

/**
 * Covered: at the centre of the control, elementFromPoint must be the control, something inside it, or its
 * label. Only checked when the centre is inside the viewport (callers scroll it into view first when filling).
 */
export function coveredBy(el: Element, also: Element[] = []): string | null {
  const r = el.getBoundingClientRect();
  const w = win(el);
  const x = r.left + r.width / 2;
  const y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x >= w.innerWidth || y >= w.innerHeight) return null;
  const root = el.getRootNode() as Document | ShadowRoot;
  const hit = (root.elementFromPoint ? root.elementFromPoint(x, y) : el.ownerDocument.elementFromPoint(x, y));
  if (!hit) return 'covered by another element';
  const ok = [el, ...also];
  for (const o of ok) {
    if (hit === o || o.contains(hit)) return null;
    if (hit.tagName === 'LABEL' && ((hit as HTMLLabelElement).control === o || hit.contains(o))) return null;
  }
  // A shadow host in the top document stands for its whole tree.
  if (hit.shadowRoot && hit.shadowRoot.contains(el)) return null;
  return 'covered by another element';
}

/**
 * A control inside a same-origin frame can be covered in the parent document by something laid over the
 * frame: check, frame by frame upwards, that the parent's elementFromPoint at the control's centre is the frame.
 */
export function coveredInParents(el: Element): string | null {
  const r = el.getBoundingClientRect();
  let x = r.left + r.width / 2;
  let y = r.top + r.height / 2;
  let w: Window | null = el.ownerDocument.defaultView;
  for (let depth = 0; w && depth < 6; depth++) {
    let frame: Element | null = null;
    try { frame = w.frameElement; } catch { frame = null; }
    if (!frame) return null;
    const fr = frame.getBoundingClientRect();
    x += fr.left + (frame as HTMLElement).clientLeft;
    y += fr.top + (frame as HTMLElement).clientTop;
    const pw = frame.ownerDocument.defaultView;
    if (!pw || x < 0 || y < 0 || x >= pw.innerWidth || y >= pw.innerHeight) return null;
    const root = frame.getRootNode() as Document | ShadowRoot;
    const hit = root.elementFromPoint ? root.elementFromPoint(x, y) : frame.ownerDocument.elementFromPoint(x, y);
    if (hit !== frame) return 'covered by another element';
    w = pw;
  }
  return null;
}

/** Whether a frame element itself is shown in its parent document (a form in a hidden iframe is hidden). */
export function frameProblem(frame: Element): string | null {
  return hiddenByStyle(frame) ?? geometryProblem(frame);
}

/** Every never-list reason for a control's visible surface, or null when it may be written. */
export function notViewable(surface: Element, opts: { checkCovered?: boolean; also?: Element[] } = {}): string | null {
  if (!surface.isConnected) return 'no longer on the page';
  return hiddenByStyle(surface) ?? geometryProblem(surface) ??
    (opts.checkCovered === false ? null : coveredBy(surface, opts.also) ?? coveredInParents(surface));
}
