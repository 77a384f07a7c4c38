/**
 * The whole project (host, extension, shared code, tests) compiles under strict TypeScript with the unused /
 * implicit-return / fallthrough checks; each layer compiles on its own with only its platform's types (src/ with
 * the DOM and no Node, native-host/ with Node and no DOM, extension/ with the browser types and no Node: the
 * layers of docs/architecture.md); and the scripts (plain JavaScript) type-check through tsconfig.scripts.json.
 */
import { expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const tsc = (args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    cwd: root,
  });

it('type-checks with tsc --noEmit (strict)', () => {
  const r = tsc(['-p', root, '--noEmit']);
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 120_000);

it.each([
  ['src/ (DOM, no Node)', 'tsconfig.src.json'],
  ['native-host/ (Node, no DOM)', 'tsconfig.host.json'],
  ['extension/ (browser, no Node)', 'tsconfig.extension.json'],
])(
  'type-checks %s on its own',
  (_layer, config) => {
    const r = tsc(['-p', path.join(root, config)]);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  },
  120_000,
);

it('type-checks the scripts (tsconfig.scripts.json, checkJs)', () => {
  const r = tsc(['-p', path.join(root, 'tsconfig.scripts.json')]);
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 120_000);
