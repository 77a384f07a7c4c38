/**
 * The old widget versions through the real extension (the current versions are in fill-extension.test.ts): the
 * person reads a card, previews and fills in the popup; the background injects the content script, then the widget
 * drivers and the country table only because these pages have widgets and a nationality field; the page's own
 * model (Vue 2 reactive form, React 18 state, layui form.val()) holds the card's values afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardKind } from '../../src/card/record';
import { CARDS, RESIDENT } from '../fill/cards';
import { HOTEL_ANTD, LAYUI_FORM } from '../fill/expectations';
import { launchExtension, startFixtureServer, type ExtensionBrowser, type FixtureServer } from './harness';
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

const ELEMENT_RESIDENT = {
  zjlx: '1',
  zjhm: RESIDENT.number,
  xm: '李明轩',
  xb: '1',
  sfsz: '',
  csrq: '1988-04-12',
  mz: '土家族',
  gj: 'asia/CHN',
  lxdh: '',
  ks: '',
};
const PAGES: { id: string; path: string; kind: CardKind; model: Record<string, string> }[] = [
  { id: 'Element UI 2.4', path: '/pages/element-ui-2.4.html', kind: 'resident', model: ELEMENT_RESIDENT },
  { id: 'Element UI 2.15', path: '/pages/element-ui-2.15.html', kind: 'resident', model: ELEMENT_RESIDENT },
  { id: 'Element Plus 2.3', path: '/pages/element-plus-2.3.html', kind: 'resident', model: ELEMENT_RESIDENT },
  { id: 'antd 4', path: '/pages/hotel-antd4.html', kind: 'foreign-permanent-2023', model: HOTEL_ANTD.model['foreign-permanent-2023'] },
  { id: 'layui 2.5', path: '/pages/layui-2.5.html', kind: 'resident', model: LAYUI_FORM.model.resident },
];

describe.each(PAGES)('through the extension: $id', (p) => {
  it(`fills a ${p.kind} card as the page's own model holds it`, async () => {
    browser.setSim({ card: null, custom: textFieldsFromRecord(CARDS[p.kind]) });
    const page = await browser.context.newPage();
    await page.goto(server.origin + p.path);
    await page.waitForFunction('typeof window.__model === "function"');
    const popup = await browser.openPopup(page);
    try {
      await popup.click('[data-action=read]');
      await popup.waitForSelector('.card [data-field]', { timeout: 20_000 });
      await popup.click('[data-action=preview]');
      await popup.waitForSelector('.plan', { timeout: 20_000 });
      // The popup is a tab here; the real popup overlays the page, which keeps rendering (fill-extension.test.ts).
      await page.bringToFront();
      await popup.click('[data-action=fill]');
      await popup.waitForSelector('.report', { timeout: 30_000 });
      expect(await popup.locator('[data-report-item="reverted"]').count()).toBe(0);
      await page.waitForTimeout(100);
      expect(await page.evaluate(() => (window as unknown as { __model(): Record<string, string> }).__model())).toEqual(p.model);
    } finally {
      await popup.close();
      await page.close();
    }
  });
});
