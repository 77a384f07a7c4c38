/**
 * Preview and fill, as the popup asks for them: the plan is made from the person's edited copy of
 * the card held in the store, the fill counts towards "fills today", and the card is cleared after
 * a fill when so set (always in staff mode). Every method answers with a result value.
 */
import type { LatinName } from '../../src/card/latin-name';
import type { CardRecord } from '../../src/card/record';
import { CardFillError, toErrorInfo } from '../../src/errors';
import type { FillReport } from '../../src/fill/engine';
import type { PlanResult, Result } from '../shared/messages';
import { acceptEditedCard } from './edited-card';
import { NotListedError, type FillController } from './fill-controller';
import type { BackgroundState } from './state';
import { isLoopbackHost } from '../shared/settings';

/** True for a page that travels unencrypted beyond this computer (an allowed intranet http origin). */
export function insecurePage(address: string): boolean {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

export interface FillFlowDeps {
  filler: Pick<FillController, 'plan' | 'fill' | 'allowEntry'>;
  cards: { readonly card: CardRecord | null };
  state: BackgroundState;
  countFill: () => Promise<number>;
  afterFillSettings: () => Promise<{ clearAfterFill: boolean; staffMode: boolean }>;
  clearCard: () => Promise<unknown>;
  /** Adds an entry to the person's site list (not when policy fixes it). */
  addSite: (entry: string) => Promise<void>;
}

export class FillFlow {
  constructor(private readonly deps: FillFlowDeps) {}

  async planFill(tabId: number, edited: CardRecord, latinName: LatinName | null = null): Promise<PlanResult> {
    const original = this.deps.cards.card;
    if (!original) return { ok: false, error: new CardFillError('NO_CARD', 'No card data; read the card first').toJSON() };
    try {
      // The popup sends the person's edited copy; only correctable text facts are taken from it.
      const plan = await this.deps.filler.plan(tabId, acceptEditedCard(original, edited), latinName);
      return { ok: true, plan, insecure: insecurePage(plan.url) };
    } catch (e) {
      if (e instanceof NotListedError && e.offer) return { ok: false, error: e.toJSON(), allow: e.offer };
      return { ok: false, error: toErrorInfo(e) };
    }
  }

  async fill(
    tabId: number,
    planId: string,
    approvedIds: string[],
    edits?: Record<string, string>,
  ): Promise<Result<{ report: FillReport }>> {
    if (!this.deps.cards.card) {
      return { ok: false, error: new CardFillError('NO_CARD', 'The card data was cleared; read the card again').toJSON() };
    }
    try {
      const report = await this.deps.filler.fill(tabId, planId, approvedIds, edits);
      if (report.filled.length > 0) this.deps.state.update({ fillsToday: await this.deps.countFill() });
      const settings = await this.deps.afterFillSettings();
      // Staff mode: place card → glance → fill → next, with nothing left behind.
      if (settings.clearAfterFill || settings.staffMode) await this.deps.clearCard();
      return { ok: true, report };
    } catch (e) {
      return { ok: false, error: toErrorInfo(e) };
    }
  }

  /** "Allow CardFill on <site>": add the tab's site (or intranet origin) to the site list. */
  async allowSite(tabId: number): Promise<Result<{ entry: string }>> {
    try {
      const entry = await this.deps.filler.allowEntry(tabId);
      await this.deps.addSite(entry);
      return { ok: true, entry };
    } catch (e) {
      return { ok: false, error: toErrorInfo(e) };
    }
  }
}
