/**
 * The whole path, as a person uses it: a card on the simulated reader → native host → extension
 * background → review popup → content script → the 12306 add-passenger replica, in real Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, startFixtureServer, artifactPath, type ExtensionBrowser, type FixtureServer } from './harness';
import { routeSiteToFixtures } from './routing';

const SITE = 'https://kyfw.12306.cn/otn/view/passenger_edit.html?type=add';

describe('walking skeleton: read a 2023 Foreign Permanent Resident card and fill the 12306 passenger form', () => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;
  let page: Page;
  let popup: Page;

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchExtension({ sim: { card: 'foreign-2023' } });
    await routeSiteToFixtures(browser.context, 'https://kyfw.12306.cn', { '/otn/view/passenger_edit.html': '/pages/12306-passenger.html' });
    page = await browser.context.newPage();
    await page.goto(SITE);
    popup = await browser.openPopup(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the card for review after Read, and nothing is filled yet', async () => {
    await popup.click('[data-action=read]');
    await popup.waitForSelector('.card [data-field]');
    const text = await popup.textContent('.card');
    expect(text).toContain('贝亚历');
    expect(text).toContain('VAN DER BERG-HOLLAND, ALEXANDRA JO SOPHIE-ANNE');
    expect(text).toContain('931528198709220048'.slice(0, 6));
    expect(await popup.getAttribute('.kind', 'data-kind')).toBe('foreign-permanent-2023');
    const model = await page.evaluate(() => (window as unknown as { __model(): Record<string, string> }).__model());
    expect(model['passenger_id_no']).toBe('');
    expect(model['passenger_name']).toBe('');
  });

  it('previews the plan, fills the approved fields on click, and reports them', async () => {
    await popup.click('[data-action=preview]');
    await popup.waitForSelector('.plan li');
    const planned = await popup.$$eval('[data-plan-item]', (els) => els.map((e) => e.getAttribute('data-plan-item')));
    expect(planned).toEqual(expect.arrayContaining(['documentType', 'documentNumber', 'sex', 'birthDate', 'nationality']));
    await popup.click('[data-action=fill]');
    await popup.waitForSelector('.report');
    const model = await page.evaluate(() => (window as unknown as { __model(): Record<string, string> }).__model());
    expect(model['passenger_id_type_code']).toBe('H');
    expect(model['passenger_id_no']).toMatch(/^93152819870922004[0-9X]$/);
    expect(['贝亚历', 'VAN DER BERG-HOLLAND, ALEXANDRA JO SOPHIE-ANNE']).toContain(model['passenger_name']);
    expect(model['sex_code']).toBe('F');
    expect(model['_birthDate']).toBe('1987-09-22');
    expect(model['country_code']).toBe('NL');
    expect(model['mobile_no']).toBe('');
    await page.bringToFront();
    await page.screenshot({ path: artifactPath('walking-skeleton-form.png'), fullPage: true });
  });

  it('clears the card data after the fill (default setting)', async () => {
    await popup.waitForSelector('[data-action=read]');
    const stored = await browser.worker.evaluate(async () => ({
      session: await chrome.storage.session.get(null),
      local: await chrome.storage.local.get(null),
    }));
    expect(JSON.stringify(stored)).not.toContain('贝亚历');
    expect(JSON.stringify(stored)).not.toContain('931528');
  });
});
