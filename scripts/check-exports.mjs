#!/usr/bin/env node
// @ts-check
/**
 * Dead exports: a name that src/, native-host/ or extension/ exports and that no other file of the repository
 * (those three, test/, scripts/, vite.config.ts) mentions. Such an export is either dead code or should not be
 * exported. A TypeScript-free check (knip needs the TypeScript compiler API, which TypeScript 7 lacks): names are
 * found by their declarations and looked up as whole words elsewhere, so a name that is only mentioned in another
 * file's comment still counts as used (the check can miss dead code, never flag live code).
 *   node scripts/check-exports.mjs      prints each dead export, exit 1 if any
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = /\.(?:ts|tsx|mts|mjs|js)$/;

/** Entry points and generated files: their exports are used by a build or a browser, not by an import. */
const ENTRIES = [
  /^extension\/(background|content)\.ts$/,
  /^extension\/(popup|options)\/main\.tsx$/,
  /^src\/fill\/(standalone|inspect)\.ts$/,
];

/** Exports kept on purpose, with the reason. */
const KEPT = new Map([
  [
    'src/card/decode.ts I_NUMBER_SEX_POSITION',
    'the one named constant of an uncertain fact (docs/card-format.md §4.3), exported to be seen',
  ],
  ['src/sam/frame.ts commandName', 'names a command in reader traces and bug reports'],
]);

/** @param {string} dir @returns {string[]} */
function walk(dir) {
  /** @type {string[]} */
  const out = [];
  let names;
  try {
    names = readdirSync(path.join(ROOT, dir));
  } catch {
    return out;
  }
  for (const name of names) {
    if (name === 'node_modules' || name === 'dist' || name === 'fixtures') continue;
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...walk(rel));
    else if (SOURCE.test(name)) out.push(rel);
  }
  return out;
}

/** @param {string} text */
function exportedNames(text) {
  const names = new Set();
  for (const m of text.matchAll(
    /^export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:const|let|var|function\*?|class|interface|type|enum|abstract\s+class)\s+([A-Za-z_$][\w$]*)/gm,
  ))
    names.add(m[1]);
  for (const m of text.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}(?!\s*from)/gm)) {
    for (const part of (m[1] ?? '').split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.replace(/^type\s+/, '')
        .trim();
      if (name) names.add(name);
    }
  }
  return names;
}

/** @returns {{ file: string, name: string, usedInFile: boolean }[]} */
export function deadExports() {
  const owners = ['src', 'native-host', 'extension'].flatMap(walk).filter((f) => !f.startsWith('native-host/dist/'));
  const readers = [...owners, ...walk('test'), ...walk('scripts'), 'vite.config.ts', 'vitest.config.ts'];
  const texts = new Map(readers.map((f) => [f, readFileSync(path.join(ROOT, f), 'utf8')]));
  const found = [];
  for (const file of owners) {
    if (ENTRIES.some((re) => re.test(file))) continue;
    const text = texts.get(file) ?? '';
    for (const name of exportedNames(text)) {
      if (KEPT.has(`${file} ${name}`)) continue;
      const word = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`);
      const usedElsewhere = readers.some((other) => other !== file && word.test(texts.get(other) ?? ''));
      if (usedElsewhere) continue;
      const occurrences = text.match(new RegExp(word.source, 'g'))?.length ?? 0;
      found.push({ file, name, usedInFile: occurrences > 1 });
    }
  }
  return found;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const found = deadExports();
  for (const d of found)
    console.log(`${d.file}: ${d.name}${d.usedInFile ? ' (used only in its own file: drop `export`)' : ' (unused: remove it)'}`);
  console.log(`exports: ${found.length} dead`);
  if (found.length > 0) process.exitCode = 1;
}
