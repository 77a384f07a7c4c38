// 3. The fill engine (dist/fill-engine.js, `globalThis.CardFillEngine = { plan, fill }`) in Chromium.
//
// For each fixture page and for generated forms of 100, 1,000 and 10,000 controls:
//   plan   — planFill is synchronous: its wall time is taken in the page with performance.now(),
//            its cost as the renderer main thread's CPU time (CDP Performance.getMetrics
//            TaskDuration in thread ticks), which other processes on a shared machine do not inflate.
//   fill   — executeFill waits on purpose (a settle period after the document type and after each
//            select, a 300 ms re-read at the end: src/fill/engine.ts), so its wall time says little
//            about cost. The cost is the main thread's CPU time over the fill (the engine and the
//            page's own event handlers and rendering); the time to the last value written (last
//            input/change event) is reported too.
// The goals are judged on CPU time (plan + fill), which equals wall time on an idle machine.
//   layout — forced layouts: CDP LayoutCount/RecalcStyleCount over the plan (one synchronous task,
//            so every layout in it was forced by a geometry read) and over the fill. Thrashing shows
//            as layouts that grow with the number of controls instead of staying flat.
//   split  — one more run per fixture under the CDP sampling profiler: each sample is charged to the engine
//            when the nearest JavaScript frame on its stack is the engine's script (named by a sourceURL;
//            DOM calls and the layouts and style recalcs they force count for the caller), else to the page
//            (its event handlers and re-rendering run inside the engine's dispatchEvent, so the nearest frame
//            is theirs). Profiling slows the run down a little; the split says whose CPU time it is.
// Goal: plan + fill CPU ≤ 16 ms at 1,000 controls; 10,000 vs 1,000 ≤ 12×; no thrashing; the engine's share of a
// fixture's plan + fill under 60 ms.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { findChromium, startFixtureServer } from '../lib/browser.mjs';
import { loadShared } from './lib/load-shared.mjs';
import { ROOT } from './lib/paths.mjs';
import { summarize } from './lib/stats.mjs';

const ENGINE = path.join(ROOT, 'dist/fill-engine.js');
const PAGES = path.join(ROOT, 'test/fixtures/pages');
/** Generated forms live under a routed *.localhost origin (the engine treats it as local, like 127.0.0.1). */
const GENERATED_ORIGIN = 'http://bench.cardfill.localhost';
const SIZES = [100, 1000, 10_000];
/** The card filled into fixture pages: the walking skeleton's card kind (documentType, number, name, sex, birth, nationality). */
const FIXTURE_CARD = 'foreign-permanent-2023';
/** The card filled into generated pages: a resident card (also ethnicity, address, validity). */
const GENERATED_CARD = 'resident';
const METRICS = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'LayoutCount', 'RecalcStyleCount'];

/** The identity rows of a generated form, as a Chinese registration form words them (docs/target-forms.md §7). */
const IDENTITY_ROWS = [
  '<label for="doc-type">证件类型</label><select id="doc-type" name="zjlx"><option value="">请选择</option><option value="1">居民身份证</option><option value="2">港澳台居民居住证</option><option value="3">外国人永久居留身份证</option><option value="4">护照</option></select>',
  '<label for="name">姓名</label><input id="name" name="xm" type="text">',
  '<label for="id-no">证件号码</label><input id="id-no" name="zjhm" type="text">',
  '<label for="sex">性别</label><select id="sex" name="xb"><option value="">请选择</option><option value="1">男</option><option value="2">女</option></select>',
  '<label for="birth">出生日期</label><input id="birth" name="csrq" type="text" placeholder="YYYY-MM-DD">',
  '<label for="nation">民族</label><input id="nation" name="mz" type="text">',
  '<label for="addr">住址</label><input id="addr" name="zz" type="text">',
];

