/**
 * The fill engine in a real browser: for every fixture × every card kind, plan then fill through the standalone
 * engine (dist/fill-engine.js), then check the page's own model (jQuery form data, Vue model, React state, layui
 * form.val) and that no other field of the page saw an input/change event. Then the behaviours around a fill the
 * person relies on: items switched off, a page that changed, values the page changes back, frames never entered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CardKind } from '../../src/card/record.js';
import type { FillPlan, FillReport } from '../../src/fill/types.js';
import { CARDS, RESIDENT } from '../fill/cards.js';
import { FIXTURES, FRAMES, KINDS, PASSENGER_12306 } from '../fill/expectations.js';
import { buildEngine, buildFixtures, launch, openFixture, startFixtureServer } from '../fill/browser.js';
import { latinNameWithPinyin } from '../../src/card/pinyin.js';

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

type Engine = { CardFillEngine: { plan(c: unknown, latin?: unknown): FillPlan; fill(p: FillPlan): Promise<FillReport> } };

async function plan(page: Page, kind: CardKind): Promise<FillPlan> {
  await page.addScriptTag({ content: engine });
  // The Latin name the popup derives (pinyin) for a card with only a Chinese name.
  return page.evaluate(([card, latin]) => (globalThis as unknown as Engine).CardFillEngine.plan(card, latin), [
    CARDS[kind],
    latinNameWithPinyin(CARDS[kind]),
  ] as const);
}
async function fill(page: Page, p: FillPlan): Promise<FillReport> {
  return page.evaluate((pl) => (globalThis as unknown as Engine).CardFillEngine.fill(pl), p);
}
const model = (page: Page) => page.evaluate(() => (window as unknown as { __model(): Record<string, string> }).__model());
const touched = (page: Page) => page.evaluate(() => (window as unknown as { __touched(): string[] }).__touched());

async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const page = await browser.newPage();
  try {
    return await fn(page);
  } finally {
    await page.close();
  }
}

describe.each(FIXTURES)('$id', (fx) => {
  it.each(KINDS)('fills a %s card as the page model holds it, touching nothing else', (kind) =>
    withPage(async (page) => {
      await openFixture(page, fx, server.origin);
      const p = await plan(page, kind);
      expect(p.site).toBe(fx.site);
      expect(JSON.parse(JSON.stringify(p))).toEqual(p);
      for (const r of fx.refused ?? []) {
        expect(p.refused, `refused ${r.label} (${r.reason})`).toContainEqual(
          expect.objectContaining({ reason: r.reason, label: r.label ? r.label : expect.any(String) }),
        );
      }
      const report = await fill(page, p);
      expect(report.reverted).toEqual([]);
      expect(report.filled.length + report.skipped.length).toBe(p.items.length);
      await page.waitForTimeout(100);
      expect(await model(page)).toEqual(fx.model[kind]);
      expect([...(await touched(page))].sort()).toEqual([...fx.touched[kind]].sort());
    }),
  );
});

describe('around a fill', () => {
  it('writes nothing the person switched off, and reports it as skipped', () =>
    withPage(async (page) => {
      await openFixture(page, PASSENGER_12306, server.origin);
      const p = await plan(page, 'resident');
      const name = p.items.find((i) => i.field === 'fullName')!;
      name.enabled = false;
      const report = await fill(page, p);
      expect(report.skipped).toContainEqual({ id: name.id, field: 'fullName', label: name.label, reason: 'switched off' });
      expect((await model(page)).passenger_name).toBe('');
      expect(await touched(page)).toEqual(['passenger_id_no']);
    }));

  it('refuses the whole plan when the page address changed since planning', () =>
    withPage(async (page) => {
      await openFixture(page, PASSENGER_12306, server.origin);
      const p = await plan(page, 'foreign-permanent-2023');
      await page.evaluate(() => history.pushState({}, '', '?type=edit'));
      const report = await fill(page, p);
      expect(report.filled).toEqual([]);
      expect(report.skipped).toHaveLength(p.items.length);
      expect(report.skipped.every((s) => s.reason === 'the page changed since the plan was made')).toBe(true);
      expect(await touched(page)).toEqual([]);
    }));

  it('refuses a plan made on another page (no registry entry)', () =>
    withPage(async (page) => {
      await openFixture(page, PASSENGER_12306, server.origin);
      const p = await plan(page, 'resident');
      await page.reload();
      await page.addScriptTag({ content: engine });
      const report = await fill(page, p);
      expect(report.filled).toEqual([]);
      expect(await touched(page)).toEqual([]);
    }));

  it('uses a plan once: a second fill with the same plan writes nothing', () =>
    withPage(async (page) => {
      await openFixture(page, PASSENGER_12306, server.origin);
      const p = await plan(page, 'resident');
      await fill(page, p);
      await page.evaluate(() => {
        (document.getElementById('name') as HTMLInputElement).value = '';
      });
      const again = await fill(page, p);
      expect(again.filled).toEqual([]);
      expect(again.skipped.every((s) => s.reason === 'the plan is no longer valid on this page; plan again')).toBe(true);
      expect((await model(page)).passenger_name).toBe('');
    }));

  it('reports a value the page changed back ~300 ms after filling', () =>
    withPage(async (page) => {
      await page.goto(`${server.origin}/pages/revert.html`);
      const p = await plan(page, 'resident');
      const report = await fill(page, p);
      expect(report.reverted).toEqual([expect.objectContaining({ field: 'fullName', value: RESIDENT.nameZh, now: '' })]);
      expect(report.filled.map((f) => f.field)).toEqual(['documentNumber']);
    }));

  it('never enters a cross-origin or sandboxed frame, nor writes into a frame covered in the parent page', () =>
    withPage(async (page) => {
      await openFixture(page, FRAMES, server.origin);
      await page.waitForFunction(() => document.querySelectorAll('iframe').length === 4);
      const p = await plan(page, 'resident');
      await fill(page, p);
      const cross = page.frames().find((f) => f.url().includes('?cross'))!;
      expect(cross).toBeTruthy();
      expect(await cross.evaluate(() => (window as unknown as { __model(): unknown }).__model())).toEqual({
        visitor_name: '',
        visitor_id: '',
        visitor_sex: '',
      });
      expect(await cross.evaluate(() => (window as unknown as { __touched(): string[] }).__touched())).toEqual([]);
      const covered = page.frames().find((f) => f.url().includes('?covered'))!;
      expect(await covered.evaluate(() => (window as unknown as { __touched(): string[] }).__touched())).toEqual([]);
    }));

  it('plans nothing on a plain-http page that is not localhost', () =>
    withPage(async (page) => {
      await page.route('http://insecure.example/**', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<form><label for=a>姓名</label><input id=a name=a></form>' }),
      );
      await page.goto('http://insecure.example/form');
      const p = await plan(page, 'resident');
      expect(p.items).toEqual([]);
      expect(p.refused).toEqual([{ label: 'insecure.example', reason: 'page is not secure (http:)' }]);
    }));
});
