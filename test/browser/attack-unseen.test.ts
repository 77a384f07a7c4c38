/**
 * Attack pages the never-list once walked past (SECURITY.md P3, P9), through the real extension and host: covers
 * the centre test missed, clipping by ancestors and frames, masks and SVG filters, a fixed box below the viewport,
 * a disabled fieldset, DOM clobbering, fields that change while the fill runs, widget shells around hidden inputs,
 * a duplicate-id label, long page text, and a reload between preview and fill. The person does what they always
 * do — Read, Preview, Fill — and no card value may reach anything they could not see or did not approve.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, startFixtureServer, type ExtensionBrowser, type FixtureServer } from './harness';
import { card, expectNoSecrets } from './leaks';

let server: FixtureServer;
let browser: ExtensionBrowser;
let serial = 0;

beforeAll(async () => {
  server = await startFixtureServer();
  browser = await launchExtension({ sim: { card: 'resident' } });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${server.origin}${path}${path.includes('?') ? '&' : '?'}t=${++serial}`);
  return page;
}

async function readAndPreview(page: Page): Promise<Page> {
  browser.setSim({ card: 'resident' });
  const popup = await browser.openPopup(page);
  await popup.click('[data-action=read]');
  await popup.waitForSelector('.card [data-field]', { timeout: 20_000 });
  await popup.click('[data-action=preview]');
  await popup.waitForSelector('.plan, [data-error-code]', { timeout: 20_000 });
  return popup;
}

async function fill(popup: Page): Promise<void> {
  await popup.click('[data-action=fill]');
  await popup.waitForSelector('.report, [data-error-code]', { timeout: 30_000 });
}

const planned = (popup: Page) => popup.$$eval('[data-plan-item]', (els) => els.map((e) => e.getAttribute('data-plan-item') ?? ''));
const refusedText = async (popup: Page) => (await popup.$$eval('.refused li', (l) => l.map((e) => e.textContent ?? ''))).join('\n');

describe('traps the centre test and the style list walked past', () => {
  it('plans only the two fields a person can see; covers, clips, masks, filters, frames, fieldsets and clobbering are refused', async () => {
    const page = await open('/attacks/unseen.html');
    const popup = await readAndPreview(page);
    try {
      expect(await planned(popup)).toEqual(expect.arrayContaining(['documentNumber', 'fullName']));
      const refused = await refusedText(popup);
      await fill(popup);
      expect(await popup.$('.report')).not.toBeNull();
      // Each trap is refused with a reason the person can read: in the plan, or (below the fold at the preview,
      // where a hit test cannot look) by the check right before the write.
      const told = `${refused}\n${(await popup.textContent('.report')) ?? ''}`;
      for (const label of [
        '住址',
        '出生日期',
        '民族',
        '签发机关',
        '有效期限',
        '签发日期',
        '有效期至',
        '通行证号码',
        '国籍',
        '英文姓名',
        '英文姓',
        '性别',
        '身份证号码',
        '家庭住址',
        '现住址',
        '签发机关名称',
        '出生年月日',
      ]) {
        expect(told, label).toMatch(new RegExp(`${label}[^\\n]*(covered|clipped|invisible|hidden|disabled|off-screen|too small)`));
      }
      await expectNoSecrets(page, { shown_name: card.nameZh!, shown_number: card.number });
    } finally {
      await popup.close();
      await page.close();
    }
  });
});

describe('a cover no hit test can see', () => {
  it("a cover the page keeps out of hit tests with its own layered !important is refused on the browser's occlusion signal", async () => {
    const page = await open('/attacks/layered.html');
    await page.waitForTimeout(300);
    const popup = await readAndPreview(page);
    try {
      expect(await planned(popup)).not.toContain('address');
      expect(await refusedText(popup)).toMatch(/户籍地址[^\n]*covered/);
      await fill(popup);
      await expectNoSecrets(page, { shown_name: card.nameZh!, shown_number: card.number });
    } finally {
      await popup.close();
      await page.close();
    }
  });
});

describe('fields that change while the fill runs', () => {
  it('a field turned into a password field, a fieldset disabled, a late cover and a late disabled attribute get nothing', async () => {
    const page = await open('/attacks/during.html');
    const popup = await readAndPreview(page);
    try {
      // At the preview every row is fine, so all six are planned: the check right before each write must refuse.
      expect(await planned(popup)).toEqual(expect.arrayContaining(['address', 'birthDate', 'ethnicity', 'issuer']));
      await fill(popup);
      await popup.waitForSelector('.report');
      const report = (await popup.textContent('.report')) ?? '';
      expect(report).toMatch(/password/);
      expect(report).toMatch(/disabled/);
      expect(report).toMatch(/covered/);
      // The page did make its changes (so this test can fail).
      expect(await page.evaluate(() => (document.getElementById('addr') as HTMLInputElement).type)).toBe('password');
      await expectNoSecrets(page, { shown_name: card.nameZh!, shown_number: card.number });
    } finally {
      await popup.close();
      await page.close();
    }
  });
});

describe('widget shells around inputs a person cannot use', () => {
  it('date-picker and select shells around display:none, hidden and password inputs, and a select labelled as the number, get nothing', async () => {
    const page = await open('/attacks/shells.html');
    const popup = await readAndPreview(page);
    try {
      await fill(popup);
      await popup.waitForSelector('.report');
      await expectNoSecrets(page, { shown_name: card.nameZh! });
      // Not one keystroke of the number reached a search box.
      const typed = await page.evaluate(() => JSON.stringify((window as unknown as { __events(): unknown[] }).__events()));
      expect(typed).not.toContain(card.number.slice(0, 6));
    } finally {
      await popup.close();
      await page.close();
    }
  });
});

describe('what the popup says about the page', () => {
  it('a label whose id is not unique names no box; page text is shown at most 80 characters long', async () => {
    const page = await open('/attacks/plain.html');
    await page.evaluate(() => {
      // The label 身份证号 is tied by the browser to the first box with id dup, which reads 备注 next to it.
      const form = document.querySelector('form')!;
      form.insertAdjacentHTML(
        'beforeend',
        '<div>备注 <input id="dup" name="trap_dup_first"></div><div><label for="dup">身份证号</label> <input id="dup" name="dup_second"></div>',
      );
      // After the fill the page writes a long text back into the name box: the report shows it capped.
      document.getElementById('name')!.addEventListener('change', (e) => {
        const box = e.target as HTMLInputElement;
        setTimeout(() => {
          box.value = `请核对${'（姓名须与证件一致）'.repeat(40)}`;
        }, 20);
      });
    });
    const popup = await readAndPreview(page);
    try {
      // The box the browser ties 身份证号 to is not offered under that name.
      const items = await popup.$$eval('[data-plan-item]', (els) => els.map((e) => e.textContent ?? ''));
      expect(items.filter((t) => t.includes('身份证号')).length).toBeLessThanOrEqual(1);
      await fill(popup);
      await popup.waitForSelector('.report');
      const report = (await popup.textContent('.report')) ?? '';
      expect(report).toContain('请核对');
      expect(report).toContain('…');
      expect(report).not.toContain('（姓名须与证件一致）'.repeat(8));
      const v = await page.evaluate(() => (window as unknown as { __values(): Record<string, string> }).__values());
      expect(v['trap_dup_first'] ?? '').toBe('');
    } finally {
      await popup.close();
      await page.close();
    }
  });

  it('after a reload between preview and fill the person reads that the page changed, not INTERNAL', async () => {
    const page = await open('/attacks/plain.html');
    const popup = await readAndPreview(page);
    try {
      expect((await planned(popup)).length).toBeGreaterThan(0);
      await page.reload();
      await fill(popup);
      expect(await popup.$('.report')).toBeNull();
      const code = await popup.getAttribute('[data-error-code]', 'data-error-code');
      expect(code).not.toBe('INTERNAL');
      expect(await popup.textContent('[data-error-code]')).toMatch(/changed|preview/i);
      await expectNoSecrets(page, {});
    } finally {
      await popup.close();
      await page.close();
    }
  });
});
