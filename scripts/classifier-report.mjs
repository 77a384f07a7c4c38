#!/usr/bin/env node
// Classifier precision and recall over the fixture corpus (goal 100 % on fixtures, no false fill).
// Loads every fixture page of test/fixtures/classifier-truth.json in Debian Chromium (site pages under their real
// address, routed to the local files so the site profiles apply), runs the engine's scan + classifier
// (src/fill/inspect.ts, bundled here with esbuild) and compares each control with the hand-checked truth.
// Usage: node scripts/classifier-report.mjs [--verbose]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { contentType, findChromium, resolveFixturePath, startFixtureServer } from './lib/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const { chromium } = require('playwright-core');
const verbose = process.argv.includes('--verbose');

const truth = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/classifier-truth.json'), 'utf8'));
delete truth._about;

// Bundled fixtures (React + antd) must exist.
if (!fs.existsSync(path.join(root, 'test/fixtures/dist/hotel.js'))) {
  await import(path.join(root, 'scripts/build-fixtures.mjs'));
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cardfill-report-'));
await build({ entryPoints: [path.join(root, 'src/fill/inspect.ts')], bundle: true, format: 'iife', outfile: path.join(tmp, 'inspect.js'), logLevel: 'warning' });
const inspect = fs.readFileSync(path.join(tmp, 'inspect.js'), 'utf8');
fs.rmSync(tmp, { recursive: true, force: true });

const server = await startFixtureServer();
const origin = server.origin;

const browser = await chromium.launch({ executablePath: findChromium(), headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });

let tp = 0, fp = 0, fn = 0, refused = 0, controls = 0;
const rows = [];
const problems = [];
for (const [id, fx] of Object.entries(truth)) {
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
  let ftp = 0, ffp = 0, ffn = 0;
  const seen = new Set();
  for (const c of result.controls) {
    controls++;
    seen.add(c.key);
    const want = fx.fields[c.key] ?? null;
    if (c.problem && c.field) refused++;
    if (c.field && c.field === want) ftp++;
    else {
      if (c.field) { ffp++; problems.push(`${id}: ${c.key} (${c.label}) taken for ${c.field}, is ${want ?? 'not a card field'}`); }
      if (want) { ffn++; problems.push(`${id}: ${c.key} (${c.label}) is ${want}, classified ${c.field ?? 'as nothing'}`); }
    }
  }
  for (const [key, want] of Object.entries(fx.fields)) {
    if (!seen.has(key)) { ffn++; problems.push(`${id}: ${key} (${want}) not found by the scan`); }
  }
  tp += ftp; fp += ffp; fn += ffn;
  const pr = ftp + ffp ? ftp / (ftp + ffp) : 1;
  const rc = ftp + ffn ? ftp / (ftp + ffn) : 1;
  rows.push([id, result.site ?? '-', result.controls.length, ftp, ffp, ffn, pr, rc]);
}
await browser.close();
server.close();

const pct = (x) => `${(x * 100).toFixed(1)} %`;
console.log('fixture                    site                  controls  TP  FP  FN  precision  recall');
for (const [id, site, n, a, b, c, p, r] of rows) {
  console.log(`${id.padEnd(26)} ${String(site).padEnd(21)} ${String(n).padStart(8)} ${String(a).padStart(3)} ${String(b).padStart(3)} ${String(c).padStart(3)}  ${pct(p).padStart(9)} ${pct(r).padStart(7)}`);
}
const P = tp + fp ? tp / (tp + fp) : 1;
const R = tp + fn ? tp / (tp + fn) : 1;
console.log(`\nall fixtures: ${controls} controls, ${tp + fn} card fields; precision ${pct(P)} (${fp} false), recall ${pct(R)} (${fn} missed); ` +
  `${refused} classified controls refused by the never-list`);
if (problems.length) { console.log('\nmismatches:'); for (const p of problems) console.log(`  ${p}`); }
else if (verbose) console.log('no mismatches');
process.exit(fp || fn ? 1 : 0);
