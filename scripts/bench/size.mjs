// 5. Sizes of what the browser loads: the content script, the popup and the background, each with
// every file it pulls in (static and dynamic imports, the popup's scripts, preloads and styles),
// minified (esbuild; the build already minifies, so this only normalises) and gzipped (level 9),
// per file, summed. Goal: content script ≤ 20 KiB gzipped. The host bundle is listed for reference.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';
import { ROOT } from './lib/paths.mjs';

const DIST = path.join(ROOT, 'dist');
const CONTENT_GOAL_BYTES = 20 * 1024;
/** Bundles the background adds to the content script only on pages that need them. */
const OPTIONAL = ['extension/content-widgets.js', 'extension/content-countries.js'];

/** Files a JS or HTML file pulls in, resolved against the dist tree ('/x' = dist root). */
function dependencies(file, text) {
  const refs = [];
  if (file.endsWith('.js') || file.endsWith('.mjs')) {
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+\.m?js)["']/g)) refs.push(m[1]);
  } else if (file.endsWith('.html')) {
    for (const m of text.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)=["']([^"']+)["']/g)) refs.push(m[1]);
  }
  return refs
    .filter((r) => !/^[a-z]+:/i.test(r))
    .map((r) => (r.startsWith('/') ? path.join(DIST, r) : path.resolve(path.dirname(file), r)))
    .filter((f) => f.startsWith(DIST) && existsSync(f));
}

function closure(entry) {
  const seen = new Set();
  const todo = [entry];
  while (todo.length) {
    const f = todo.pop();
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...dependencies(f, readFileSync(f, 'utf8')));
  }
  return [...seen];
}

async function minified(file) {
  const text = readFileSync(file, 'utf8');
  const ext = path.extname(file);
  if (ext === '.js' || ext === '.mjs')
    return (await transform(text, { minify: true, loader: 'js', charset: 'utf8', legalComments: 'none' })).code;
  if (ext === '.css') return (await transform(text, { minify: true, loader: 'css', charset: 'utf8' })).code;
  return text;
}

async function measure(entry) {
  const files = closure(entry);
  let raw = 0;
  let min = 0;
  let gz = 0;
  for (const f of files) {
    const text = await minified(f);
    raw += readFileSync(f).length;
    min += Buffer.byteLength(text);
    gz += gzipSync(text, { level: 9 }).length;
  }
  return { files: files.map((f) => path.relative(ROOT, f)).sort(), rawBytes: raw, minBytes: min, minGzipBytes: gz };
}

/**
 * Where the content script's bytes come from: the same entry bundled by esbuild with a metafile,
 * grouped by npm package or source folder. Approximate (the shipped file comes from vite's bundler),
 * but it says what to cut when the goal is missed.
 */
async function contentBreakdown() {
  const entry = path.join(ROOT, 'extension/content.ts');
  if (!existsSync(entry)) return null;
  try {
    const r = await build({
      entryPoints: [entry],
      absWorkingDir: ROOT,
      bundle: true,
      minify: true,
      write: false,
      metafile: true,
      format: 'iife',
      charset: 'utf8',
      logLevel: 'silent',
      define: { 'import.meta.env.DEV': 'false', 'import.meta.env.PROD': 'true', __CARDFILL_LAZY_COUNTRIES__: 'true' },
    });
    const output = Object.values(r.metafile.outputs)[0];
    const groups = new Map();
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const key = pkg ? `npm:${pkg[1]}` : path.dirname(input);
      groups.set(key, (groups.get(key) ?? 0) + bytesInOutput);
    }
    return {
      minBytes: output.bytes,
      byOrigin: Object.fromEntries([...groups].sort((a, b) => b[1] - a[1]).slice(0, 8)),
      note: 'esbuild re-bundle of extension/content.ts for attribution only; minified bytes before gzip',
    };
  } catch (e) {
    return { error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}

export async function benchSizes() {
  const manifest = JSON.parse(readFileSync(path.join(DIST, 'manifest.json'), 'utf8'));
  const background = manifest.background?.service_worker;
  const popup = manifest.action?.default_popup;
  const contentScripts = (manifest.content_scripts ?? []).flatMap((c) => c.js ?? []);
  // CardFill injects its content script on demand (scripting + activeTab), so it is not in the manifest.
  const content = contentScripts[0] ?? 'extension/content.js';
  const out = {
    content: await measure(path.join(DIST, content)),
    // The content script's optional bundles, which the background injects into the same frame only where the page
    // needs them (src/fill/drivers/registry.ts): not part of the core the goal is about.
    optional: Object.fromEntries(
      await Promise.all(
        OPTIONAL.filter((f) => existsSync(path.join(DIST, f))).map(async (f) => [
          path.basename(f, '.js'),
          await measure(path.join(DIST, f)),
        ]),
      ),
    ),
    popup: await measure(path.join(DIST, popup)),
    background: await measure(path.join(DIST, background)),
  };
  const host = path.join(ROOT, 'native-host/dist/cardfill-host.mjs');
  if (existsSync(host)) out.hostBundle = { files: ['native-host/dist/cardfill-host.mjs'], rawBytes: readFileSync(host).length };
  out.contentBreakdown = await contentBreakdown();
  out.goal = { contentMinGzipBytes: CONTENT_GOAL_BYTES, met: out.content.minGzipBytes <= CONTENT_GOAL_BYTES, unit: 'KiB = 1024 bytes' };
  return out;
}
