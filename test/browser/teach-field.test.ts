/**
 * Teach a field, through the real extension, host and simulated reader: a field the classifier
 * misses is taught as the document number, a field it finds is taught "never fill"; the next plan
 * fills the first (marked taught) and leaves out the second; the rules survive a page reload,
 * hold no card data, and are changed and removed in the options page.
 *
 * Chromium cannot click a context-menu item from a test. The test right-clicks the field for real
 * (a trusted contextmenu event the content script remembers) and then fires the browser's own
 * `contextMenus.onClicked` event in the service worker with the info Chromium gives a click on
 * "CardFill: this field is… → <field>" — the same listener, the same handler the menu calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionBrowser } from './harness';

/** Served by Playwright under a loopback address (always allowed, like a local test system). */
const ORIGIN = 'http://localhost:8091';
const PAGE = `${ORIGIN}/guest/register.html`;
const HTML = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>入住登记</title></head><body>
<h1>入住登记</h1>
<form id="f" onsubmit="return false">
  <div class="row"><label for="p1">凭证</label> <input id="p1" class="x-input-8f3a" autocomplete="off"></div>
  <div class="row"><label for="xm">姓名</label> <input id="xm" name="xm"></div>
  <div class="row"><label for="csrq">出生日期</label> <input id="csrq" name="csrq" placeholder="YYYY-MM-DD"></div>
  <div class="row"><label>备注</label> <input name="remark"></div>
  <div class="row"><label for="cc">持卡人</label> <input id="cc" autocomplete="cc-name"></div>
