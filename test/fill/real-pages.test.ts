/**
 * The real-page corpus (test/fixtures/real/, third-party forms) through the real engine in Chromium: the behaviour
 * gate of src/fill/README.md "Real-page corpus". Every card's plan must leave payment, contact-person, password,
 * OTP and postal-code controls alone, and the classifier must keep precision ≥ 99 % and recall ≥ 95 % over the
 * hand-written expectations. The scores are computed from the page, never stored here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { bundleInspect, runCorpus } from '../../scripts/lib/real-corpus.mjs';
import { launch, startFixtureServer } from './browser.js';
import { RESIDENT } from './cards.js';
import { latinNameWithPinyin } from '../../src/card/pinyin.js';

interface PageResult {
  id: string;
  tp: number;
  fp: number;
  fn: number;
  forbidden: string[];
  problems: string[];
  raw: { unresolved: string[]; plans: { kind: string; items: { derived: boolean; field: string; value: string }[] }[] };
}

let browser: Browser;
let results: PageResult[];

beforeAll(async () => {
  browser = await launch();
  results = await runCorpus(browser);
}, 600_000);
afterAll(async () => {
  await browser?.close();
});

describe('real-page corpus', () => {
  it('has at least 30 pages, every expectation selector matching the page', () => {
    expect(results.length).toBeGreaterThanOrEqual(30);
    for (const r of results) expect(r.raw.unresolved, r.id).toEqual([]);
  });

  it('never plans a write into a payment, contact-person, password, OTP or postal-code control', () => {
    expect(results.flatMap((r) => r.forbidden.map((f) => `${r.id}: ${f}`))).toEqual([]);
  });

  it('classifies with precision ≥ 99 % and recall ≥ 95 %', () => {
    const tp = results.reduce((s, r) => s + r.tp, 0);
    const fp = results.reduce((s, r) => s + r.fp, 0);
    const fn = results.reduce((s, r) => s + r.fn, 0);
    const problems = results.flatMap((r) => r.problems.map((p) => `${r.id}: ${p}`));
    expect(tp / (tp + fp), problems.join('\n')).toBeGreaterThanOrEqual(0.99);
    expect(tp / (tp + fn), problems.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('offers a resident-card holder a derived Latin name on English forms, marked as derived', () => {
    const es = results.find((r) => r.id === 'chromium-003-i18n-es')!;
    const items = es.raw.plans.find((p) => p.kind === 'resident')!.items;
    expect(items.filter((i) => i.derived).map((i) => [i.field, i.value])).toEqual([
      ['surnameEn', 'Li'],
      ['givenNameEn', 'Mingxuan'],
    ]);
    const y = results.find((r) => r.id === 'chromium-077-register-yahoo')!.raw.plans.find((p) => p.kind === 'foreign-permanent-2023')!;
    expect(y.items.some((i) => i.derived)).toBe(false);
  });
});

describe('plan rules on a page of its own', () => {
  it('says "too long for this field" instead of cutting a value, and never puts a Chinese name into a Latin field', async () => {
    const { inspect } = await bundleInspect();
    const server = await startFixtureServer();
    const page = await browser.newPage();
    try {
      await page.goto(`${server.origin}/real/chromium-180-namesurname.html`);
      await page.setContent(`<form>
        <label for="a">姓名</label><input id="a" maxlength="2">
        <label for="b">证件号码</label><input id="b" maxlength="18">
        <label for="c">Full name</label><input id="c">
      </form>`);
      await page.addScriptTag({ content: inspect });
      const plan = (latin: unknown) =>
        page.evaluate(([card, l]) => (globalThis as any).CardFillInspect.plan(card, l).plan, [RESIDENT, latin] as const);
      // No Latin name known: the English field is left alone, not given 李明轩.
      const without = await plan(null);
      expect(without.items.map((i: { field: string }) => i.field)).toEqual(['documentNumber']);
      expect(without.refused).toContainEqual({ label: '姓名', reason: 'too long for this field' });
      // …and the plan asks for a Latin name, so the popup loads the romaniser and plans again.
      expect(without.latinNameWanted).toBe(true);
      // With the derived Latin name (the popup computes it) the English field gets pinyin, marked derived.
      const withLatin = await plan(latinNameWithPinyin(RESIDENT));
      expect(withLatin.items.map((i: { field: string; value: string; derived?: boolean }) => [i.field, i.value, !!i.derived])).toEqual([
        ['documentNumber', '110105198804121254', false],
        ['fullName', 'Mingxuan Li', true],
      ]);
      expect(withLatin.latinNameWanted).toBeUndefined();
      // A page with only Chinese fields never asks for it (the romaniser is not loaded there).
      await page.setContent('<form><label for="a">姓名</label><input id="a"><label for="b">证件号码</label><input id="b"></form>');
      expect((await plan(null)).latinNameWanted).toBeUndefined();
    } finally {
      await page.close();
      server.close();
    }
  }, 120_000);
});
