/**
 * Injected on demand into the top frame of the tab the person chose (activeTab + scripting; no
 * content_scripts, no <all_urls>). It runs in the isolated world: the page cannot call it, and it
 * listens to nothing the page can send — only to the background's tabs.sendMessage.
 */
import { toErrorInfo } from '../src/errors';
import { executeFill, forgetPlans, planFill, refineWithOcclusion } from '../src/fill/engine';
import { content } from './shared/messages';

declare global {
  // eslint-disable-next-line no-var
  var __cardfillContentReady: boolean | undefined;
}

// executeScript runs this file again on every preview; register the listeners once per document.
if (!globalThis.__cardfillContentReady) {
  globalThis.__cardfillContentReady = true;
  content.onMessage('contentPlan', async ({ data }) => {
    try {
      return { ok: true, plan: await refineWithOcclusion(planFill(data.card)) };
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
}
