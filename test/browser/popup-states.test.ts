/**
 * Reader and host states in real Chromium with the real host and the simulated reader: each
 * shows its sentence and its one action, and that action gets the person to the card.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renameSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension, startFixtureServer, type ExtensionBrowser, type FixtureServer } from './harness';

describe('popup states against the real host', () => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;
  let page: Page;
  let popup: Page;
  const manifest = () => path.join(browser.profileDir, 'NativeMessagingHosts', 'cn.cardfill.host.json');

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchExtension({ sim: { card: 'resident' } });
    page = await browser.context.newPage();
    await page.goto(`${server.origin}/pages/english-autocomplete.html`);
    popup = await browser.openPopup(page);
    await popup.waitForSelector('[data-view=place-card]');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('host not installed: the install command; after installing, Check again reads the card', async () => {
    // Nothing has started the host yet: hide its registration as if it was never installed.
    renameSync(manifest(), `${manifest()}.off`);
    await popup.click('[data-action=read]');
    await popup.waitForSelector('[data-view=host-missing]');
    expect(await popup.textContent('[data-command]')).toBe(`npx cardfill-host install --extension-id ${browser.extensionId}`);
    renameSync(`${manifest()}.off`, manifest());
    await popup.click('[data-action=retry]');
    await popup.waitForSelector('.card [data-field=nameZh]');
  });

  it('a slow reader: the reading state with progress, then the card', async () => {
    browser.setSim({ card: 'hmt', fault: 'slow' });
    await popup.click('[data-action=read]');
    await popup.waitForSelector('[data-state=reading] progress');
    await popup.waitForSelector('.card [data-field=passNumber]', { timeout: 20_000 });
  });

  it('a failing security module: the sentence, the remedy and Retry, which reads once it is fixed', async () => {
    browser.setSim({ card: 'resident', fault: 'sam-failure' });
    await popup.click('[data-action=read]');
    await popup.waitForSelector('[data-error-code=SAM_ERROR]');
    expect(await popup.textContent('[data-error-code=SAM_ERROR]')).toContain('security module');
    browser.setSim({ card: 'resident' });
    await popup.click('[data-action=retry]');
    await popup.waitForSelector('.card [data-field=nameZh]');
  });

  it('an unsupported card says which cards CardFill reads', async () => {
    browser.setSim({ card: 'unsupported' });
    await popup.click('[data-action=read]');
    await popup.waitForSelector('[data-view=unsupported]');
    expect(await popup.textContent('main')).toContain('Foreign Permanent Resident ID cards');
  });

  it('no reader: the sentence and a way to the reader choice', async () => {
    await browser.worker.evaluate(() => chrome.storage.local.set({ settings: { reader: 'serial:/dev/ttyUSB97' } }));
    await popup.click('[data-action=retry], [data-action=read]');
    await popup.waitForSelector('[data-view=no-reader]', { timeout: 20_000 });
    expect(await popup.textContent('main')).toContain('No card reader was found.');
    expect(await popup.$('[data-view=no-reader] [data-action=options]')).not.toBeNull();
  });
});
