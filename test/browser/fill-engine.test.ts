/**
 * The fill engine in a real browser: for every fixture × every card kind, plan then fill through the standalone
 * engine (dist/fill-engine.js), then check the page's own model (jQuery form data, Vue model, React state) and
 * that no other field of the page saw an input/change event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CardKind } from '../../src/card/record.js';
import type { FillPlan, FillReport } from '../../src/fill/types.js';
import { CARDS } from '../fill/cards.js';
import { FIXTURES, KINDS } from '../fill/expectations.js';
import { buildEngine, buildFixtures, launch, openFixture, startFixtureServer } from '../fill/browser.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startFixtureServer>>;
let engine: string;

beforeAll(async () => {
  buildFixtures();
  engine = await buildEngine();
  server = await startFixtureServer();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function planAndFill(page: Page, kind: CardKind): Promise<{ plan: FillPlan; report: FillReport }> {
  await page.addScriptTag({ content: engine });
  return page.evaluate(async (card) => {
    const g = globalThis as unknown as { CardFillEngine: { plan(c: unknown): FillPlan; fill(p: FillPlan): Promise<FillReport> } };
    const plan = g.CardFillEngine.plan(card);
    const report = await g.CardFillEngine.fill(plan);
    return { plan, report };
  }, CARDS[kind]);
}

describe.each(FIXTURES)('$id', (fx) => {
  it.each(KINDS)('fills a %s card as the page model holds it, touching nothing else', async (kind) => {
    const page = await browser.newPage();
    try {
      await openFixture(page, fx, server.origin);
      const { plan, report } = await planAndFill(page, kind);
      expect(plan.site).toBe(fx.site);
      expect(report.reverted).toEqual([]);
      await page.waitForTimeout(100);
      const model = await page.evaluate(() => (window as unknown as { __model(): Record<string, string> }).__model());
      expect(model).toEqual(fx.model[kind]);
      const touched = await page.evaluate(() => (window as unknown as { __touched(): string[] }).__touched());
      expect([...touched].sort()).toEqual([...fx.touched[kind]].sort());
    } finally {
      await page.close();
    }
  });
});
