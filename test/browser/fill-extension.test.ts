/**
 * The fill engine's promise, through the real extension: for every fixture × every card kind, the card
 * lies on the simulated reader, the real host reads it, the person clicks Read, Preview and Fill in
 * the popup, and the page's own framework holds exactly the expected values — nothing else touched.
 * The expectations are the fill engine's (test/fill/expectations.ts), for the same invented people.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardKind } from '../../src/card/record';
import { CARDS } from '../fill/cards';
import { FIXTURES, KINDS } from '../fill/expectations';
import { launchExtension, startFixtureServer, type ExtensionBrowser, type FixtureServer } from './harness';
import { openFixture } from '../fill/browser';
import { textFieldsFromRecord } from './card-text';

let server: FixtureServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await startFixtureServer();
  browser = await launchExtension({ sim: { card: null } });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.each(FIXTURES)('through the extension: $id', (fx) => {
  it.each(KINDS)('a %s card is read, reviewed and filled exactly as expected', async (kind: CardKind) => {
    browser.setSim({ card: null, custom: textFieldsFromRecord(CARDS[kind]) });
    const page = await browser.context.newPage();
    await openFixture(page, fx, server.origin);
    const popup = await browser.openPopup(page);
    try {
      await popup.click('[data-action=read]');
      await popup.waitForSelector('.card [data-field]', { timeout: 20_000 });
      await popup.click('[data-action=preview]');
      await popup.waitForSelector('.plan', { timeout: 20_000 });
      if (fx.touched[kind].length === 0) {
        // A page with nothing for card data (look-alike fields only): nothing is offered, nothing can be filled.
        expect(await popup.locator('[data-plan-item]').count()).toBe(0);
        expect(await popup.isDisabled('[data-action=fill]')).toBe(true);
      } else {
        // The popup is a tab here: put the page back in front, as it is for a person (the real popup overlays the
        // page), so the page renders and its dropdowns' fade-in finishes (a background tab's animations stall).
        await page.bringToFront();
        await popup.click('[data-action=fill]');
        await popup.waitForSelector('.report', { timeout: 20_000 });
      }
      await page.waitForTimeout(100);
      const model = await page.evaluate(() => (window as unknown as { __model(): Record<string, string> }).__model());
      expect(model).toEqual(fx.model[kind]);
      const touched = await page.evaluate(() => (window as unknown as { __touched(): string[] }).__touched());
      expect([...touched].sort()).toEqual([...fx.touched[kind]].sort());
    } finally {
      await popup.close();
      await page.close();
    }
  });
});
