/**
 * Store screenshots (1280×800, English and Chinese) and the README's install pictures, made from
 * the real extension, host and simulator in Chromium: the popup reviewing a 2023 Foreign Permanent
 * Resident card beside the 12306 form, then the form filled. `npm run release` collects
 * artifacts/store-*.png; with UPDATE_DOCS_IMG=1 the README pictures in docs/img/ are rewritten.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  HOST_BIN,
  ROOT,
  artifactPath,
  launchExtension,
  startFixtureServer,
  type ExtensionBrowser,
  type FixtureServer,
} from '../browser/harness';
import { routeSiteToFixtures } from '../browser/routing';

const SITE = 'https://kyfw.12306.cn/otn/view/passenger_edit.html?type=add';
const POPUP = { width: 400, height: 720 };
const DOCS_IMG = path.join(ROOT, 'docs/img');
const updateDocs = process.env['UPDATE_DOCS_IMG'] === '1';

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

const CAPTIONS = {
  en: { review: 'Check what the card says — then fill', filled: 'Only the fields you approved are filled' },
  zh_CN: { review: '先核对证件内容，再填写', filled: '只填写您确认过的字段' },
} as const;

/** A store-sized picture: caption on top, the form on the left, the popup on the right. */
async function compose(canvas: Page, caption: string, form: Buffer, popup: Buffer, out: string): Promise<void> {
  const img = (b: Buffer) => `data:image/png;base64,${b.toString('base64')}`;
  await canvas.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>
    html,body{margin:0;width:1280px;height:800px;overflow:hidden;background:linear-gradient(160deg,#eef3fc,#dfe8f8);font-family:"Noto Sans CJK SC","Noto Sans",sans-serif}
    h1{margin:0;padding:26px 40px 0;font-size:34px;color:#1d4fb0;font-weight:700}
    .row{display:flex;gap:28px;padding:22px 40px 0;align-items:flex-start}
    .form{width:780px;height:680px;object-fit:cover;object-position:top left;border-radius:10px;box-shadow:0 6px 24px #1d4fb040}
    .popup{width:${Math.round((POPUP.width * 680) / POPUP.height)}px;height:680px;border-radius:10px;box-shadow:0 6px 24px #1d4fb060}
  </style></head><body><h1>${caption}</h1><div class="row"><img class="form" src="${img(form)}"><img class="popup" src="${img(popup)}"></div></body></html>`);
  await canvas.screenshot({ path: out });
}

describe('store screenshots and README pictures (real extension, host and simulator)', () => {
  let server: FixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  for (const language of ['en', 'zh_CN'] as const) {
    describe(language, () => {
      let browser: ExtensionBrowser;
      let page: Page;
      let popup: Page;

      beforeAll(async () => {
        browser = await launchExtension({
          sim: { card: 'foreign-2023' },
          viewport: { width: 1280, height: 800 },
          locale: language === 'en' ? 'en-US' : 'zh-CN',
        });
        await browser.worker.evaluate((l) => chrome.storage.local.set({ settings: { language: l } }), language);
        await routeSiteToFixtures(browser.context, 'https://kyfw.12306.cn', {
          '/otn/view/passenger_edit.html': '/pages/12306-passenger.html',
        });
        page = await browser.context.newPage();
        await page.goto(SITE);
        popup = await browser.openPopup(page, { viewport: POPUP });
      });
      afterAll(async () => {
        await browser?.close();
      });

      it('review: the popup shows the card beside the empty form (1280×800)', async () => {
        if (updateDocs && language === 'en') {
          mkdirSync(DOCS_IMG, { recursive: true });
          await popup.waitForSelector('[data-action=read]');
          await popup.screenshot({ path: path.join(DOCS_IMG, 'install-3-extension.png') });
        }
        await popup.click('[data-action=read]');
        await popup.waitForSelector('.card [data-field]');
        expect(await popup.textContent('.card')).toContain('贝亚历');
        const model = await page.evaluate(() => (window as unknown as { __model(): Record<string, string> }).__model());
        expect(model['passenger_id_no']).toBe('');
        const popupShot = await popup.screenshot();
        if (updateDocs && language === 'en') writeFileSync(path.join(DOCS_IMG, 'install-4-read.png'), popupShot);
        const out = artifactPath(`store-${language}-1-review.png`);
        await compose(await browser.context.newPage(), CAPTIONS[language].review, await page.screenshot(), popupShot, out);
        expect(pngSize(out)).toEqual({ width: 1280, height: 800 });
      });

      it('filled: the form holds the approved values (1280×800)', async () => {
        await popup.click('[data-action=preview]');
        await popup.waitForSelector('.plan li');
        await popup.click('[data-action=fill]');
        await popup.waitForSelector('.report');
        const model = await page.evaluate(() => (window as unknown as { __model(): Record<string, string> }).__model());
        expect(model['passenger_id_no']).toMatch(/^93152819870922004[0-9X]$/);
        expect(model['country_code']).toBe('NL');
        await page.bringToFront();
        const out = artifactPath(`store-${language}-2-filled.png`);
        await compose(await browser.context.newPage(), CAPTIONS[language].filled, await page.screenshot(), await popup.screenshot(), out);
        expect(pngSize(out)).toEqual({ width: 1280, height: 800 });
      });
    });
  }

  it.runIf(updateDocs)('README picture: doctor after install says every browser is registered', async () => {
    const home = mkdtempSync(path.join(ROOT, '.tmp/docs-home-'));
    try {
      const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') };
      for (const d of [
        '.config/google-chrome',
        '.config/chromium',
        '.config/microsoft-edge',
        '.config/BraveSoftware/Brave-Browser',
        '.mozilla',
      ])
        mkdirSync(path.join(home, d), { recursive: true });
      expect(spawnSync(process.execPath, [HOST_BIN, 'install'], { env, encoding: 'utf8' }).status).toBe(0);
      const doctor = spawnSync(process.execPath, [HOST_BIN, 'doctor'], {
        env: { ...env, CARDFILL_READER: 'sim' },
        encoding: 'utf8',
      }).stdout;
      expect(doctor.match(/registered, host/g)?.length).toBe(5);
      const shown = doctor.replaceAll(home, '~').split('\n').slice(0, 12).join('\n');
      const browser = await launchExtension({ viewport: { width: 1000, height: 330 } });
      try {
        const p = await browser.context.newPage();
        const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
        await p.setContent(
          `<!doctype html><meta charset="utf-8"><body style="margin:0;background:#1e1e1e"><pre style="margin:0;padding:16px;color:#ddd;font:14px/1.45 'Noto Sans Mono CJK SC',monospace">$ cardfill-host doctor\n${esc(shown)}</pre></body>`,
        );
        await p.screenshot({ path: path.join(DOCS_IMG, 'install-2-doctor.png') });
      } finally {
        await browser.close();
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
