#!/usr/bin/env node
// `npm test`: build everything, then run the whole suite (unit, host contract, serial, browser,
// conformance) with vitest, and end with one line "N passed, N failed" (read by CI).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const extra = process.argv.slice(2);

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

if (run(process.execPath, ['scripts/build.mjs']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
if (existsSync('scripts/build-fixtures.mjs') && run(process.execPath, ['scripts/build-fixtures.mjs']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
mkdirSync('.tmp', { recursive: true });
const report = path.join('.tmp', 'vitest-report.json');
const status = run(process.execPath, [
  'node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra,
]);
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  // Failed tests, plus files that failed without a failed test (e.g. a file that did not load or a
  // failing hook): numFailedTestSuites counts describe blocks and would count a failed test twice.
  const brokenFiles = (json.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  failed = (json.numFailedTests ?? 0) + brokenFiles;
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
}
if (status !== 0 && failed === 0) failed = 1; // the runner itself failed (e.g. a file did not load)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && status === 0 ? 0 : 1);
