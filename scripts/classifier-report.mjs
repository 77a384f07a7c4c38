#!/usr/bin/env node
// Classifier precision and recall, in Debian Chromium through the engine's own scan + classifier + plan
// (src/fill/inspect.ts, bundled here with esbuild):
// 1. the project's fixture pages against test/fixtures/classifier-truth.json (site pages under their real address,
//    routed to the local files so the site profiles apply);
// 2. the real-page corpus (test/fixtures/real/, third-party pages) against test/fixtures/real/expectations.json:
//    per page, classification precision/recall, the plans of the four synthetic cards, and the zero-tolerance count
//    of planned writes into payment, contact-person, password, OTP and postal-code controls (src/fill/README.md).
// Usage: node scripts/classifier-report.mjs [--verbose] [--real-only] [--markdown]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { contentType, findChromium, resolveFixturePath, startFixtureServer } from './lib/browser.mjs';
import { runCorpus } from './lib/real-corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const { chromium } = require('playwright-core');
const verbose = process.argv.includes('--verbose');
const realOnly = process.argv.includes('--real-only');
const markdown = process.argv.includes('--markdown');

const truth = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/classifier-truth.json'), 'utf8'));
delete truth._about;

// Bundled fixtures (React + antd) must exist.
if (!fs.existsSync(path.join(root, 'test/fixtures/dist/hotel.js'))) {
  await import(path.join(root, 'scripts/build-fixtures.mjs'));
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cardfill-report-'));
await build({
  entryPoints: [path.join(root, 'src/fill/inspect.ts')],
  bundle: true,
  format: 'iife',
  outfile: path.join(tmp, 'inspect.js'),
  logLevel: 'warning',
});
const inspect = fs.readFileSync(path.join(tmp, 'inspect.js'), 'utf8');
fs.rmSync(tmp, { recursive: true, force: true });

const server = await startFixtureServer();
const origin = server.origin;

const browser = await chromium.launch({
  executablePath: findChromium(),
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

let tp = 0,
  fp = 0,
  fn = 0,
  refused = 0,
  controls = 0;
const rows = [];
const problems = [];
for (const [id, fx] of realOnly ? [] : Object.entries(truth)) {
  const page = await browser.newPage();
  if (fx.siteUrl) {
    const site = new URL(fx.siteUrl);
    await page.route(`${site.origin}/**`, async (route) => {
      const u = new URL(route.request().url());
      const file = resolveFixturePath(u.pathname === site.pathname ? fx.path : u.pathname);
      if (!file) return route.fulfill({ status: 404, body: '' });
      return route.fulfill({ status: 200, contentType: contentType(file), body: fs.readFileSync(file) });
    });
    await page.goto(fx.siteUrl);
  } else {
    await page.goto(origin + fx.path);
  }
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(150);
  await page.addScriptTag({ content: inspect });
  const result = await page.evaluate(() => globalThis.CardFillInspect.controls());
  await page.close();
  let ftp = 0,
    ffp = 0,
    ffn = 0;
  const seen = new Set();
  for (const c of result.controls) {
    controls++;
    seen.add(c.key);
    const want = fx.fields[c.key] ?? null;
    if (c.problem && c.field) refused++;
    if (c.field && c.field === want) ftp++;
    else {
      if (c.field) {
        ffp++;
        problems.push(`${id}: ${c.key} (${c.label}) taken for ${c.field}, is ${want ?? 'not a card field'}`);
      }
      if (want) {
        ffn++;
        problems.push(`${id}: ${c.key} (${c.label}) is ${want}, classified ${c.field ?? 'as nothing'}`);
      }
    }
  }
  for (const [key, want] of Object.entries(fx.fields)) {
    if (!seen.has(key)) {
      ffn++;
      problems.push(`${id}: ${key} (${want}) not found by the scan`);
    }
  }
  tp += ftp;
  fp += ffp;
  fn += ffn;
  const pr = ftp + ffp ? ftp / (ftp + ffp) : 1;
  const rc = ftp + ffn ? ftp / (ftp + ffn) : 1;
  rows.push([id, result.site ?? '-', result.controls.length, ftp, ffp, ffn, pr, rc]);
}
server.close();

const pct = (x) => `${(x * 100).toFixed(1)} %`;
let failed = false;
if (!realOnly) {
  console.log('fixture                    site                  controls  TP  FP  FN  precision  recall');
  for (const [id, site, n, a, b, c, p, r] of rows) {
    console.log(
      `${id.padEnd(26)} ${String(site).padEnd(21)} ${String(n).padStart(8)} ${String(a).padStart(3)} ${String(b).padStart(3)} ${String(c).padStart(3)}  ${pct(p).padStart(9)} ${pct(r).padStart(7)}`,
    );
  }
  const P = tp + fp ? tp / (tp + fp) : 1;
  const R = tp + fn ? tp / (tp + fn) : 1;
  console.log(
    `\nall fixtures: ${controls} controls, ${tp + fn} card fields; precision ${pct(P)} (${fp} false), recall ${pct(R)} (${fn} missed); ` +
      `${refused} classified controls refused by the never-list`,
  );
  if (problems.length) {
    console.log('\nmismatches:');
    for (const p of problems) console.log(`  ${p}`);
  } else if (verbose) console.log('no mismatches');
  failed ||= fp > 0 || fn > 0;
}

// ---------------------------------------------------------------- the real-page corpus
const real = await runCorpus(browser);
await browser.close();
let RT = 0,
  RF = 0,
  RN = 0,
  W = 0,
  WW = 0;
const forbidden = [];
const lines = [];
for (const r of real) {
  RT += r.tp;
  RF += r.fp;
  RN += r.fn;
  W += r.writes;
  WW += r.wrongWrites;
  forbidden.push(...r.forbidden.map((f) => `${r.id}: ${f}`));
  const p = r.tp + r.fp ? r.tp / (r.tp + r.fp) : 1;
  const c = r.tp + r.fn ? r.tp / (r.tp + r.fn) : 1;
  lines.push([r.id, r.raw.controls.length, r.tp, r.fp, r.fn, p, c, r.writes, r.wrongWrites, r.forbidden.length]);
}
const RP = RT + RF ? RT / (RT + RF) : 1;
const RR = RT + RN ? RT / (RT + RN) : 1;
if (markdown) {
  console.log('\n| page | controls | TP | FP | FN | precision | recall | planned writes (4 cards) | wrong | forbidden |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [id, n, a, b, c, p, r, w, ww, f] of lines)
    console.log(`| ${id} | ${n} | ${a} | ${b} | ${c} | ${pct(p)} | ${pct(r)} | ${w} | ${ww} | ${f} |`);
  console.log(
    `| **all ${real.length} pages** | ${lines.reduce((s, l) => s + l[1], 0)} | ${RT} | ${RF} | ${RN} | **${pct(RP)}** | **${pct(RR)}** | ${W} | ${WW} | **${forbidden.length}** |`,
  );
} else {
  console.log('\nreal page                             controls  TP  FP  FN  precision  recall  writes wrong forbidden');
  for (const [id, n, a, b, c, p, r, w, ww, f] of lines) {
    console.log(
      `${id.padEnd(37)} ${String(n).padStart(8)} ${String(a).padStart(3)} ${String(b).padStart(3)} ${String(c).padStart(3)}  ${pct(p).padStart(9)} ${pct(r).padStart(7)} ${String(w).padStart(7)} ${String(ww).padStart(5)} ${String(f).padStart(9)}`,
    );
  }
}
console.log(
  `\nreal corpus: ${real.length} pages, ${RT + RN} card fields; precision ${pct(RP)} (${RF} false), recall ${pct(RR)} (${RN} missed); ` +
    `plans of 4 cards: ${W} writes, ${WW} wrong; forbidden writes (payment, contact person, password, OTP, postal code): ${forbidden.length}`,
);
for (const f of forbidden) console.log(`  FORBIDDEN ${f}`);
const realProblems = real.flatMap((r) => r.problems.map((p) => `${r.id}: ${p}`));
if (realProblems.length && (verbose || realOnly || true)) {
  console.log('\nreal-corpus mismatches:');
  for (const p of realProblems) console.log(`  ${p}`);
}
failed ||= forbidden.length > 0 || RP < 0.99 || RR < 0.95;
process.exit(failed ? 1 : 0);
