/**
 * Cancel a slow read from the popup, in real Chromium with the real host and the simulated reader
 * at 9600 baud: the Cancel button of the reading state makes the background send `cancel`, the
 * host stops the reader, and the popup is back at "place the card" with no card and no error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, startFixtureServer, type ExtensionBrowser, type FixtureServer } from './harness';

describe('cancel a read from the popup', () => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;
  let popup: Page;

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchExtension({ sim: { card: 'foreign-2023', fault: 'slow' } });
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/pages/english-autocomplete.html`);
    popup = await browser.openPopup(page);
    await popup.waitForSelector('[data-view=place-card]');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('Cancel during a slow read stops it: no card, no error, and the next read works', async () => {
    await popup.click('[data-action=read]');
    await popup.waitForSelector('[data-state=reading] [data-action=cancel-read]');
    await popup.click('[data-action=cancel-read]');
    await popup.waitForSelector('[data-view=place-card]', { timeout: 10_000 });
    expect(await popup.$('.card [data-field=nameEn]')).toBeNull();
    expect(await popup.$('[data-error-code]')).toBeNull();
    // Had the host finished the read anyway, its card would be showing by now (the read takes ~1.5 s).
    await popup.waitForTimeout(2500);
    expect(await popup.getAttribute('main', 'data-view')).toBe('place-card');
    browser.setSim({ card: 'foreign-2023' });
    await popup.click('[data-action=read]');
    await popup.waitForSelector('.card [data-field=nameEn]', { timeout: 20_000 });
  });
});
