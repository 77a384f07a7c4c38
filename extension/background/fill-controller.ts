/**
 * Plan and fill in one tab's top frame (src/fill/README.md, SECURITY.md P5). The card goes only to the
 * frame the person chose, only on a site the site list allows (https; http only on this computer
 * or on an intranet origin listed exactly), and the fill happens only if the tab still shows the
 * URL the plan was made for. The browser APIs are passed in, so the checks are tested directly.
 */
import type { LatinName } from '../../src/card/latin-name';
import type { CardRecord } from '../../src/card/record';
import { CardFillError } from '../../src/errors';
import type { FillPlan, FillReport, SiteRule } from '../../src/fill/engine';
import { checkEdits } from '../../src/fill/plan-edits';
import browser from 'webextension-polyfill';
import { content, type AllowOffer } from '../shared/messages';
import { PlanForgetter } from './forget-plans';
import { loadSettings, pageAccess, type PageAccess } from '../shared/settings';
import { loadSiteRules, rulesForOrigin } from '../shared/site-rules';

/** Built path of extension/content.ts (vite-plugin-web-extension keeps the source layout). */
export const CONTENT_SCRIPT = 'extension/content.js';
/**
 * Built paths of extension/content-widgets.ts (widget drivers) and content-countries.ts (country table), injected
 * only into pages that need them.
 */
const OPTIONAL_BUNDLES = ['extension/content-widgets.js', 'extension/content-countries.js'];

/** A page that is not on the site list, with what "Allow CardFill on <site>" would add. */
export class NotListedError extends CardFillError {
  constructor(
    message: string,
    readonly offer: AllowOffer | undefined,
  ) {
    super('NOT_ALLOWED', message);
  }
}

type Reply<T> = ({ ok: true } & T) | { ok: false; error: { code: CardFillError['code']; message: string } } | undefined;

export interface FillControllerDeps {
  getTabUrl(tabId: number): Promise<string | undefined>;
  inject(tabId: number, frameId: number): Promise<void>;
  sendPlan(
    tabId: number,
    data: { card: CardRecord; siteRules: SiteRule[]; allowHttp: boolean; latinName: LatinName | null },
  ): Promise<Reply<{ plan: FillPlan }>>;
  sendFill(tabId: number, data: { plan: FillPlan }): Promise<Reply<{ report: FillReport }>>;
  siteList(): Promise<{ sites: readonly string[]; locked: boolean }>;
  /** The taught fields for one origin (extension/shared/site-rules.ts). */
  rulesFor(origin: string): Promise<SiteRule[]>;
  /** Tab events that make a plan stale. */
  onTabGone(listener: (tabId: number) => void): void;
  onTabNavigated(listener: (tabId: number) => void): void;
  /** Tell one tab's content side to drop every plan it holds (extension/background/forget-plans.ts). */
  sendForget?(tabId: number): Promise<unknown>;
}

/** The real browser: tabs, scripting, the content script's messages, the settings and site rules. */
export function browserFillDeps(): FillControllerDeps {
  return {
    getTabUrl: async (tabId) => (await browser.tabs.get(tabId)).url,
    inject: async (tabId, frameId) => {
      const target = { tabId, frameIds: [frameId] };
      await browser.scripting.executeScript({ target, files: [CONTENT_SCRIPT] });
      // The widget drivers and the country table go only into pages that need them (src/fill/drivers/registry.ts):
      // the content script says which of the known bundles its document needs; only files from this list are injected.
      const asked = await browser.scripting.executeScript({ target, func: () => globalThis.__cardfillBundles?.() ?? [] });
      const wanted = Array.isArray(asked) ? asked[0]?.result : undefined;
      const files = Array.isArray(wanted) ? OPTIONAL_BUNDLES.filter((f) => wanted.includes(f)) : [];
      if (files.length) await browser.scripting.executeScript({ target, files });
    },
    sendPlan: (tabId, data) => content.sendMessage('contentPlan', data, { tabId, frameId: 0 }),
    // A page reloaded or left after the preview does not answer: that is a changed page, not an internal error.
    sendFill: (tabId, data) => content.sendMessage('contentFill', data, { tabId, frameId: 0 }).catch(() => PAGE_GONE),
    sendForget: (tabId) => content.sendMessage('contentForget', undefined, { tabId, frameId: 0 }),
    siteList: async () => {
      const settings = await loadSettings();
      return { sites: settings.siteAllowList, locked: settings.locked.includes('siteAllowList') };
    },
    rulesFor: async (origin) => rulesForOrigin(await loadSiteRules(), origin),
    onTabGone: (listener) => browser.tabs.onRemoved.addListener((tabId) => listener(tabId)),
    onTabNavigated: (listener) =>
      browser.tabs.onUpdated.addListener((tabId, change) => {
        // A reload keeps the URL but loses the page's plan: treat it as a change of page.
        if (change.url || change.status === 'loading') listener(tabId);
      }),
  };
}

interface PlanRecord {
  plan: FillPlan;
  tabUrl: string;
}

const PAGE_GONE = {
  ok: false as const,
  error: {
    code: 'BAD_REQUEST' as const,
    message: 'The page changed (it was reloaded or left) after the preview; nothing was filled. Make the preview again',
    retriable: false,
  },
};

