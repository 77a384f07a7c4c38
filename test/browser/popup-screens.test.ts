/**
 * The popup in English and Chinese, for a 2023 Foreign Permanent Resident (Y) card and for an
 * error state, in real Chromium: screenshots saved to artifacts/, axe-core finds no serious or
 * critical accessibility violations, and the review can be used from the keyboard alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, artifactPath, launchExtension, startFixtureServer, type ExtensionBrowser, type FixtureServer } from './harness';

const AXE_SOURCE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const POPUP_VIEWPORT = { width: 420, height: 760 };

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Extension pages have a strict CSP: axe is injected through the debugger, not a script tag. */
async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            o: object,
          ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('popup screens, languages and accessibility', () => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;
  let page: Page;
  let popup: Page;

  const setLanguage = async (language: 'en' | 'zh_CN') => {
    await browser.worker.evaluate((l) => chrome.storage.local.set({ settings: { language: l } }), language);
    await popup.reload();
  };

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchExtension({ sim: { card: 'foreign-2023' } });
    page = await browser.context.newPage();
    await page.goto(`${server.origin}/pages/english-autocomplete.html`);
    popup = await browser.openPopup(page, { viewport: POPUP_VIEWPORT });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('English, Y card: names, badge, masked number; screenshot; no serious axe violations', async () => {
    await setLanguage('en');
    await popup.click('[data-action=read]');
    await popup.waitForSelector('.card [data-field=nameEn]');
    const text = await popup.textContent('.card');
    expect(text).toContain('VAN DER BERG-HOLLAND, ALEXANDRA JO SOPHIE-ANNE');
    expect(text).toContain('Foreign Permanent Resident ID (2023)');
    expect(text).toContain('931528••••••••');
    expect(await popup.getAttribute('html', 'lang')).toBe('en');
    await popup.screenshot({ path: artifactPath('popup-en-card-Y.png'), fullPage: true });
    expect(await seriousViolations(popup)).toEqual([]);
  });

  it('Chinese, Y card: the same card in Chinese; screenshot; no serious axe violations', async () => {
    await setLanguage('zh_CN');
    await popup.waitForSelector('.card [data-field=nameEn]');
    const text = await popup.textContent('main');
    expect(text).toContain('外国人永久居留身份证');
    expect(text).toContain('贝亚历');
    expect(text).toContain('荷兰');
    expect(await popup.getAttribute('html', 'lang')).toBe('zh-CN');
    await popup.screenshot({ path: artifactPath('popup-zh-card-Y.png'), fullPage: true });
    expect(await seriousViolations(popup)).toEqual([]);
  });

  it('keyboard only: reveal the number, edit a field and preview the fill without a mouse', async () => {
    await setLanguage('en');
    await popup.waitForSelector('.card [data-field=nameEn]');
    const focusOn = async (selector: string) => {
      for (let i = 0; i < 40; i++) {
        await popup.keyboard.press('Tab');
        if (await popup.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await focusOn('[data-action=reveal-number]');
    // The focused control is visibly outlined (3 px focus ring).
    expect(await popup.evaluate(() => getComputedStyle(document.activeElement!).outlineWidth)).toBe('3px');
    await popup.keyboard.press('Enter');
    expect(await popup.textContent('[data-field=number] .value')).toMatch(/^93152819870922004[0-9X]$/);
    await focusOn('[data-edit=nameZh]');
    await popup.keyboard.press('Enter');
    // The editor takes the focus: the person types straight into it.
    await popup.waitForFunction(() => document.activeElement?.matches('[data-input=nameZh]') ?? false);
    await popup.keyboard.press('Control+A');
    await popup.keyboard.type('贝亚');
    await popup.keyboard.press('Enter');
    expect(await popup.getAttribute('[data-field=nameZh]', 'data-edited')).toBe('true');
    await focusOn('[data-action=preview]');
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('.plan [data-plan-item]');
    const planned = await popup.textContent('.plan');
    expect(planned).toContain('1987-09-22');
    expect(await seriousViolations(popup)).toEqual([]);
  });

  it('Chinese and English error state (card lifted off after the read); screenshots; no serious axe violations', async () => {
    await setLanguage('zh_CN');
    // The card was read and taken away: the reader cannot tell an empty field from a halted card
    // (docs/card-format.md §1.6), so the popup asks to lift and place the card again.
    browser.setSim({ card: null });
    await popup.click('[data-action=read]');
    await popup.waitForSelector('[data-error-code=CARD_NOT_REPRESENTED]');
    expect(await popup.$('.card')).toBeNull();
    expect(await popup.textContent('[data-error-code]')).toContain('请拿起证件，再重新放上。');
    await popup.screenshot({ path: artifactPath('popup-zh-error.png'), fullPage: true });
    expect(await seriousViolations(popup)).toEqual([]);
    await setLanguage('en');
    await popup.waitForSelector('[data-error-code=CARD_NOT_REPRESENTED]');
    expect(await popup.textContent('[data-error-code]')).toContain('Lift the card and place it again.');
    await popup.screenshot({ path: artifactPath('popup-en-error.png'), fullPage: true });
    expect(await seriousViolations(popup)).toEqual([]);
  });

  it('options page: every control labelled; screenshot; no serious axe violations', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/extension/options.html`);
    await options.waitForSelector('[data-sites]');
    expect(await options.textContent('[data-sites]')).toContain('gjzwfw.gov.cn');
    await options.screenshot({ path: artifactPath('options-en.png'), fullPage: true });
    expect(await seriousViolations(options)).toEqual([]);
    await options.selectOption('#language', 'zh_CN');
    await options.waitForSelector('text=允许 CardFill 填写的网站');
    expect(await options.getAttribute('html', 'lang')).toBe('zh-CN');
    await options.screenshot({ path: artifactPath('options-zh.png'), fullPage: true });
    expect(await seriousViolations(options)).toEqual([]);
    await options.close();
  });
});