</form></body></html>`;
const NUMBER = '330106196207120032';

describe('teach a field: right-click → "CardFill: this field is…" → used by the next plan', () => {
  let browser: ExtensionBrowser;
  let page: Page;
  let popup: Page;

  const rules = () => browser.worker.evaluate(async () => (await chrome.storage.local.get('siteRules'))['siteRules'] ?? []);
  async function teach(selector: string, field: string): Promise<void> {
    await page.bringToFront();
    await page.click(selector, { button: 'right' });
    const tabId = await browser.tabIdOf(page);
    await browser.worker.evaluate(
      async ({ tabId, field, url }) => {
        const tab = await chrome.tabs.get(tabId);
        const info = {
          menuItemId: `cardfill-teach:${field}`,
          parentMenuItemId: 'cardfill-teach',
          editable: true,
          frameId: 0,
          pageUrl: url,
        };
        (chrome.contextMenus.onClicked as unknown as { dispatch(i: unknown, t: unknown): void }).dispatch(info, tab);
      },
      { tabId, field, url: page.url() },
    );
  }
  async function preview(): Promise<{ field: string; taught: boolean }[]> {
    await popup.bringToFront();
    if (await popup.$('[data-action=cancel-plan]')) await popup.click('[data-action=cancel-plan]');
    if (!(await popup.$('.card'))) {
      await popup.click('[data-action=read]');
      await popup.waitForSelector('.card [data-field=nameZh]');
    }
    await popup.click('[data-action=preview]');
    await popup.waitForSelector('.plan');
    return popup.$$eval('.plan li', (lis) =>
      lis.map((li) => ({
        field: li.querySelector('[data-plan-item]')!.getAttribute('data-plan-item')!,
        taught: li.querySelector('[data-taught]') !== null,
      })),
    );
  }

  beforeAll(async () => {
    browser = await launchExtension({ sim: { card: 'resident' } });
    await browser.context.route(`${ORIGIN}/**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: HTML }),
    );
    await browser.worker.evaluate(() => chrome.storage.local.set({ settings: { clearAfterFill: false, clearAfterSeconds: 600 } }));
    page = await browser.context.newPage();
    await page.goto(PAGE);
    popup = await browser.openPopup(page);
    await popup.click('[data-action=read]');
    await popup.waitForSelector('.card [data-field=nameZh]');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('before teaching: the classifier misses the unlabelled number box and takes 姓名', async () => {
    const plan = await preview();
    expect(plan.map((i) => i.field)).not.toContain('documentNumber');
    expect(plan.map((i) => i.field)).toContain('fullName');
    expect(plan.some((i) => i.taught)).toBe(false);
  });

  it('teaching stores the origin, a stable selector and the field — never a value', async () => {
    await page.fill('#p1', 'typed-by-hand-123'); // whatever the box holds must not be stored
    await teach('#p1', 'documentNumber');
    await teach('#xm', 'never');
    await expect.poll(rules, { timeout: 10_000 }).toHaveLength(2);
    const stored = await rules();
    expect(stored).toEqual([
      { origin: ORIGIN, selector: '#p1', field: 'documentNumber', label: '凭证' },
      { origin: ORIGIN, selector: '#xm', field: 'never', label: '姓名' },
    ]);
    const local = await browser.worker.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
    expect(local).not.toContain('typed-by-hand');
    expect(local).not.toContain(NUMBER);
    expect(local).not.toContain('陈思远');
    await page.fill('#p1', '');
  });

  it('the next plan fills the taught field (marked taught) and leaves the "never" field out', async () => {
    const plan = await preview();
    expect(plan).toContainEqual({ field: 'documentNumber', taught: true });
    expect(plan.map((i) => i.field)).not.toContain('fullName');
    expect(await popup.textContent('.plan li:has([data-taught])')).toContain('凭证');
    await popup.click('[data-action=fill]');
    await popup.waitForSelector('.report');
    expect(await page.inputValue('#p1')).toBe(NUMBER);
    expect(await page.inputValue('#xm')).toBe('');
    expect(await page.inputValue('#csrq')).toBe('1962-07-12');
  });

  it('the rules survive a page reload (they live in storage.local, not in the page)', async () => {
    await page.reload();
    expect(await page.inputValue('#p1')).toBe('');
    const plan = await preview();
    expect(plan).toContainEqual({ field: 'documentNumber', taught: true });
    expect(plan.map((i) => i.field)).not.toContain('fullName');
  });

  it('listed in the options; removing a rule there takes it out of the next plan', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/extension/options.html`);
    await options.waitForSelector('[data-rules] tr[data-rule]');
    const rows = await options.$$eval('[data-rules] tr[data-rule]', (trs) =>
      trs.map((tr) => ({
        selector: tr.getAttribute('data-rule'),
        origin: tr.getAttribute('data-rule-origin'),
        field: (tr.querySelector('select') as HTMLSelectElement).value,
      })),
    );
    expect(rows).toEqual([
      { selector: '#p1', origin: ORIGIN, field: 'documentNumber' },
      { selector: '#xm', origin: ORIGIN, field: 'never' },
    ]);
    // Change "never" back to the full name, then remove the number rule.
    await options.selectOption('tr[data-rule="#xm"] select', 'fullName');
    await expect.poll(async () => ((await rules()) as { field: string }[]).map((r) => r.field)).toEqual(['documentNumber', 'fullName']);
    await options.click('[data-remove-rule="#p1"]');
    await expect.poll(async () => ((await rules()) as unknown[]).length).toBe(1);
    await options.waitForSelector('[data-remove-rule="#p1"]', { state: 'detached' });
    await options.close();
    const plan = await preview();
    expect(plan.map((i) => i.field)).not.toContain('documentNumber');
    expect(plan).toContainEqual({ field: 'fullName', taught: true });
  });

  it('teaching works on a page CardFill has not touched yet (the field the right-click focused)', async () => {
    await page.reload(); // no content script in the page now
    await teach('#csrq', 'never');
    await expect.poll(async () => ((await rules()) as { selector: string }[]).map((r) => r.selector)).toContain('#csrq');
    const plan = await preview();
    expect(plan.map((i) => i.field)).not.toContain('birthDate');
  });

  // On a page CardFill has not touched yet, the focused field is the fallback, and a page could move
  // the focus: that gains it nothing it could not get by labelling its own field 证件号码 — the
  // rule is for its own origin, the person sees the item marked taught, the never-list still holds.
  it('once CardFill is on the page, the page cannot steer what is taught: its contextmenu events and focus moves are ignored', async () => {
    await preview(); // the content script is in the page now
    await page.evaluate(() => {
      // Hostile page: on every right-click, fire a fake contextmenu at another field and focus it.
      document.addEventListener(
        'contextmenu',
        () => {
          const other = document.querySelector<HTMLInputElement>('[name=remark]')!;
          other.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, composed: true }));
          setTimeout(() => other.focus(), 0);
        },
        true,
      );
    });
    await teach('#p1', 'nationality');
    await expect
      .poll(async () => ((await rules()) as { selector: string; field: string }[]).find((r) => r.field === 'nationality')?.selector)
      .toBe('#p1');
    expect(((await rules()) as { selector: string }[]).map((r) => r.selector)).not.toContain('input[name="remark"]');
  });

  it('a payment field is never filled, even when taught as a card field', async () => {
    await teach('#cc', 'address'); // nothing else on the page is an address
    await expect.poll(async () => ((await rules()) as { selector: string }[]).map((r) => r.selector)).toContain('#cc');
    const plan = await preview();
    expect(plan.map((i) => i.field)).not.toContain('address');
    await popup.click('[data-action=fill]');
    await popup.waitForSelector('.report');
    expect(await page.inputValue('#cc')).toBe('');
  });
});
