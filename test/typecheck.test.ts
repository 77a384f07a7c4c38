/**
 * The whole project (host, extension, shared code, tests) compiles under strict TypeScript with the unused /
 * implicit-return / fallthrough checks, and the scripts (scripts/**\/*.mjs, plain JavaScript) type-check
 * through tsconfig.scripts.json (checkJs).
 */
import { expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const tsc = (args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), ...args], { encoding: 'utf8', timeout: 120_000, cwd: root });

it('type-checks with tsc --noEmit (strict)', () => {
  const r = tsc(['-p', root, '--noEmit']);
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 120_000);

it('type-checks the scripts (tsconfig.scripts.json, checkJs)', () => {
  const r = tsc(['-p', path.join(root, 'tsconfig.scripts.json')]);
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 120_000);
