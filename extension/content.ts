/**
 * Injected on demand into the top frame of the tab the person chose (activeTab + scripting; no
 * content_scripts, no <all_urls>). It runs in the isolated world: the page cannot call it, and it
 * listens to nothing the page can send — only to the background's tabs.sendMessage.
 */
import { toErrorInfo } from '../src/errors';
import { executeFill, planFill } from '../src/fill/engine';
import { needsCountryTable, needsWidgetDrivers } from '../src/fill/drivers/registry';
import { content } from './shared/messages';

declare global {
  // eslint-disable-next-line no-var
  var __cardfillContentReady: boolean | undefined;
  // eslint-disable-next-line no-var
  var __cardfillBundles: (() => string[]) | undefined;
  // eslint-disable-next-line no-var
  var __cardfillWidgetsLoaded: boolean | undefined;
  // eslint-disable-next-line no-var
  var __cardfillCountryTable: string | undefined;
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
  content.onMessage('contentPlan', ({ data }) => {
    try {
      return { ok: true, plan: planFill(data.card) };
    } catch (e) {
      return { ok: false, error: toErrorInfo(e) };
    }
  });
  content.onMessage('contentFill', async ({ data }) => {
    try {
      return { ok: true, report: await executeFill(data.plan) };
    } catch (e) {
      return { ok: false, error: toErrorInfo(e) };
    }
  });
}
