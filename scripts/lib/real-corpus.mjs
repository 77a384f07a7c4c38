// The real-page corpus (test/fixtures/real/) scored through the real engine in Chromium: shared by
// scripts/classifier-report.mjs and test/fill/real-pages.test.ts. The page runs the engine's debugging build
// (src/fill/inspect.ts): every control the scan finds with the field the classifier takes it for, and plans of the
// four synthetic cards with the elements each planned item would write. Expectations are matched by selector.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT, contentType, resolveFixturePath, startFixtureServer } from './browser.mjs';

/** Bundle the inspect build and the synthetic cards (with their Latin names) for the page. */
export async function bundleInspect() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cardfill-real-'));
  await build({
    entryPoints: [path.join(ROOT, 'src/fill/inspect.ts')],
    bundle: true,
    format: 'iife',
    outfile: path.join(tmp, 'inspect.js'),
    logLevel: 'warning',
  });
  const entry = path.join(tmp, 'cards-entry.ts');
  fs.writeFileSync(
    entry,
    `import { CARDS } from ${JSON.stringify(path.join(ROOT, 'test/fill/cards.ts'))};
import { latinNameOf } from ${JSON.stringify(path.join(ROOT, 'src/card/latin-name.ts'))};
import { pinyin } from 'pinyin-pro';
const romanise = (han: string) => pinyin(han, { toneType: 'none', type: 'array' });
export const cards = Object.entries(CARDS).map(([kind, card]) => ({ kind, card, latin: latinNameOf(card, romanise) }));`,
  );
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: path.join(tmp, 'cards.mjs'),
    logLevel: 'warning',
    nodePaths: [path.join(ROOT, 'node_modules')],
  });
  const { cards } = await import(path.join(tmp, 'cards.mjs'));
  const inspect = fs.readFileSync(path.join(tmp, 'inspect.js'), 'utf8');
  fs.rmSync(tmp, { recursive: true, force: true });
  return { inspect, cards };
}

export function loadExpectations() {
  const all = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/real/expectations.json'), 'utf8'));
  delete all._about;
  return all;
}

/** In the page: resolve expectation selectors, inspect, plan every card; return plain JSON. */
function inPage({ fields, never, cards }) {
  const norm = (t) => (t ?? '').normalize('NFKC').replace(/[\s\u00a0\u3000*＊:：]+/g, '');
  const CONTROL = 'input:not([type=hidden]), select, textarea';
  const resolve = (sel) => {
    const m = /^label:(.+?)(?:#(\d+))?$/.exec(sel);
    if (!m) return Array.from(document.querySelectorAll(sel));
    const want = norm(m[1]);
    const n = Number(m[2] ?? 1);
    const labels = Array.from(
      document.querySelectorAll('.el-form-item__label, .ant-form-item-label label, .layui-form-label, label, th, .label, .control-label'),
    ).filter((l) => norm(l.textContent) === want);
    const l = labels[n - 1];
    const item = l?.closest('.el-form-item, .ant-form-item, .layui-form-item, .control-group, .van-cell, li, tr');
    const c = item?.querySelector(CONTROL);
    return c ? [c] : [];
  };
  const expected = Object.entries(fields).map(([sel, field]) => ({ sel, field, why: never[sel] ?? null, els: resolve(sel) }));
  const unresolved = expected.filter((e) => e.els.length === 0).map((e) => e.sel);
  const matchOf = (elements) => expected.find((e) => e.els.some((x) => elements.some((y) => y === x || y.contains(x))));
  const controls = globalThis.CardFillInspect.elements().map((c) => {
    const m = matchOf(c.elements);
    return { label: c.label, field: c.field, problem: c.problem, sel: m?.sel ?? null, want: m?.field ?? 'none' };
  });
  const plans = cards.map(({ kind, card, latin }) => {
    const { plan, targets } = globalThis.CardFillInspect.plan(card, latin);
    return {
      kind,
      items: plan.items.map((i) => {
        const m = matchOf(targets[i.id] ?? []);
        return {
          field: i.field,
          label: i.label,
          value: i.value,
          derived: !!i.derived,
          sel: m?.sel ?? null,
          want: m?.field ?? 'none',
          forbidden: m?.why ?? null,
        };
      }),
      refused: plan.refused,
    };
  });
  return { controls, plans, unresolved };
}

/**
 * Run every corpus page (or only the page ids in `only`); returns per-page results.
 * @param {import('playwright-core').Browser} browser
 * @param {{ only?: string[] }} [options]
 */
export async function runCorpus(browser, { only } = {}) {
  const { inspect, cards } = await bundleInspect();
  const expectations = loadExpectations();
  const server = await startFixtureServer();
  const results = [];
  try {
    for (const [id, fx] of Object.entries(expectations)) {
      if (only && !only.includes(id)) continue;
      const page = await browser.newPage();
      try {
        const url = fx.siteUrl ?? server.origin + fx.path;
        if (fx.siteUrl) {
          const site = new URL(fx.siteUrl);
          await page.route(`${site.origin}/**`, async (route) => {
            const u = new URL(route.request().url());
            const file = resolveFixturePath(u.pathname === site.pathname ? fx.path : u.pathname);
            if (!file) return route.fulfill({ status: 404, body: '' });
            return route.fulfill({ status: 200, contentType: contentType(file), body: fs.readFileSync(file) });
          });
        }
        // Corpus pages must not reach the network: anything but the fixture server or the routed site fails.
        await page.route(/^https?:\/\//, (route) => {
          const u = route.request().url();
          if (u.startsWith(server.origin) || (fx.siteUrl && u.startsWith(new URL(fx.siteUrl).origin))) return route.fallback();
          return route.abort();
        });
        await page.goto(url);
        await page.addScriptTag({ content: inspect });
        const r = await page.evaluate(inPage, { fields: fx.fields, never: fx.never ?? {}, cards });
        results.push({ id, ...score(fx, r), raw: r });
      } finally {
        await page.close();
      }
    }
  } finally {
    server.close();
  }
  return results;
}

/** Classification precision/recall per page, plan (write) correctness, and forbidden writes. */
export function score(fx, r) {
  let tp = 0,
    fp = 0,
    fn = 0;
  const problems = [];
  const hit = new Set();
  for (const c of r.controls) {
    if (!c.field) continue;
    if (c.field === c.want) {
      tp++;
      hit.add(c.sel);
    } else {
      fp++;
      problems.push(`${c.sel ?? c.label}: taken for ${c.field}, is ${c.want}`);
    }
  }
  for (const [sel, want] of Object.entries(fx.fields)) {
    if (want === 'none' || hit.has(sel)) continue;
    fn++;
    const c = r.controls.find((x) => x.sel === sel);
    problems.push(`${sel}: is ${want}, ${c ? `classified ${c.field ?? 'as nothing'}` : 'not found by the scan'}`);
  }
  let writes = 0,
    wrongWrites = 0;
  const forbidden = [];
  for (const p of r.plans) {
    for (const i of p.items) {
      writes++;
      if (i.forbidden) forbidden.push(`${p.kind}: ${i.sel} (${i.forbidden}) planned as ${i.field}`);
      if (i.field !== i.want) {
        wrongWrites++;
        problems.push(`${p.kind} plan: ${i.sel ?? i.label} planned as ${i.field}, is ${i.want}`);
      }
    }
  }
  for (const u of r.unresolved) problems.push(`expectation selector matches nothing: ${u}`);
  return { tp, fp, fn, writes, wrongWrites, forbidden, problems };
}