/** A form of `n` controls: the identity rows first (`identityAt: 'top'`) or last, the rest ordinary business fields. */
export function generatedForm(n, identityAt = 'top') {
  const filler = [];
  for (let i = 0; filler.length < n - IDENTITY_ROWS.length; i++) {
    const id = `x${i}`;
    switch (i % 10) {
      case 6:
      case 7:
        filler.push(
          `<label for="${id}">颜色 ${i}</label><select id="${id}" name="${id}"><option>红</option><option>绿</option><option>蓝</option></select>`,
        );
        break;
      case 8:
        filler.push(`<label><input id="${id}" name="${id}" type="checkbox"> 订阅 ${i}</label>`);
        break;
      case 9:
        filler.push(`<label for="${id}">说明 ${i}</label><textarea id="${id}" name="${id}" rows="1"></textarea>`);
        break;
      default:
        filler.push(`<label for="${id}">${i % 2 ? '备注' : '数量'} ${i}</label><input id="${id}" name="${id}" type="text">`);
    }
  }
  const rows = identityAt === 'top' ? [...IDENTITY_ROWS, ...filler] : [...filler, ...IDENTITY_ROWS];
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>登记表</title>' +
    '<style>body{font:14px sans-serif;margin:16px}.row{display:flex;gap:8px;align-items:center;margin:4px 0}label{min-width:120px}input,select,textarea{width:240px;height:24px}</style>' +
    `</head><body><h1>登记表 (${n} controls)</h1><form>` +
    rows.map((r) => `<div class="row">${r}</div>`).join('') +
    '</form></body></html>'
  );
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const out = {};
  for (const m of list) if (METRICS.includes(m.name)) out[m.name] = m.value;
  return out;
}

function delta(before, after) {
  return {
    taskMs: (after.TaskDuration - before.TaskDuration) * 1000,
    scriptMs: (after.ScriptDuration - before.ScriptDuration) * 1000,
    layoutMs: (after.LayoutDuration - before.LayoutDuration) * 1000,
    styleMs: (after.RecalcStyleDuration - before.RecalcStyleDuration) * 1000,
    layouts: after.LayoutCount - before.LayoutCount,
    styleRecalcs: after.RecalcStyleCount - before.RecalcStyleCount,
  };
}

/** The engine's script is named so profiles can tell its frames from the page's. */
const ENGINE_URL = 'cardfill-engine.js';

/** Plan then fill once on the loaded page; returns the raw figures (and the engine / page CPU split if `profile`). */
async function planAndFill(page, cdp, engine, card, { profile = false } = {}) {
  await page.addScriptTag({ content: `${engine}\n//# sourceURL=${ENGINE_URL}` });
  // Let the page settle (frameworks mount after load, fonts) so its own work does not land in our window.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 200))));
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  const m0 = await metrics(cdp);
  const planned = await page.evaluate((c) => {
    const t0 = performance.now();
    const plan = globalThis.CardFillEngine.plan(c);
    const ms = performance.now() - t0;
    globalThis.__benchPlan = plan;
    return { ms, items: plan.items.map((i) => i.field), refused: plan.refused.length, site: plan.site };
  }, card);
  const m1 = await metrics(cdp);
  const filled = await page.evaluate(async () => {
    /** @type {number | null} */
    let last = null;
    const mark = () => (last = performance.now());
    addEventListener('input', mark, true);
    addEventListener('change', mark, true);
    const t0 = performance.now();
    const report = await globalThis.CardFillEngine.fill(globalThis.__benchPlan);
    const wall = performance.now() - t0;
    removeEventListener('input', mark, true);
    removeEventListener('change', mark, true);
    return {
      wallMs: wall,
      lastWriteMs: last === null ? null : last - t0,
      filled: report.filled.length,
      skipped: report.skipped.length,
      reverted: report.reverted.length,
    };
  });
  const m2 = await metrics(cdp);
  const split = profile ? cpuSplit((await cdp.send('Profiler.stop')).profile) : null;
  return { plan: { ...planned, ...delta(m0, m1) }, fill: { ...filled, ...delta(m1, m2) }, split };
}

