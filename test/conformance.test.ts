/**
 * The conformance checks kept outside this repository (`CARDFILL_CONFORMANCE`: the contracts of docs/architecture.md as runnable checks)
 * against this build: `cardfill-host decode` (docs/architecture.md §2) and dist/fill-engine.js (docs/architecture.md §6).
 * They live outside this repository; on a checkout without them the tests say so and skip.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { toolMissing } from './tools';

const ROOT = path.resolve(import.meta.dirname, '..');
const KIT = process.env['CARDFILL_CONFORMANCE'] ?? path.resolve(ROOT, '../shared/conformance');
const present = existsSync(path.join(KIT, 'check-decode.py'));

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  const summary = /(\d+) passed, (\d+) failed/.exec(r.stdout.trim().split('\n').at(-1) ?? '');
  return { status: r.status, output: r.stdout + r.stderr, passed: Number(summary?.[1] ?? 0), failed: Number(summary?.[2] ?? -1) };
}

describe.skipIf(
  toolMissing('the conformance checks (set CARDFILL_CONFORMANCE)', present, `put them at ${KIT} or set CARDFILL_CONFORMANCE`),
)(`shared conformance checks (${KIT})`, () => {
  it('cardfill-host decode gives the docs/architecture.md §2 card record for all four layouts and reader frames', () => {
    const r = run('python3', [path.join(KIT, 'check-decode.py')]);
    expect(r.output).not.toMatch(/: (?!ok$).+$/m);
    expect(r.failed, r.output).toBe(0);
    expect(r.passed).toBeGreaterThan(0);
    expect(r.status).toBe(0);
  });

  it('dist/fill-engine.js fills the registration page through CardFillEngine.plan/fill and leaves hidden fields alone', () => {
    const r = run(process.execPath, [path.join(KIT, 'check-fill.mjs')]);
    expect(r.failed, r.output).toBe(0);
    expect(r.passed).toBeGreaterThan(0);
    expect(r.status).toBe(0);
  }, 120_000);
});
