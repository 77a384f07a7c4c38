#!/usr/bin/env node
// `npm run bench`: CardFill against the physical limit. A script, never a test: it
// prints one table and writes the same figures, each as the median and spread of repeated runs,
// to bench/results/latest.json. Parts (docs/benchmarks.md says what each measures and why):
//   1 read   read latency against wire time, serial backend on a pty at 115200 and 9600 baud
//   2 host   process start → hello; status round trip on an open port
//   3 fill   the fill engine in Chromium on the fixture pages and on 100 / 1,000 / 10,000 controls
//   4 e2e    Read click → last field filled on the 12306 replica, built extension + real host
//   5 size   content script, popup, background (min+gzip); host RSS over 100 reads; background heap
// Options:
//   --only=read,host,fill,e2e,size   run some parts (memory comes with read)
//   --quick                          fewer repetitions (a smoke run; do not publish its figures)
//   --build                          build first even when a build exists (it runs anyway when none does)
//   --out=FILE                       where the JSON goes (default bench/results/latest.json)
//   --docs                           also put the table into docs/benchmarks.md between its markers
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib/paths.mjs';
import { formatMarkdown, formatText, tableRows } from './table.mjs';

process.chdir(ROOT);
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const PARTS = ['read', 'host', 'fill', 'e2e', 'size'];
const only = option('only')?.split(',').filter(Boolean) ?? PARTS;
for (const p of only) if (!PARTS.includes(p)) throw new Error(`--only: unknown part "${p}"; parts are ${PARTS.join(', ')}`);
const quick = flag('quick');
const outFile = path.resolve(option('out') ?? 'bench/results/latest.json');
const started = performance.now();
// Ctrl+C: end through process.exit so the parts' exit hooks stop the simulators they started.
process.once('SIGINT', () => process.exit(130));
const say = (text) => process.stderr.write(`bench: ${text}\n`);

// --- the build: the bench measures what `npm run build` (also run by `npm start`) produced ---
const needed = ['native-host/dist/cardfill-host.mjs', 'dist/manifest.json', 'dist/extension/content.js', 'dist/fill-engine.js'];
if (flag('build') || needed.some((f) => !existsSync(f))) {
  say('building (node scripts/build.mjs --chrome-only)');
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--chrome-only'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    say('the build failed; nothing measured');
    process.exit(1);
  }
}

function tryText(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

async function chromiumVersion() {
  try {
    const { findChromium } = await import('../lib/browser.mjs');
    return tryText(findChromium(), ['--version'])?.split('\n').at(-1) ?? null;
  } catch {
    return null;
  }
}

const cpus = os.cpus();
const machine = {
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  distro: tryText('sh', ['-c', '. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"']) || null,
  cpu: cpus[0]?.model?.trim() ?? null,
  cores: cpus.length,
  memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
  node: process.version,
  chromium: await chromiumVersion(),
  // The machine may be shared: the load before and after says how quiet it was.
  loadAverageAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
};
const gitCommit = tryText('git', ['rev-parse', '--short', 'HEAD']);
const gitDirty = (tryText('git', ['status', '--porcelain', '--untracked-files=no']) ?? '') !== '';

const results = {
  schema: 1,
  date: new Date().toISOString(),
  commit: gitCommit ? `${gitCommit}${gitDirty ? ' (with uncommitted changes)' : ''}` : null,
  quick,
  machine,
};

/** Runs one part; a failing part is recorded with its error, the others still run. */
async function part(name, key, run) {
  if (!only.includes(name)) return;
  const t0 = performance.now();
  say(`${name} …`);
  try {
    Object.assign(results, await run());
  } catch (e) {
    results[key] = { error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
    say(`${name} failed: ${results[key].error}`);
  }
  say(`${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

await part('read', 'read', async () => (await import('./read.mjs')).benchRead({ quick }));
await part('host', 'host', async () => ({ host: await (await import('./host.mjs')).benchHost({ quick }) }));
await part('fill', 'fill', async () => ({ fill: await (await import('./fill.mjs')).benchFill({ quick }) }));
await part('e2e', 'e2e', async () => ({ e2e: await (await import('./e2e.mjs')).benchEndToEnd({ quick }) }));
await part('size', 'sizes', async () => ({ sizes: await (await import('./size.mjs')).benchSizes() }));
results.durationS = Number(((performance.now() - started) / 1000).toFixed(1));
machine.loadAverageAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)));

const rows = tableRows(results);
results.table = rows;
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');

const header =
  `CardFill bench ${results.date}${quick ? ' (QUICK: smoke run, few repetitions)' : ''}, commit ${results.commit ?? '?'}\n` +
  `machine: ${machine.distro ?? machine.os}, ${machine.cpu} × ${machine.cores}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.chromium ?? 'no Chromium'}; ` +
  `load ${machine.loadAverageAtStart[0]} at start, ${machine.loadAverageAtEnd[0]} at end`;
process.stdout.write(`${header}\n\n${formatText(rows)}\n\nJSON: ${path.relative(ROOT, outFile)} (${results.durationS} s)\n`);

if (flag('docs')) {
  const doc = path.join(ROOT, 'docs/benchmarks.md');
  const start = '<!-- bench:table:start -->';
  const end = '<!-- bench:table:end -->';
  const text = existsSync(doc) ? readFileSync(doc, 'utf8') : '';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) say('docs/benchmarks.md has no table markers; not updated');
  else {
    const block = `${start}\n${header.replace('\n', '  \n')}\n\n${formatMarkdown(rows)}\n${end}`;
    writeFileSync(doc, text.slice(0, a) + block + text.slice(b + end.length));
    say('docs/benchmarks.md updated');
  }
}

// Missed goals are figures, not failures; a part that could not be measured is.
const failed = PARTS.filter((p) => only.includes(p)).some((p) => results[{ size: 'sizes' }[p] ?? p]?.error);
process.exitCode = failed ? 1 : 0;
