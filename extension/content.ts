/**
 * Injected on demand into the frame of the tab the person chose (activeTab + scripting; no
 * content_scripts, no <all_urls>). It runs in the isolated world: the page cannot call it, and it
 * listens to nothing the page can send — only to the background's tabs.sendMessage, and to the
 * person's own right-clicks (trusted `contextmenu` events; a page's synthetic ones are ignored),
 * so "CardFill: this field is…" knows which control was meant.
 */
import { toErrorInfo } from '../src/errors';
import { executeFill, forgetPlans, planFill, refineWithOcclusion } from '../src/fill/engine';
import { needsCountryTable, needsWidgetDrivers } from '../src/fill/drivers/registry';
import { siteProfileFor } from '../src/sites/index';
import { content } from './shared/messages';
import { controlOf, labelOf, stableSelector } from './shared/selector';

declare global {
  var __cardfillContentReady: boolean | undefined;
  var __cardfillBundles: (() => string[]) | undefined;
  var __cardfillWidgetsLoaded: boolean | undefined;
  var __cardfillCountryTable: string | undefined;
}

/** The control last right-clicked by the person (a WeakRef: a removed element is not kept alive). */
let lastRightClicked: WeakRef<Element> | null = null;

function editable(el: Element | null): el is Element {
  return !!el && (el.matches('input, select, textarea') || (el as HTMLElement).isContentEditable);
}

/**
 * The extra bundles this document needs, asked by the background right after injecting this script: the widget
 * drivers only where a widget is on the page, the country table only where a nationality may be asked
 * (src/fill/drivers/registry.ts), so the core stays small.
 */
globalThis.__cardfillBundles = () => [
  ...(globalThis.__cardfillWidgetsLoaded || !needsWidgetDrivers(document) ? [] : ['extension/content-widgets.js']),
  ...(globalThis.__cardfillCountryTable || !needsCountryTable(document) ? [] : ['extension/content-countries.js']),
];

// executeScript runs this file again on every preview; register the listeners once per document.
if (!globalThis.__cardfillContentReady) {
  globalThis.__cardfillContentReady = true;
  document.addEventListener(
    'contextmenu',
    (event) => {
      if (!event.isTrusted) return;
      const target = event.composedPath()[0];
      if (target instanceof Element) lastRightClicked = new WeakRef(controlOf(target));
    },
    { capture: true },
  );
  content.onMessage('contentPlan', async ({ data }) => {
    try {
      const plan = planFill(data.card, {
        sites: siteProfileFor,
        siteRules: data.siteRules ?? [],
        allowHttp: data.allowHttp === true,
        latinName: data.latinName ?? null,
      });
      // The browser's own occlusion signal as a further "no" (src/fill/engine.ts refineWithOcclusion).
      return { ok: true, plan: await refineWithOcclusion(plan) };
    } catch (e) {
      return { ok: false, error: toErrorInfo(e) };
    }
  });
  // Nothing of the card outlives Clear (SECURITY.md P9): the background tells every page it planned on.
  content.onMessage('contentForget', () => ({ ok: true as const, dropped: forgetPlans() }));
  content.onMessage('contentFill', async ({ data }) => {
    try {
      return { ok: true, report: await executeFill(data.plan) };
    } catch (e) {
      return { ok: false, error: toErrorInfo(e) };
    }
  });
  content.onMessage('contentTarget', ({ data }) => {
    // Firefox names the element itself (menus.getTargetElement); elsewhere the right-clicked
    // control; if this script arrived only with the menu click, the control the right-click
    // focused (browsers focus a field on mouse-down, right button included).
    const menus = (globalThis as { browser?: { menus?: { getTargetElement?: (id: number) => Element | null } } }).browser?.menus;
    const fromFirefox = data?.targetElementId !== undefined ? (menus?.getTargetElement?.(data.targetElementId) ?? null) : null;
    let el: Element | null = fromFirefox ? controlOf(fromFirefox) : (lastRightClicked?.deref() ?? null);
    if (!el || !el.isConnected) {
      const active = document.activeElement;
      el = editable(active) ? active : null;
    }
    if (!el) {
      return {
        ok: false,
        error: { code: 'BAD_REQUEST', message: 'Right-click the field again, then choose what it is', retriable: false },
      };
    }
    return { ok: true, selector: stableSelector(el), label: labelOf(el) };
  });
}
