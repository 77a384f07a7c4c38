/**
 * Shared by the widget-family browser tests (widgets-*.test.ts): the standalone engine in a fixture page, and the
 * page's own model read from its main world (the fixture exposes the framework's reactive form / React state /
 * layui form.val() as window.__model()).
 */
import type { Browser, Page } from 'playwright-core';
import type { CardKind } from '../../src/card/record.js';
import type { FillPlan, FillReport } from '../../src/fill/types.js';
import { CARDS } from '../fill/cards.js';
import { latinNameWithPinyin } from '../../src/card/pinyin.js';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { buildEngine, launch, startFixtureServer } from '../fill/browser.js';
import { projectRoot } from '../fill/server.js';

type Engine = { CardFillEngine: { plan(c: unknown, latin?: unknown): FillPlan; fill(p: FillPlan): Promise<FillReport> } };

export interface WidgetEnv {
  browser: Browser;
  server: Awaited<ReturnType<typeof startFixtureServer>>;
  engine: string;
}

export async function setUp(): Promise<WidgetEnv> {
  // The bundled fixtures (React + antd 6 / antd 4) come from scripts/build-fixtures.mjs.
  if (!fs.existsSync(path.join(projectRoot, 'test/fixtures/dist/hotel-antd4.js'))) {
    execFileSync(process.execPath, [path.join(projectRoot, 'scripts/build-fixtures.mjs')], { stdio: 'ignore' });
  }
  const engine = await buildEngine();
  const server = await startFixtureServer();
  const browser = await launch();
  return { browser, server, engine };
}

export async function tearDown(env: WidgetEnv | undefined): Promise<void> {
  await env?.browser.close();
  await env?.server.close();
}

export async function withPage<T>(env: WidgetEnv, path: string, ready: string, fn: (page: Page) => Promise<T>): Promise<T> {
  const page = await env.browser.newPage({ viewport: { width: 1000, height: 1400 } });
  try {
    await page.goto(env.server.origin + path);
    await page.waitForFunction(ready);
    return await fn(page);
  } finally {
    await page.close();
  }
}

export async function planAndFill(env: WidgetEnv, page: Page, kind: CardKind): Promise<{ plan: FillPlan; report: FillReport }> {
  await page.addScriptTag({ content: env.engine });
  // With the Latin name the popup derives (pinyin) for a card with only a Chinese name, as the extension plans.
  const plan = await page.evaluate(([card, latin]) => (globalThis as unknown as Engine).CardFillEngine.plan(card, latin), [
    CARDS[kind],
    latinNameWithPinyin(CARDS[kind]),
  ] as const);
  const report = await page.evaluate((p) => (globalThis as unknown as Engine).CardFillEngine.fill(p), plan);
  return { plan, report };
}

export const model = (page: Page) => page.evaluate(() => (window as unknown as { __model(): Record<string, string> }).__model());
export const touched = (page: Page) => page.evaluate(() => (window as unknown as { __touched(): string[] }).__touched());

/** Dropdowns / popups of the widget families that are shown now (a fill must leave none open). */
export const openPopups = (page: Page) =>
  page.evaluate(() =>
    Array.from(
      document.querySelectorAll(
        '.el-select-dropdown, .el-picker-panel, .el-cascader__dropdown, .el-cascader-menus, .el-popper, .ant-select-dropdown, .ant-picker-dropdown, .layui-form-selected, .layui-laydate',
      ),
    )
      .filter((el) => {
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && s.display !== 'none' && s.visibility !== 'hidden' && Number(s.opacity) > 0.05;
      })
      .map((el) => el.className),
  );