function unwrap<T extends object>(result: Reply<T>): T {
  if (!result) throw new CardFillError('INTERNAL', 'The page did not answer; reload it and try again');
  if (!result.ok) throw new CardFillError(result.error.code, result.error.message);
  return result;
}

export class FillController {
  private readonly plans = new Map<number, PlanRecord>();
  /** The tabs whose content side may still hold a plan (and so card values). */
  private readonly planned: PlanForgetter;

  constructor(private readonly deps: FillControllerDeps = browserFillDeps()) {
    this.planned = new PlanForgetter({ tellTab: (tabId) => deps.sendForget?.(tabId) ?? Promise.resolve() });
    // A plan belongs to one page: forget it when the tab navigates or closes.
    deps.onTabGone((tabId) => this.plans.delete(tabId));
    deps.onTabNavigated((tabId) => this.plans.delete(tabId));
  }

  async plan(tabId: number, card: CardRecord, latinName: LatinName | null = null): Promise<FillPlan> {
    const { url: tabUrl, access } = await this.checkedTab(tabId);
    await this.deps.inject(tabId, 0);
    const siteRules = await this.deps.rulesFor(new URL(tabUrl).origin);
    const { plan } = unwrap(await this.deps.sendPlan(tabId, { card, siteRules, allowHttp: access.insecure, latinName }));
    this.planned.noteTab(tabId);
    this.plans.set(tabId, { plan, tabUrl });
    return plan;
  }

  async fill(tabId: number, planId: string, approvedIds: readonly string[], edits?: unknown): Promise<FillReport> {
    const record = this.plans.get(tabId);
    if (!record || record.plan.planId !== planId) {
      throw new CardFillError('BAD_REQUEST', 'This preview is out of date; make the preview again');
    }
    // Values the person changed in the preview: only for this plan's typed items (src/fill/plan-edits.ts).
    const changed = checkEdits(record.plan, edits);
    if (!changed.ok) throw new CardFillError('BAD_REQUEST', changed.message);
    const { url: tabUrl } = await this.checkedTab(tabId);
    if (tabUrl !== record.tabUrl) {
      this.plans.delete(tabId);
      throw new CardFillError('BAD_REQUEST', 'The page changed after the preview; nothing was filled. Make the preview again');
    }
    const approved = new Set(approvedIds);
    const plan: FillPlan = {
      ...record.plan,
      items: record.plan.items.map((item) => ({
        ...item,
        enabled: approved.has(item.id),
        value: changed.values.get(item.id) ?? item.value,
      })),
    };
    this.plans.delete(tabId);
    try {
      return unwrap(await this.deps.sendFill(tabId, { plan })).report;
    } finally {
      // After a fill, no page keeps a plan (SECURITY.md P9).
      void this.planned.forgetAll();
    }
  }

  /** Forget every plan, here and in every page that made one (Clear, lock, card removed, timeout, a new read). */
  async forget(): Promise<void> {
    this.plans.clear();
    await this.planned.forgetAll();
  }

  /** What "Allow CardFill on <site>" adds for this tab, or an error saying why it cannot. */
  async allowEntry(tabId: number): Promise<string> {
    const url = await this.deps.getTabUrl(tabId);
    if (!url) throw addressHidden();
    const { sites, locked } = await this.deps.siteList();
    const access = pageAccess(url, sites);
    if (access.kind === 'allowed') return new URL(url).hostname;
    if (access.kind === 'refused') throw refusal(url, access);
    if (locked) throw new CardFillError('NOT_ALLOWED', 'Your organisation manages CardFill’s site list; ask IT to add this site');
    return access.entry;
  }

  /** The tab's URL and access if CardFill may fill there; otherwise a NOT_ALLOWED error that says why. */
  private async checkedTab(tabId: number): Promise<{ url: string; access: Extract<PageAccess, { kind: 'allowed' }> }> {
    const url = await this.deps.getTabUrl(tabId);
    if (!url) throw addressHidden();
    const { sites, locked } = await this.deps.siteList();
    const access = pageAccess(url, sites);
    if (access.kind === 'refused') throw refusal(url, access);
    if (access.kind === 'not-listed') {
      const host = new URL(url);
      const site = access.insecure ? host.host : host.hostname;
      const message = access.insecure
        ? `${access.entry} is an intranet page without encryption and not on CardFill’s site list; allow it to fill here`
        : `${site} is not in CardFill’s site list; add it in the options to fill here`;
      throw new NotListedError(message, locked ? undefined : { site, entry: access.entry, pattern: access.pattern });
    }
    return { url, access };
  }
}

function refusal(url: string, access: Extract<PageAccess, { kind: 'refused' }>): CardFillError {
  let shown = url;
  try {
    const u = new URL(url);
    shown = `${u.protocol}//${u.host}`;
  } catch {
    // Keep the address as it is.
  }
  return new CardFillError(
    'NOT_ALLOWED',
    access.reason === 'insecure'
      ? `CardFill fills only secure (https) pages, or intranet systems your organisation lists; ${shown} is neither`
      : `CardFill fills only web pages (https); ${shown} is not one`,
  );
}

function addressHidden(): CardFillError {
  return new CardFillError('NOT_ALLOWED', 'CardFill cannot see this tab’s address; click the CardFill button on the page you want to fill');
}
