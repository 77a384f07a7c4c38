#!/usr/bin/env node
// Builds everything a user or a test runs:
//   dist/                      the Chrome/Edge extension (vite + vite-plugin-web-extension)
//   dist/fill-engine.js        the fill engine as one script defining globalThis.CardFillEngine
//   native-host/dist/cardfill-host.mjs   the host as one self-contained file with a shebang
//   dist-firefox/              the Firefox build of the same extension
// Flags: --chrome-only (skip Firefox), --release (no dev key, no localhost access), --host-only.
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const args = new Set(process.argv.slice(2));
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
const started = Date.now();
const step = (what) => process.stdout.write(`build: ${what}\n`);

export async function buildHost() {
  step('native host → native-host/dist/cardfill-host.mjs');
  await esbuild({
    entryPoints: ['native-host/main.ts'],
    outfile: 'native-host/dist/cardfill-host.mjs',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Native addons load lazily, only when a real reader is used (quick start-up).
    external: ['serialport', '@serialport/*', 'koffi', 'usb', '@node-usb/*'],
    define: { __CARDFILL_VERSION__: JSON.stringify(version) },
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __cardfillCreateRequire } from 'node:module';\nconst require = __cardfillCreateRequire(import.meta.url);",
    },
    legalComments: 'none',
    logLevel: 'warning',
  });
  chmodSync('native-host/dist/cardfill-host.mjs', 0o755);
}

async function buildExtension(browser) {
  step(
    `extension (${browser}${process.env.CARDFILL_RELEASE === '1' ? ', release' : ''}) → ${browser === 'firefox' ? 'dist-firefox' : 'dist'}/`,
  );
  process.env.TARGET_BROWSER = browser;
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

async function buildFillEngine(outDir) {
  if (!existsSync('src/fill/standalone.ts')) return;
  step(`fill engine → ${outDir}/fill-engine.js`);
  await esbuild({
    entryPoints: ['src/fill/standalone.ts'],
    outfile: `${outDir}/fill-engine.js`,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (args.has('--release')) process.env.CARDFILL_RELEASE = '1';
// The site registry's profile list (src/sites/all.ts) follows the profile files.
if (spawnSync(process.execPath, ['scripts/gen-sites.mjs'], { stdio: 'inherit' }).status !== 0) process.exit(1);
await buildHost();
if (!args.has('--host-only')) {
  await buildExtension('chrome');
  await buildFillEngine('dist');
  if (!args.has('--chrome-only')) await buildExtension('firefox');
}
step(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
