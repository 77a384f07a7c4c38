/**
 * Changing a derived Latin name before the fill, through the real extension, host and simulated reader: a resident
 * card (Chinese name only) on an English form gets pinyin for Surname / Given name, marked as derived in the plan;
 * the person changes the surname in the popup (a Chinese surname is refused there first), fills, and the page's own
 * model then holds the changed surname, every other field exactly as planned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { CARDS } from '../fill/cards';
import { ENGLISH_AUTOCOMPLETE as FX } from '../fill/expectations';
import { openFixture } from '../fill/browser';
import { ROOT, artifactPath, launchExtension, startFixtureServer, type ExtensionBrowser, type FixtureServer } from './harness';
import { textFieldsFromRecord } from './card-text';

const AXE_SOURCE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core in the popup (injected by evaluate: extension pages have a strict CSP); serious and critical only. */
async function seriousViolations(page: Page): Promise<{ id: string; targets: string[] }[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(({ id, targets }) => ({ id, targets }));
}

let server: FixtureServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await startFixtureServer();
  browser = await launchExtension({ sim: { card: null, custom: textFieldsFromRecord(CARDS.resident) } });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a derived Latin name changed in the popup', () => {
  it('the page holds the surname the person typed, not the derived one', async () => {
    const page = await browser.context.newPage();
    await openFixture(page, FX, server.origin);
    const popup = await browser.openPopup(page);
    try {
      await popup.click('[data-action=read]');
      await popup.waitForSelector('.card [data-field]', { timeout: 20_000 });
      await popup.click('[data-action=preview]');
      await popup.waitForSelector('.plan [data-plan-field=surnameEn]', { timeout: 20_000 });
      const surname = popup.locator('[data-plan-field=surnameEn]');
      // Derived from 李明轩 and marked so; the plan would write the page's expected pinyin.
      expect(await surname.locator('[data-plan-value]').textContent()).toBe(FX.model.resident['g3']);
      expect(await surname.locator('[data-derived]').count()).toBe(1);

      // From the keyboard: Enter on "Edit" opens the text box with the focus in it.
      await surname.locator('[data-plan-edit]').focus();
      await popup.keyboard.press('Enter');
      const input = surname.locator('[data-plan-input]');
      await popup.waitForFunction(() => document.activeElement?.matches('[data-plan-input]') ?? false);
      // A Chinese surname in a Latin-name field: said in the popup, not taken.
      await popup.keyboard.press('Control+A');
      await popup.keyboard.type('李');
      await popup.waitForSelector('[data-plan-field=surnameEn] [role=alert][data-edit-error=han-in-latin]');
      await popup.keyboard.press('Enter');
      expect(await input.count()).toBe(1);
      await popup.screenshot({ path: artifactPath('popup-plan-edit-refused.png'), fullPage: true });
      expect(await seriousViolations(popup)).toEqual([]);
      await input.fill('Lee');
      await input.press('Enter');
      await popup.waitForSelector('[data-plan-field=surnameEn][data-edited=true]');
      expect(await surname.locator('[data-plan-value]').textContent()).toBe('Lee');
      await popup.screenshot({ path: artifactPath('popup-plan-edit-edited.png'), fullPage: true });

      await popup.click('[data-action=fill]');
      await popup.waitForSelector('.report', { timeout: 20_000 });
      expect(await popup.locator('[data-report-item=filled]', { hasText: 'Lee' }).count()).toBe(1);
      await page.waitForTimeout(100);
      const model = await page.evaluate(() => (window as unknown as { __model(): Record<string, string> }).__model());
      expect(model).toEqual({ ...FX.model.resident, g3: 'Lee' });
      const touched = await page.evaluate(() => (window as unknown as { __touched(): string[] }).__touched());
      expect([...touched].sort()).toEqual([...FX.touched.resident].sort());
    } finally {
      await popup.close();
      await page.close();
    }
  });

  it("a changed value longer than the field's maxlength is reported as too long, never cut", async () => {
    browser.setSim({ card: null, custom: textFieldsFromRecord(CARDS.resident) });
    const page = await browser.context.newPage();
    await openFixture(page, FX, server.origin);
    // The page allows at most 4 letters for the surname: the derived "Li" fits, the typed value does not.
    await page.evaluate(() => document.querySelector('[name=g3]')!.setAttribute('maxlength', '4'));
    const popup = await browser.openPopup(page);
    try {
      await popup.click('[data-action=read]');
      await popup.waitForSelector('.card [data-field]', { timeout: 20_000 });
      await popup.click('[data-action=preview]');
      await popup.waitForSelector('.plan [data-plan-field=surnameEn] [data-plan-edit]', { timeout: 20_000 });
      await popup.click('[data-plan-field=surnameEn] [data-plan-edit]');
      await popup.fill('[data-plan-field=surnameEn] [data-plan-input]', 'Leeds');
      await popup.press('[data-plan-field=surnameEn] [data-plan-input]', 'Enter');
      await popup.click('[data-action=fill]');
      await popup.waitForSelector('.report', { timeout: 20_000 });
      expect(await popup.locator('[data-report-item=skipped]', { hasText: 'longer than this field allows' }).count()).toBe(1);
      await page.waitForTimeout(100);
      const model = await page.evaluate(() => (window as unknown as { __model(): Record<string, string> }).__model());
      expect(model).toEqual({ ...FX.model.resident, g3: '' });
    } finally {
      await popup.close();
      await page.close();
    }
  });
});
