#!/usr/bin/env node
// @ts-check
// `npm test`: build everything, lint (biome + the layer check), then run the whole suite (unit, host
// contract, serial, browser, conformance) with vitest, and end with one line "N passed, N failed" (read by CI).
// Honest by construction: the previous run's report is removed first, so a crash cannot print an old count;
// a lint failure counts as a failed test; with CI=true a suite that would skip for a missing tool fails
// instead (test/tools.ts requireTool) and the closing line names the tools.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const extra = process.argv.slice(2);

/** @param {string} cmd @param {string[]} args @param {Record<string, string>} [env] */
function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

mkdirSync('.tmp', { recursive: true });
const report = path.join('.tmp', 'vitest-report.json');
const missingToolsFile = path.join('.tmp', 'missing-tools.txt');
rmSync(report, { force: true });
rmSync(missingToolsFile, { force: true });

if (run(process.execPath, ['scripts/build.mjs']) !== 0) {
  console.log('0 passed, 1 failed (the build failed)');
  process.exit(1);
}
if (existsSync('scripts/build-fixtures.mjs') && run(process.execPath, ['scripts/build-fixtures.mjs']) !== 0) {
  console.log('0 passed, 1 failed (the fixture build failed)');
  process.exit(1);
}

// Lint: biome over the tree and the layer check (the same as `npm run lint`).
let lintFailed = 0;
if (run(process.execPath, ['node_modules/@biomejs/biome/bin/biome', 'lint', '.']) !== 0) lintFailed++;
if (run(process.execPath, ['scripts/check-layers.mjs']) !== 0) lintFailed++;

const status = run(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
  { CARDFILL_MISSING_TOOLS_FILE: path.resolve(missingToolsFile) },
);
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  // Failed tests, plus files that failed without a failed test (e.g. a file that did not load or a
  // failing hook): numFailedTestSuites counts describe blocks and would count a failed test twice.
  const brokenFiles = (json.testResults ?? []).filter(
    (/** @type {{ status: string, assertionResults?: { status: string }[] }} */ f) =>
      f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  failed = (json.numFailedTests ?? 0) + brokenFiles;
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
}
if (status !== 0 && failed === 0) failed = 1; // the runner itself failed (e.g. a file did not load, or no report)
failed += lintFailed;
const missing = existsSync(missingToolsFile) ? [...new Set(readFileSync(missingToolsFile, 'utf8').split('\n').filter(Boolean))] : [];
const notes = [];
if (skipped) notes.push(`${skipped} skipped`);
if (lintFailed) notes.push('lint failed');
if (missing.length) notes.push(`missing tools: ${missing.join(', ')}`);
console.log(`${passed} passed, ${failed} failed${notes.length ? `, ${notes.join(', ')}` : ''}`);
process.exit(failed === 0 && status === 0 ? 0 : 1);
