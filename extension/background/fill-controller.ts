/**
 * Plan and fill in one tab's top frame (DESIGN.md §6). The card goes only to the frame the person
 * chose, only on an allowed site, only over https (or http on this computer), and the fill happens
 * only if the tab still shows the URL the plan was made for.
 */
import browser from 'webextension-polyfill';
import type { CardRecord } from '../../src/card/record';
import type { LatinName } from '../../src/card/latin-name';
import { CardFillError } from '../../src/errors';
import type { FillPlan, FillReport } from '../../src/fill/engine';
import { content } from '../shared/messages';
import { loadSettings, siteAllowed } from '../shared/settings';

/** Built path of extension/content.ts (vite-plugin-web-extension keeps the source layout). */
const CONTENT_SCRIPT = 'extension/content.js';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

interface PlanRecord { plan: FillPlan; tabUrl: string }

export class FillController {
  private readonly plans = new Map<number, PlanRecord>();

  constructor() {
    // A plan belongs to one page: forget it when the tab navigates or closes.
    browser.tabs.onRemoved.addListener((tabId) => this.plans.delete(tabId));
    browser.tabs.onUpdated.addListener((tabId, change) => {
      if (change.url) this.plans.delete(tabId);
    });
  }

  async plan(tabId: number, card: CardRecord, latinName: LatinName | null = null): Promise<FillPlan> {
    const tabUrl = await this.checkedTabUrl(tabId);
    await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [CONTENT_SCRIPT] });
    const result = await content.sendMessage('contentPlan', { card, latinName }, { tabId, frameId: 0 });
    if (!result) throw new CardFillError('INTERNAL', 'The page did not answer; reload it and try again');
    if (!result.ok) throw new CardFillError(result.error.code, result.error.message);
    this.plans.set(tabId, { plan: result.plan, tabUrl });
    return result.plan;
  }

  async fill(tabId: number, planId: string, approvedIds: readonly string[]): Promise<FillReport> {
    const record = this.plans.get(tabId);
    if (!record || record.plan.planId !== planId) {
      throw new CardFillError('BAD_REQUEST', 'This preview is out of date; make the preview again');
    }
    const tabUrl = await this.checkedTabUrl(tabId);
    if (tabUrl !== record.tabUrl) {
      this.plans.delete(tabId);
      throw new CardFillError('BAD_REQUEST', 'The page changed after the preview; nothing was filled. Make the preview again');
    }
    const approved = new Set(approvedIds);
    const plan: FillPlan = { ...record.plan, items: record.plan.items.map((item) => ({ ...item, enabled: approved.has(item.id) })) };
    const result = await content.sendMessage('contentFill', { plan }, { tabId, frameId: 0 });
    this.plans.delete(tabId);
    if (!result) throw new CardFillError('INTERNAL', 'The page did not answer; reload it and try again');
    if (!result.ok) throw new CardFillError(result.error.code, result.error.message);
    return result.report;
  }

  forget(): void {
    this.plans.clear();
  }

  /** The tab's URL if CardFill may fill there; otherwise a NOT_ALLOWED error that says why. */
  private async checkedTabUrl(tabId: number): Promise<string> {
    const tab = await browser.tabs.get(tabId);
    if (!tab.url) throw new CardFillError('NOT_ALLOWED', 'CardFill cannot see this tab’s address; click the CardFill button on the page you want to fill');
    const url = new URL(tab.url);
    const local = LOOPBACK.has(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
      throw new CardFillError('NOT_ALLOWED', `CardFill fills only secure (https) pages; ${url.protocol}//${url.host} is not`);
    }
    const settings = await loadSettings();
    if (!local && !siteAllowed(url.hostname, settings.siteAllowList)) {
      throw new CardFillError('NOT_ALLOWED', `${url.hostname} is not in CardFill’s site list; add it in the options to fill here`);
    }
    return tab.url;
  }
}
