#!/usr/bin/env node
// `npm run fuzz`: the fuzz targets of test/security/fuzz-targets.ts, 10^6 cases each by default,
// printing the count and time per target. Exit 1 on the first broken promise, with
// fast-check's shrunk counterexample and seed (re-run one target with --target NAME --seed N).
//   node scripts/fuzz.mjs [--runs N] [--target NAME] [--seed N]
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string' }, target: { type: 'string' }, seed: { type: 'string' } } });
const runs = values.runs ? Number(values.runs) : 1_000_000;
if (!Number.isSafeInteger(runs) || runs < 1) {
  console.error('--runs must be a positive integer');
  process.exit(2);
}

// The targets are TypeScript that imports the project's sources: bundle them once (≈ 0.2 s).
const outDir = path.join(root, '.tmp/fuzz');
mkdirSync(outDir, { recursive: true });
const outfile = path.join(outDir, `targets-${process.pid}.mjs`);
await build({
  entryPoints: [path.join(root, 'test/security/fuzz-targets.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // serialport/koffi are never reached by the parsers; keep the bundle free of native addons.
  external: ['serialport', '@serialport/*', 'koffi'],
  logLevel: 'warning',
});
const { TARGETS, runTarget } = await import(pathToFileURL(outfile).href);
rmSync(outfile, { force: true }); // loaded; leave no bundle behind per run

const chosen = values.target ? TARGETS.filter((t) => t.name === values.target) : TARGETS;
if (chosen.length === 0) {
  console.error(`No target "${values.target}". Targets: ${TARGETS.map((t) => t.name).join(', ')}`);
  process.exit(2);
}

let total = 0;
let failed = 0;
for (const target of chosen) {
  process.stdout.write(`fuzz: ${target.name} — ${target.what}\n`);
  const started = Date.now();
  // In slices, so a long run shows progress; each slice has its own seed, printed on failure.
  const slice = Math.min(runs, 100_000);
  let done = 0;
  try {
    while (done < runs) {
      const n = Math.min(slice, runs - done);
      const seed = values.seed ? Number(values.seed) + done : (Date.now() ^ (done * 2654435761)) | 0;
      try {
        done += runTarget(target, n, seed);
      } catch (e) {
        process.stdout.write(
          `fuzz: ${target.name} FAILED after ${done} cases (slice seed ${seed})\n${e instanceof Error ? e.message : String(e)}\n`,
        );
        throw e;
      }
      if (runs > slice) process.stdout.write(`  ${done.toLocaleString('en')} / ${runs.toLocaleString('en')}\r`);
    }
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `fuzz: ${target.name}: ${done.toLocaleString('en')} cases, 0 failures, ${seconds.toFixed(1)} s (${Math.round(done / seconds).toLocaleString('en')}/s)\n`,
    );
  } catch {
    failed++;
  }
  total += done;
}
process.stdout.write(`fuzz: ${total.toLocaleString('en')} cases in ${chosen.length} targets, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
