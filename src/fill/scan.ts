/**
 * Page scan (issue 4 §1): the top document, open shadow roots and same-origin frames. Cross-origin and
 * sandboxed frames are reported, never entered (DESIGN.md §6 never-list).
 */
import type { Control, Driver } from './drivers/types.js';
import { nativeDriver } from './drivers/native.js';
import { WIDGET_DRIVERS } from './drivers/widgets.js';
import type { FillRefusal } from './types.js';
import { frameProblem, hiddenByStyle, geometryProblem, coveredBy, coveredInParents } from './visibility.js';

export interface ScannedControl {
  control: Control;
  /** Never-list reason found at scan time, or null. */
  problem: string | null;
  /** True when the problem comes from the frame holding the control. */
  frameProblem: boolean;
}

export interface PageScan {
  controls: ScannedControl[];
  refusedFrames: FillRefusal[];
}

/** Bitwarden caps field collection at 200 (anchors §B1); a big page must not stall the browser. */
const MAX_CONTROLS = 400;
const MAX_ELEMENTS = 50_000;
const MAX_DEPTH = 6;

export const DRIVERS: Driver[] = [...WIDGET_DRIVERS, nativeDriver];

function frameLabel(frame: Element): string {
  const src = frame.getAttribute('src') ?? '';
  try { return new URL(src, frame.ownerDocument.baseURI).host || 'frame'; } catch { return 'frame'; }
}

export function scanPage(doc: Document): PageScan {
  const controls: ScannedControl[] = [];
  const refusedFrames: FillRefusal[] = [];

  const visit = (root: Document | ShadowRoot, depth: number, inheritedProblem: string | null) => {
    if (depth > MAX_DEPTH || controls.length >= MAX_CONTROLS) return;
    const claimed = new Set<Element>();
    for (const d of DRIVERS) {
      // One odd widget must not cost the whole plan: a driver that fails here just finds nothing.
      let found: Control[] = [];
      try { found = d.find(root, claimed); } catch { found = []; }
      for (const c of found) {
        if (controls.length >= MAX_CONTROLS) break;
        claimed.add(c.element);
        const problem = inheritedProblem ?? hiddenByStyle(c.surface) ?? geometryProblem(c.surface) ??
          coveredBy(c.surface, [...(c.members ?? []), ...labelEls(c)]) ?? coveredInParents(c.surface);
        controls.push({ control: c, problem, frameProblem: inheritedProblem !== null });
      }
    }
    const all = root.querySelectorAll('*');
    for (let i = 0; i < all.length && i < MAX_ELEMENTS; i++) {
      const el = all[i]!;
      if (el.shadowRoot) visit(el.shadowRoot, depth + 1, inheritedProblem);
      if (el.tagName === 'IFRAME' || el.tagName === 'FRAME') {
        const label = frameLabel(el);
        if (el.hasAttribute('sandbox')) { refusedFrames.push({ label, reason: 'sandboxed frame' }); continue; }
        let inner: Document | null = null;
        try { inner = (el as HTMLIFrameElement).contentDocument; } catch { inner = null; }
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

function labelEls(c: Control): Element[] {
  const out: Element[] = [];
  for (const m of [c.element, ...(c.members ?? [])]) {
    const ls = (m as HTMLInputElement).labels;
    if (ls) out.push(...Array.from(ls));
  }
  return out;
}
