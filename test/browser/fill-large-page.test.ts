/**
 * The fill engine on a long page (docs/benchmarks.md "Fill engine"): identity rows after 1,000 ordinary
 * business fields are still planned and filled — the scan once capped controls at 400 before classifying, so
 * nothing was planned there — and the scan's label index names the same label elements as Chromium's `.labels`.
 * No assertion on time (docs/architecture.md §8): `npm run bench` measures that.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FillPlan, FillReport } from '../../src/fill/types.js';
import { RESIDENT } from '../fill/cards.js';
import { buildEngine, launch } from '../fill/browser.js';
import { projectRoot } from '../fill/server.js';

const ORIGIN = 'http://long-form.cardfill.localhost';
let browser: Browser;
let engine: string;
let labelsModule: string;

beforeAll(async () => {
  engine = await buildEngine();
  const out = await build({
    entryPoints: [path.join(projectRoot, 'src/fill/labels.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'CardFillLabels',
    write: false,
    logLevel: 'warning',
  });
  labelsModule = out.outputFiles[0]!.text;
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** `n` business fields (text, select, checkbox, textarea; none a card field) then the identity rows. */
function longForm(n: number): string {
  let rows = '';
  for (let i = 0; i < n; i++) {
    const id = `x${i}`;
    if (i % 10 === 6)
      rows += `<label for="${id}">颜色 ${i}</label><select id="${id}" name="${id}"><option>红</option><option>绿</option></select>`;
    else if (i % 10 === 8) rows += `<label><input id="${id}" name="${id}" type="checkbox"> 订阅 ${i}</label>`;
    else if (i % 10 === 9) rows += `<label for="${id}">说明 ${i}</label><textarea id="${id}" name="${id}" rows="1"></textarea>`;
    else rows += `<label for="${id}">备注 ${i}</label><input id="${id}" name="${id}">`;
    rows += '<br>';
  }
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>登记表</title>' +
    '<style>label{display:inline-block;min-width:120px}input,select,textarea{width:240px;height:24px}</style></head><body><form>' +
    rows +
    '<label for="doc-type">证件类型</label><select id="doc-type" name="zjlx"><option value="">请选择</option><option value="1">居民身份证</option><option value="4">护照</option></select><br>' +
    '<label for="name">姓名</label><input id="name" name="xm"><br>' +
    '<label for="id-no">证件号码</label><input id="id-no" name="zjhm"><br>' +
    '<label for="sex">性别</label><select id="sex" name="xb"><option value="">请选择</option><option value="1">男</option><option value="2">女</option></select><br>' +
    '<label for="birth">出生日期</label><input id="birth" name="csrq" placeholder="YYYY-MM-DD"><br>' +
    '<label for="nation">民族</label><input id="nation" name="mz"><br>' +
    '<label for="addr">住址</label><input id="addr" name="zz"><br>' +
    '</form></body></html>'
  );
}

async function open(html: string): Promise<Page> {
  const page = await browser.newPage();
  await page.route(`${ORIGIN}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(`${ORIGIN}/form.html`);
  return page;
}

type Engine = { CardFillEngine: { plan(c: unknown): FillPlan; fill(p: FillPlan): Promise<FillReport> } };

describe('a long page', () => {
  it('plans and fills identity rows that come after 1,000 other controls', async () => {
    const page = await open(longForm(1000));
    try {
      await page.addScriptTag({ content: engine });
      const plan = await page.evaluate((card) => (globalThis as unknown as Engine).CardFillEngine.plan(card), RESIDENT);
      expect(plan.items.map((i) => i.field).sort()).toEqual([
        'address',
        'birthDate',
        'documentNumber',
        'documentType',
        'ethnicity',
        'fullName',
        'sex',
      ]);
      expect(plan.refused).toEqual([]);
      const report = await page.evaluate((p) => (globalThis as unknown as Engine).CardFillEngine.fill(p), plan);
      expect(report.skipped).toEqual([]);
      expect(report.reverted).toEqual([]);
      const values = await page.evaluate(() =>
        Object.fromEntries(
          ['doc-type', 'name', 'id-no', 'sex', 'birth', 'nation', 'addr', 'x0', 'x6', 'x999'].map((id) => [
            id,
            (document.getElementById(id) as HTMLInputElement).value,
          ]),
        ),
      );
      expect(values).toEqual({
        'doc-type': '1',
        name: RESIDENT.nameZh,
        'id-no': RESIDENT.number,
        sex: '1',
        birth: RESIDENT.birthDate,
        nation: RESIDENT.ethnicity!.nameZh,
        addr: RESIDENT.address,
        x0: '',
        x6: '红',
        x999: '',
      });
    } finally {
      await page.close();
    }
  });

  it("finds the same label elements as the browser's own .labels (a for= naming a shared id names no box), with and without the scan index", async () => {
    const html =
      '<!doctype html><body><label for="a">A</label><input id="a"><label>B <input id="b"> <input id="c"></label>' +
      '<label for="a">A2</label><label for="zz"><input id="d"></label><input id="e"><input id="a">' +
      '<label for="r1">男</label><input type="radio" name="s" id="r1"><label><input type="radio" name="s" id="r2">女</label>' +
      '<label for="f"><select id="f"></select></label><div id="host"></div>' +
      '<script>const r = document.getElementById("host").attachShadow({ mode: "open" });' +
      ' r.innerHTML = \'<label for="s1">影子</label><input id="s1"><label>包裹 <textarea id="s2"></textarea></label>\';</script></body>';
    const page = await open(html);
    try {
      await page.addScriptTag({ content: labelsModule });
      const result = await page.evaluate(() => {
        const L = (globalThis as unknown as { CardFillLabels: typeof import('../../src/fill/labels.js') }).CardFillLabels;
        const shadow = document.getElementById('host')!.shadowRoot!;
        const els = [...Array.from(document.querySelectorAll('input, select')), ...Array.from(shadow.querySelectorAll('input, textarea'))];
        const names = (list: ArrayLike<Element>) => Array.from(list).map((l) => l.textContent!.trim());
        // The browser's own answer, except that a <label for> naming an id two boxes share names neither
        // (SECURITY.md P3: the plan would show one box's label for a value going into the other).
        const shared = (el: Element) =>
          !!el.id && (el.getRootNode() as Document | ShadowRoot).querySelectorAll(`[id="${el.id}"]`).length > 1;
        const browserSays = els.map((el) =>
          names(
            Array.from((el as HTMLInputElement).labels ?? []).filter((l) => !(shared(el) && (l as HTMLLabelElement).htmlFor === el.id)),
          ),
        );
        return {
          browserSays,
          plain: els.map((el) => names(L.labelElementsOf(el))),
          indexed: L.withLabelIndex(() => els.map((el) => names(L.labelElementsOf(el)))),
        };
      });
      expect(result.plain).toEqual(result.browserSays);
      expect(result.indexed).toEqual(result.browserSays);
    } finally {
      await page.close();
    }
  });
});
