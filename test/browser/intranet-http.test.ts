/**
 * Staff systems on the intranet, through the real extension, host and simulated reader: an http
 * page on an intranet host is refused until its exact origin is on the site list — the popup offers
 * "Allow CardFill on <site>" in one click — then filled, with "this page is not encrypted" in the
 * plan; an origin listed by settings (a private address with a port) works the same; a public
 * http page stays refused whatever the list says, and is offered no Allow button.
 *
 * The pages are the project's fixture form served by Playwright under those addresses
 * (test/browser/routing.ts). The development build may script them without a toolbar click
 * (vite.config.ts), as it may the other fixture sites; the site list is CardFill's own gate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionBrowser } from './harness';
import { routeSiteToFixtures } from './routing';

const FORM = '/pages/english-autocomplete.html';
const NAME = 'VAN DER BERG-HOLLAND, ALEXANDRA JO SOPHIE-ANNE';

describe('intranet http: refused until the exact origin is allowed, then filled with a not-encrypted line', () => {
  let browser: ExtensionBrowser;
  let popup: Page;

  const siteList = () =>
    browser.worker.evaluate(
      async () =>
        ((await chrome.storage.local.get('settings'))['settings'] as { siteAllowList?: string[] } | undefined)?.siteAllowList ?? null,
    );

  async function open(url: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(url);
    popup = await browser.openPopup(page);
    // One read for the whole file: the card stays held (clearAfterFill is off), as at a front desk
    // between two systems; the simulator wants the card lifted before a second read.
    const shown = await popup.waitForSelector('.card [data-field=nameEn], [data-view=place-card]');
    if ((await shown.getAttribute('data-view')) === 'place-card') {
      await popup.click('[data-action=read]');
      await popup.waitForSelector('.card [data-field=nameEn]');
    }
    return page;
  }
  async function previewOutcome(): Promise<'plan' | 'refused'> {
    await popup.click('[data-action=preview]');
    const el = await popup.waitForSelector('.plan, .fill-error');
    return (await el.getAttribute('class'))!.includes('plan') ? 'plan' : 'refused';
  }

  beforeAll(async () => {
    browser = await launchExtension({ sim: { card: 'foreign-2023' } });
    for (const origin of ['http://intranet.lan', 'http://10.1.2.3:8080', 'http://public-http.example']) {
      await routeSiteToFixtures(browser.context, origin, { '/register': FORM });
    }
    await browser.worker.evaluate(() => chrome.storage.local.set({ settings: { clearAfterFill: false, clearAfterSeconds: 600 } }));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('http://intranet.lan: refused, with "Allow CardFill on intranet.lan"; one click adds the origin and fills with the not-encrypted line', async () => {
    const page = await open('http://intranet.lan/register');
    expect(await previewOutcome()).toBe('refused');
    expect(await popup.getAttribute('.fill-error', 'data-error-code')).toBe('NOT_ALLOWED');
    expect(await page.inputValue('[name=g1]')).toBe('');
    const allow = await popup.waitForSelector('[data-action=allow-site]');
    expect(await allow.textContent()).toBe('Allow CardFill on intranet.lan');
    await allow.click();
    // The plan is made again by itself once the site is on the list.
    await popup.waitForSelector('.plan [data-plan-item]');
    expect(await siteList()).toContain('http://intranet.lan');
    expect(await popup.textContent('[data-plan-insecure]')).toContain('This page is not encrypted');
    await popup.click('[data-action=fill]');
    await popup.waitForSelector('.report');
    expect(await page.inputValue('[name=g1]')).toBe(NAME);
    expect(await page.inputValue('[name=g6]')).toBe('');
    await page.close();
  });

  it('the allowed origin is exact: the same host on another port is refused again', async () => {
    await routeSiteToFixtures(browser.context, 'http://intranet.lan:8081', { '/register': FORM });
    const page = await open('http://intranet.lan:8081/register');
    expect(await previewOutcome()).toBe('refused');
    expect(await popup.getAttribute('[data-action=allow-site]', 'data-site')).toBe('http://intranet.lan:8081');
    expect(await page.inputValue('[name=g1]')).toBe('');
    await page.close();
  });

  it('http://10.1.2.3:8080, put on the list in the settings: filled, with the not-encrypted line', async () => {
    const page = await open('http://10.1.2.3:8080/register');
    expect(await previewOutcome()).toBe('refused');
    await browser.worker.evaluate(async () => {
      const settings = ((await chrome.storage.local.get('settings'))['settings'] ?? {}) as { siteAllowList?: string[] };
      await chrome.storage.local.set({
        settings: { ...settings, siteAllowList: [...(settings.siteAllowList ?? []), 'http://10.1.2.3:8080'] },
      });
    });
    expect(await previewOutcome()).toBe('plan');
    expect(await popup.$('[data-plan-insecure]')).not.toBeNull();
    await popup.click('[data-action=fill]');
    await popup.waitForSelector('.report');
    expect(await page.inputValue('[name=g1]')).toBe(NAME);
    await page.close();
  });

  it('a public http page stays refused, with no Allow button — even when its name is on the list', async () => {
    await browser.worker.evaluate(async () => {
      const settings = ((await chrome.storage.local.get('settings'))['settings'] ?? {}) as { siteAllowList?: string[] };
      await chrome.storage.local.set({
        settings: { ...settings, siteAllowList: [...(settings.siteAllowList ?? []), 'public-http.example'] },
      });
    });
    const page = await open('http://public-http.example/register');
    expect(await previewOutcome()).toBe('refused');
    expect(await popup.textContent('.fill-error')).toContain('secure (https)');
    expect(await popup.$('[data-action=allow-site]')).toBeNull();
    expect(await page.inputValue('[name=g1]')).toBe('');
    await page.close();
  });
});