/** Engine / page / other (idle, GC, no JS on the stack) CPU time of a CDP profile, in ms. */
function cpuSplit(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owner = new Map();
  const ownerOf = (id) => {
    if (owner.has(id)) return owner.get(id);
    const n = byId.get(id);
    const { url, functionName } = n.callFrame;
    let o;
    if (url === ENGINE_URL) o = 'engine';
    else if (url) o = 'page';
    else if (
      functionName === '(idle)' ||
      functionName === '(program)' ||
      functionName === '(garbage collector)' ||
      functionName === '(root)'
    )
      o = 'other';
    else o = parent.has(id) ? ownerOf(parent.get(id)) : 'other';
    owner.set(id, o);
    return o;
  };
  const ms = { engine: 0, page: 0, other: 0 };
  profile.samples.forEach((id, i) => {
    ms[ownerOf(id)] += (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return { engineMs: ms.engine, pageMs: ms.page, otherMs: ms.other };
}

function summarizeRuns(runs) {
  const pick = (f, unit = 'ms') => summarize(runs.map(f), { unit });
  const first = runs[0];
  return {
    runs: runs.length,
    planWallMs: pick((r) => r.plan.ms),
    planCpuMs: pick((r) => r.plan.taskMs),
    fillCpuMs: pick((r) => r.fill.taskMs),
    planPlusFillCpuMs: pick((r) => r.plan.taskMs + r.fill.taskMs),
    fillToLastWriteMs: pick((r) => r.fill.lastWriteMs ?? NaN),
    fillWallMs: pick((r) => r.fill.wallMs),
    planLayouts: pick((r) => r.plan.layouts, 'count'),
    planStyleRecalcs: pick((r) => r.plan.styleRecalcs, 'count'),
    planLayoutMs: pick((r) => r.plan.layoutMs + r.plan.styleMs),
    fillLayouts: pick((r) => r.fill.layouts, 'count'),
    fillLayoutMs: pick((r) => r.fill.layoutMs + r.fill.styleMs),
    planned: first.plan.items,
    site: first.plan.site,
    filled: first.fill.filled,
    skipped: first.fill.skipped,
    reverted: first.fill.reverted,
  };
}

async function newMeasuredPage(browser) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const cdp = await page.context().newCDPSession(page);
  // Thread ticks: durations are the renderer main thread's CPU time, not wall time.
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return { page, cdp };
}

/** Fixture pages, at their real address when the fill tests know one (test/fill/expectations.ts). */
async function benchFixtures(browser, engine, shared, reps, server) {
  const known = new Map(shared.FIXTURES.map((f) => [f.path, f]));
  const out = {};
  // CARDFILL_BENCH_PAGES=hotel-antd,layui-form limits the fixture pages (for profiling one page).
  const pick = process.env.CARDFILL_BENCH_PAGES?.split(',');
  for (const file of readdirSync(PAGES)
    .filter((f) => f.endsWith('.html') && (!pick || pick.includes(f.replace(/\.html$/, ''))))
    .sort()) {
    const rel = `/pages/${file}`;
    const fx = known.get(rel);
    const runs = [];
    /** @type {string | null} */
    let error = null;
    /** @type {{ engineMs: number, pageMs: number, otherMs: number } | null} */
    let split = null;
    // Run 0 warms up, runs 1…reps are measured, the last one is profiled for the engine / page split.
    for (let i = 0; i < reps + 2 && !error; i++) {
      const { page, cdp } = await newMeasuredPage(browser);
      try {
        let url = server.origin + rel;
        if (fx?.siteUrl) {
          const site = new URL(fx.siteUrl);
          await page.route(`${site.origin}/**`, async (route) => {
            const u = new URL(route.request().url());
            const res = await fetch(server.origin + (u.pathname === site.pathname ? rel : u.pathname));
            await route.fulfill({
              status: res.status,
              headers: { 'content-type': res.headers.get('content-type') ?? 'text/html' },
              body: Buffer.from(await res.arrayBuffer()),
            });
          });
          url = fx.siteUrl;
        }
        await page.goto(url, { waitUntil: 'load' });
        const profiled = i === reps + 1;
        const r = await planAndFill(page, cdp, engine, shared.CARDS[FIXTURE_CARD], { profile: profiled });
        if (profiled) split = r.split;
        else if (i > 0) runs.push(r); // the first run warms the engine's code and the page's caches
      } catch (e) {
        error = e instanceof Error ? e.message.split('\n')[0] : String(e);
      } finally {
        await page.close();
      }
    }
    out[file.replace(/\.html$/, '')] = error
      ? { error }
      : {
          address: fx?.siteUrl ?? '127.0.0.1 fixture server',
          card: FIXTURE_CARD,
          ...summarizeRuns(runs),
          engineCpuMs: split?.engineMs ?? null,
          pageCpuMs: split?.pageMs ?? null,
        };
  }
  return out;
}

async function openGenerated(browser, n, identityAt) {
  const { page, cdp } = await newMeasuredPage(browser);
  const html = generatedForm(n, identityAt);
  await page.route(`${GENERATED_ORIGIN}/**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
  await page.goto(`${GENERATED_ORIGIN}/form-${n}.html`, { waitUntil: 'load' });
  return { page, cdp };
}

/** Per size: `reps` runs, but stop adding runs after `budgetMs` once `minReps` are in (the 10,000 form is slow). */
async function benchGenerated(browser, engine, shared, { reps, minReps, budgetMs }) {
  const out = {};
  const card = shared.CARDS[GENERATED_CARD];
  for (const [k, n] of SIZES.entries()) {
    const runs = [];
    const started = performance.now();
    // One warm-up run before the first size only: each page gets a fresh copy of the engine anyway.
    for (let i = k === 0 ? -1 : 0; i < reps; i++) {
      if (runs.length >= minReps && performance.now() - started > budgetMs) break;
      const { page, cdp } = await openGenerated(browser, n, 'top');
      try {
        const r = await planAndFill(page, cdp, engine, card);
        if (i >= 0) runs.push(r);
      } finally {
        await page.close();
      }
    }
    // Coverage: the same form with the identity rows after all the others (skipped at 10,000: too slow to repeat).
    let bottom = null;
    if (n <= 1000) {
      const { page, cdp } = await openGenerated(browser, n, 'bottom');
      try {
        bottom = (await planAndFill(page, cdp, engine, card)).plan.items.length;
      } finally {
        await page.close();
      }
    }
    out[String(n)] = {
      card: GENERATED_CARD,
      identityRows: IDENTITY_ROWS.length,
      ...summarizeRuns(runs),
      plannedWhenIdentityRowsAreLast: bottom,
    };
  }
  return out;
}

export async function benchFill({ quick = false } = {}) {
  if (!existsSync(ENGINE)) throw new Error('dist/fill-engine.js is missing: run `npm run build` first');
  // Fixture pages that need a bundler (React + antd) are built by the fixture script (git-ignored output).
  const fixtureScript = path.join(ROOT, 'scripts/build-fixtures.mjs');
  if (existsSync(fixtureScript)) {
    const r = spawnSync(process.execPath, [fixtureScript], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) process.stderr.write(`bench: fixture build failed, some fixture pages may not load:\n${r.stderr}\n`);
  }
  const engine = readFileSync(ENGINE, 'utf8');
  const shared = await loadShared();
  const server = await startFixtureServer();
  const browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const fixtures = await benchFixtures(browser, engine, shared, quick ? 1 : 3, server);
    const generated = await benchGenerated(
      browser,
      engine,
      shared,
      quick ? { reps: 2, minReps: 1, budgetMs: 10_000 } : { reps: 7, minReps: 3, budgetMs: 25_000 },
    );
    const at = (n) => generated[String(n)];
    const cost = (n) => at(n).planPlusFillCpuMs.median;
    const growth = cost(10_000) / cost(1000);
    const layoutsFlat =
      at(10_000).planLayouts.median <= Math.max(2, at(100).planLayouts.median) &&
      at(10_000).fillLayouts.median <= at(100).fillLayouts.median + 2;
    return {
      engine: { file: 'dist/fill-engine.js', bytes: engine.length },
      fixtures,
      generated,
      goals: {
        at1000: { ms: cost(1000), goalMs: 16, met: cost(1000) <= 16 },
        growth10kOver1k: { ratio: Number(growth.toFixed(2)), goal: 12, met: growth <= 12 },
        layoutThrashing: {
          planLayoutsBySize: Object.fromEntries(SIZES.map((n) => [n, at(n).planLayouts.median])),
          fillLayoutsBySize: Object.fromEntries(SIZES.map((n) => [n, at(n).fillLayouts.median])),
          fillLayoutMsBySize: Object.fromEntries(SIZES.map((n) => [n, at(n).fillLayoutMs.median])),
          filledBySize: Object.fromEntries(SIZES.map((n) => [n, at(n).filled])),
          rule: 'no thrashing when the layouts forced by plan and fill stay flat from 100 to 10,000 controls (at most one per written field)',
          met: layoutsFlat,
        },
      },
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
