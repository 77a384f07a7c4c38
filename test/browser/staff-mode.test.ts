/**
 * Staff mode in real Chromium with the real host and the simulated reader: the host
 * watches the reader, each placed card is read by itself and shown in the open popup, the toolbar
 * badge says a card is there, and the data is gone after each fill and after the timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, startFixtureServer, type ExtensionBrowser, type FixtureServer } from './harness';

describe('staff mode: place card → glance → fill → next, twice, then the timeout', () => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;
  let page: Page;
  let popup: Page;

  const badge = () => browser.worker.evaluate(() => chrome.action.getBadgeText({}));
  const stored = () =>
    browser.worker.evaluate(async () =>
      JSON.stringify({
        session: await chrome.storage.session.get(null),
        local: await chrome.storage.local.get(null),
      }),
    );
  const setSettings = (settings: Record<string, unknown>) =>
    browser.worker.evaluate((s) => chrome.storage.local.set({ settings: s }), settings);

  async function fillAndExpectCleared(personal: string[], fillsToday: number): Promise<void> {
    await popup.click('[data-action=preview]');
    await popup.waitForSelector('.plan [data-plan-item]');
    await popup.click('[data-action=fill]');
    await popup.waitForSelector('.report');
    // Cleared after the fill: no card in the popup, none in storage, badge off, count up by one.
    await popup.waitForSelector('[data-view=place-card]');
    expect(await popup.$('.card')).toBeNull();
    expect(await popup.textContent('[data-fills-today]')).toContain(String(fillsToday));
    const data = await stored();
    for (const p of personal) expect(data).not.toContain(p);
    expect(await badge()).toBe('');
  }

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchExtension({ sim: { card: null } });
    page = await browser.context.newPage();
    await page.goto(`${server.origin}/pages/english-autocomplete.html`);
    popup = await browser.openPopup(page);
    await popup.waitForSelector('[data-view=place-card]');
    await setSettings({ staffMode: true, clearAfterSeconds: 60 });
    await popup.waitForSelector('[data-staff=watching]');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('first card: read by itself when placed, shown with the badge, cleared after the fill', async () => {
    browser.setSim({ card: 'resident' });
    await popup.waitForSelector('.card [data-field=nameZh]', { timeout: 15_000 });
    expect(await popup.textContent('.card')).toContain('陈思远');
    expect(await badge()).toBe('ID');
    await fillAndExpectCleared(['陈思远', '330106'], 1);
    expect(await page.inputValue('[name=g1]')).not.toBe('');
  });

  it('second card: the open popup refreshes by itself with the next person; cleared after the fill', async () => {
    await page.reload();
    browser.setSim({ card: 'foreign-2023' });
    await popup.waitForSelector('.card [data-field=nameEn]', { timeout: 15_000 });
    const text = await popup.textContent('.card');
    expect(text).toContain('VAN DER BERG-HOLLAND, ALEXANDRA JO SOPHIE-ANNE');
    expect(text).not.toContain('陈思远');
    expect(await badge()).toBe('ID');
    await fillAndExpectCleared(['贝亚历', 'VAN DER BERG', '931528'], 2);
  });

  it('a card left unfilled is cleared when the timeout runs out', async () => {
    await setSettings({ staffMode: true, clearAfterSeconds: 3 });
    browser.setSim({ card: 'hmt' });
    await popup.waitForSelector('.card [data-field=passNumber]', { timeout: 15_000 });
    expect(await popup.textContent('.card')).toContain('何嘉欣');
    expect(Number(await popup.getAttribute('[data-countdown]', 'data-countdown'))).toBeLessThanOrEqual(3);
    await popup.waitForSelector('[data-view=place-card]', { timeout: 10_000 });
    expect(await popup.$('.card')).toBeNull();
    const data = await stored();
    expect(data).not.toContain('何嘉欣');
    expect(data).not.toContain('810000');
    expect(await badge()).toBe('');
    // The count of fills is a number and a day, nothing else.
    const count = await browser.worker.evaluate(async () => (await chrome.storage.local.get('fillCount'))['fillCount']);
    expect(Object.keys(count as object).sort()).toEqual(['count', 'day']);
    expect((count as { count: number }).count).toBe(2);
  });

  it('with no review open, a placed card opens the review (toolbar popup, or a window where that is refused)', async () => {
    await setSettings({ staffMode: true, clearAfterSeconds: 60 });
    await popup.close();
    await page.bringToFront();
    const reviews = () =>
      browser.worker.evaluate(async () =>
        (await chrome.runtime.getContexts({})).filter((c) => c.documentUrl?.includes('/extension/popup.html')).map((c) => c.contextType),
      );
    expect(await reviews()).toEqual([]);
    browser.setSim({ card: 'foreign-2017' });
    await expect.poll(reviews, { timeout: 15_000 }).not.toEqual([]);
    expect(await badge()).toBe('ID');
    const data = await browser.worker.evaluate(async () => JSON.stringify(await chrome.storage.session.get(null)));
    expect(data).toContain('SMITH, JOHN ROBERT');
  });
});
