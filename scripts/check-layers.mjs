#!/usr/bin/env node
// @ts-check
/**
 * The layer check of docs/architecture.md (top of the file), run by `npm run lint` and by
 * test/repo/layers.test.ts. It reads every import of src/, native-host/ and extension/ and fails on an arrow
 * that points back up:
 *
 *   extension/      native-host/      (scripts/ and test/ may import anything)
 *          \            /
 *        src/fill, src/sites          DOM only; src/fill gets the site registry passed in
 *   src/card, src/sam, src/protocol   pure; src/sam knows frames, not card layouts
 *
 * dependency-cruiser would do this too, but it cannot parse TypeScript without the TypeScript compiler API,
 * which the project's TypeScript 7 does not have; static imports are simple enough to read here.
 *   node scripts/check-layers.mjs        prints each violation, exit 1 if any
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @typedef {{ name: string, why: string, from: RegExp, fromNot?: RegExp, to: (target: string) => boolean }} Rule
 * `target` is a repository path (forward slashes) for a relative import, or `pkg:NAME` for a package.
 */
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** @type {Rule[]} */
export const RULES = [
  {
    name: 'src-imports-no-app',
    why: 'src/ is shared by host and extension: it imports nothing from native-host/, extension/, scripts/ or test/',
    from: /^src\//,
    to: (t) => /^(native-host|extension|scripts|test)\//.test(t),
  },
  {
    name: 'src-no-node',
    why: 'src/ runs in the browser too: no Node built-ins and no host-side packages',
    from: /^src\//,
    to: (t) => t.startsWith('pkg:') && (NODE_BUILTINS.has(t.slice(4)) || /^pkg:(serialport|@serialport\/|koffi|usb)/.test(t)),
  },
  {
    name: 'host-not-extension',
    why: 'the host and the extension meet only through src/protocol',
    from: /^native-host\//,
    to: (t) => t.startsWith('extension/') || /^pkg:(webextension-polyfill|preact|@webext-core\/)/.test(t),
  },
  {
    name: 'extension-not-host',
    why: 'the host and the extension meet only through src/protocol',
    from: /^extension\//,
    to: (t) => t.startsWith('native-host/') || (t.startsWith('pkg:') && NODE_BUILTINS.has(t.slice(4))),
  },
  {
    name: 'sam-knows-no-card',
    why: 'src/sam is the frame codec: card layouts and decoding live in src/card',
    from: /^src\/sam\//,
    to: (t) => /^src\/(card|fill|sites|protocol)\//.test(t),
  },
  {
    name: 'core-below-fill',
    why: 'src/card, src/sam, src/protocol and src/errors.ts sit below the fill engine and the sites',
    from: /^src\/(card|sam|protocol)\/|^src\/errors\.ts$/,
    to: (t) => /^src\/(fill|sites)\//.test(t),
  },
  {
    name: 'fill-gets-sites-passed-in',
    why: 'the fill engine gets the site registry from its caller; only its build entries (callers themselves) import it',
    from: /^src\/fill\//,
    fromNot: /^src\/fill\/(standalone|inspect)\.ts$/,
    to: (t) => t.startsWith('src/sites/'),
  },
];

const SOURCE = /\.(?:ts|tsx|mts|mjs|js)$/;

/** @param {string} dir @returns {string[]} */
function walk(dir) {
  /** @type {string[]} */
  const out = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    if (name === 'node_modules' || name === 'dist') continue;
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...walk(rel));
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/**
 * The import specifiers of a module: static imports and re-exports (type-only ones too: a type is a
 * dependency) and dynamic `import('…')`. Comments are removed first.
 * @param {string} text
 * @returns {string[]}
 */
export function importsOf(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const specs = [];
  for (const m of code.matchAll(/(?:^|[;\s])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g))
    specs.push(m[1] ?? '');
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1] ?? '');
  return specs.filter(Boolean);
}

/** @param {string} from @param {string} spec */
function targetOf(from, spec) {
  if (!spec.startsWith('.')) {
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    return `pkg:${spec.startsWith('node:') ? spec : name}`;
  }
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
}

/** @returns {{ file: string, spec: string, rule: string, why: string }[]} */
export function layerViolations() {
  const files = ['src', 'native-host', 'extension'].flatMap(walk).filter((f) => !f.startsWith('native-host/dist/'));
  const found = [];
  for (const file of files) {
    for (const spec of importsOf(readFileSync(path.join(ROOT, file), 'utf8'))) {
      const target = targetOf(file, spec);
      for (const rule of RULES) {
        if (rule.from.test(file) && !rule.fromNot?.test(file) && rule.to(target))
          found.push({ file, spec, rule: rule.name, why: rule.why });
      }
    }
  }
  return found;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const found = layerViolations();
  for (const v of found) console.error(`${v.file}: imports '${v.spec}' (${v.rule}: ${v.why})`);
  console.log(found.length === 0 ? 'layers: no arrow points back up' : `layers: ${found.length} violation(s)`);
  if (found.length > 0) process.exitCode = 1;
}
