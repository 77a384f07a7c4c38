/**
 * Page scan: the top document, open shadow roots and same-origin frames. Cross-origin and
 * sandboxed frames are reported, never entered (docs/architecture.md §6 never-list).
 */
import type { Control, Driver } from './drivers/types.js';
import { nativeDriver } from './drivers/native.js';
import { fakeRadioDriver } from './drivers/fake-radio.js';
import { widgetDrivers } from './drivers/registry.js';
import type { FillRefusal } from './types.js';
import { frameProblem, hiddenByStyle, geometryProblem, coveredBy, coveredInParents } from './visibility.js';
import { labelElementsOf, withLabelIndex } from './labels.js';

export interface ScannedControl {
  control: Control;
  /** Never-list reason of the frame holding the control (hidden or off-screen frame), or null. */
  inheritedProblem: string | null;
  /** Never-list reason, computed on first use by `problemOf` (style, geometry, elementFromPoint are costly). */
  problem?: string | null;
  /** True when the problem comes from the frame holding the control. */
  frameProblem: boolean;
}

export interface PageScan {
  controls: ScannedControl[];
  refusedFrames: FillRefusal[];
}

/**
 * Bounds on the work of one scan. Bitwarden caps field collection at 200 (docs/prior-art.md §B1) so a big page cannot stall
 * the browser; capping *controls* before classification, as this scan first did, loses the identity rows of a long
 * page (docs/benchmarks.md: 0 of 7 planned after 1,000 other controls). Collecting and classifying are linear and
 * cheap, so the bounds are on elements visited and on controls collected; the costly never-list checks run only for
 * controls that classify as card fields (engine.ts, MAX_CHECKED there).
 */
const MAX_CONTROLS = 20_000;
const MAX_ELEMENTS = 200_000;
const MAX_DEPTH = 6;

/** Widget drivers first (loaded ones: registry.ts), so they claim their inner inputs; native last. */
export function drivers(): Driver[] {
  return [...widgetDrivers(), fakeRadioDriver, nativeDriver];
}

function frameLabel(frame: Element): string {
  const src = frame.getAttribute('src') ?? '';
  try {
    return new URL(src, frame.ownerDocument.baseURI).host || 'frame';
  } catch {
    return 'frame';
  }
}

export function scanPage(doc: Document): PageScan {
  return withLabelIndex(() => scan(doc));
}

function scan(doc: Document): PageScan {
  const controls: ScannedControl[] = [];
  const refusedFrames: FillRefusal[] = [];
  let visited = 0;

  const visit = (root: Document | ShadowRoot, depth: number, inheritedProblem: string | null) => {
    if (depth > MAX_DEPTH || controls.length >= MAX_CONTROLS || visited >= MAX_ELEMENTS) return;
    const claimed = new Set<Element>();
    for (const d of drivers()) {
      // One odd widget must not cost the whole plan: a driver that fails here just finds nothing.
      let found: Control[] = [];
      try {
        found = d.find(root, claimed);
      } catch {
        found = [];
      }
      for (const c of found) {
        if (controls.length >= MAX_CONTROLS) break;
        claimed.add(c.element);
        controls.push({ control: c, inheritedProblem, frameProblem: inheritedProblem !== null });
      }
    }
    const all = root.querySelectorAll('*');
    for (let i = 0; i < all.length && visited < MAX_ELEMENTS; i++, visited++) {
      const el = all[i]!;
      if (el.shadowRoot) visit(el.shadowRoot, depth + 1, inheritedProblem);
      if (el.tagName === 'IFRAME' || el.tagName === 'FRAME') {
        const label = frameLabel(el);
        if (el.hasAttribute('sandbox')) {
          refusedFrames.push({ label, reason: 'sandboxed frame' });
          continue;
        }
        let inner: Document | null = null;
        try {
          inner = (el as HTMLIFrameElement).contentDocument;
        } catch {
          inner = null;
        }
        if (!inner || !inner.documentElement) {
          refusedFrames.push({ label, reason: 'cross-origin frame' });
          continue;
        }
        visit(inner, depth + 1, inheritedProblem ?? frameProblem(el));
      }
    }
  };
  visit(doc, 0, null);
  return { controls, refusedFrames };
}

/** The never-list reason of a scanned control (hidden, invisible, clipped, tiny, off-screen, covered), or null. */
export function problemOf(sc: ScannedControl): string | null {
  if (sc.problem === undefined) {
    const c = sc.control;
    sc.problem =
      sc.inheritedProblem ??
      hiddenByStyle(c.surface) ??
      geometryProblem(c.surface) ??
      coveredBy(c.surface, coverageAllies(c)) ??
      coveredInParents(c.surface);
  }
  return sc.problem;
}

/**
 * What may legitimately be on top of a control's centre: its radio members and its labels. `wrappingOnly` leaves out
 * `<label for>` labels, whose lookup outside a scan walks the document: the fill asks for those only when the cheap
 * check finds the control covered, so the answer is the same as with every label.
 */
export function coverageAllies(c: Control, wrappingOnly = false): Element[] {
  const out: Element[] = [...(c.members ?? [])];
  for (const m of [c.element, ...(c.members ?? [])]) out.push(...labelElementsOf(m, wrappingOnly));
  return out;
}
