#!/usr/bin/env node
// Builds `cardfill-host` as one executable (Node's single executable applications + postject):
//   node scripts/release/build-sea.mjs [--target linux-x64,win-x64,win-ia32,darwin-x64,darwin-arm64|all]
//                                      [--addons embed|beside|both] [--no-strip]
// Output: .tmp/sea/<target>/<embed|beside>/cardfill-host[.exe] (+ koffi.node, serialport.node, usb.node when beside).
// The embedded Node is the pinned one of scripts/release/pins.mjs, for every target; the blob is made
// by that same Node version (the blob format belongs to the Node that reads it). Same inputs → same
// bytes: no time stamps, fixed file order, code cache only where it is deterministic (checked by
// test/release). See docs/release.md for what each target was checked with.
import { build as esbuild } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { fetchPinned, sha256File } from './fetch.mjs';
import { KOFFI_VERSION, NODE_VERSION, TARGETS, USB_VERSION } from './pins.mjs';
import { storeIds } from './common.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The fuse every Node SEA-capable binary carries; postject flips it. */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;

/**
 * esbuild plugin: the bundle must be one CommonJS file whose require() reaches built-ins only.
 * koffi → its CommonJS entry (its ESM entry loads the addon through import.meta.url, undefined here);
 * koffi's per-platform package and serialport's node-gyp-build → native-host/native-addon.ts.
 */
const addonPlugin = {
  name: 'cardfill-native-addons',
  setup(b) {
    const addonModule = path.join(root, 'native-host/native-addon.ts');
    b.onResolve({ filter: /^koffi$/ }, () => ({ path: path.join(root, 'node_modules/koffi/index.cjs') }));
    b.onResolve({ filter: /^@koromix\/koffi-/ }, () => ({ path: 'koffi', namespace: 'cardfill-addon' }));
    b.onResolve({ filter: /^node-gyp-build$/ }, () => ({ path: 'serialport', namespace: 'cardfill-addon' }));
    // usb (napi-rs) asks for its per-platform package and that package's version: both answered here.
    b.onResolve({ filter: /^@node-usb\/usb-[^/]+\/package\.json$/ }, () => ({ path: 'usb-version', namespace: 'cardfill-addon' }));
    b.onResolve({ filter: /^@node-usb\/usb-[^/]+$/ }, () => ({ path: 'usb', namespace: 'cardfill-addon' }));
    const loaders = {
      koffi: `module.exports = loadAddon('koffi');`,
      serialport: `module.exports = () => loadAddon('serialport');`,
      usb: `module.exports = loadAddon('usb');`,
      'usb-version': `module.exports = { version: ${JSON.stringify(USB_VERSION)} };`,
    };
    b.onLoad({ filter: /.*/, namespace: 'cardfill-addon' }, (args) => ({
      contents: `import { loadAddon } from ${JSON.stringify(addonModule)}; ${loaders[/** @type {keyof typeof loaders} */ (args.path)]}`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

/**
 * The store ids this release trusts (Chrome Web Store and Edge Add-ons assign them on first upload),
 * from RELEASE_CHROME_IDS and RELEASE_EDGE_IDS (comma-separated). None → a development build that
 * trusts the development key's id (native-host/callers.ts).
 */
export function releaseChromeIds(env = process.env) {
  return storeIds(env).all;
}

export async function bundleForSea(outfile, trustedIds = releaseChromeIds()) {
  await esbuild({
    entryPoints: [path.join(root, 'native-host/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: `node${NODE_VERSION.split('.')[0]}`,
    format: 'cjs',
    define: { __CARDFILL_VERSION__: JSON.stringify(version), __CARDFILL_RELEASE_CHROME_IDS__: JSON.stringify(trustedIds.join(',')) },
    plugins: [addonPlugin],
    legalComments: 'none',
    logLevel: 'warning',
    absWorkingDir: root,
  });
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r;
}

/** Paths of the addon files for a target. */
export function addonFiles(targetName) {
  const t = TARGETS[targetName];
  const koffiPkg = fetchPinned(`${t.koffi[0]}@${KOFFI_VERSION}`);
  return {
    'koffi.node': path.join(koffiPkg, t.koffi[1], 'koffi.node'),
    'serialport.node': path.join(root, 'node_modules/@serialport/bindings-cpp/prebuilds', t.serialport),
    'usb.node': path.join(fetchPinned(`${t.usb[0]}@${USB_VERSION}`), t.usb[1]),
  };
}

/** The Linux x64 Node of the pinned version: it writes the blobs of every target. */
function blobNode() {
  return path.join(fetchPinned(`${TARGETS['linux-x64'].node}@${NODE_VERSION}`), TARGETS['linux-x64'].nodeFile);
}

/**
 * Build one target in one addon layout. Returns { exe, files, sha256, bytes }.
 * `strip` applies to Linux only (binutils strip; the official binary keeps its symbols).
 */
export async function buildSea(targetName, { addons = 'embed', strip = true, outRoot: outRootGiven = path.join(root, '.tmp/sea') } = {}) {
  const outRoot = path.resolve(outRootGiven);
  const t = TARGETS[targetName];
  if (!t) throw new Error(`Unknown target ${targetName}; one of ${Object.keys(TARGETS).join(', ')}`);
  const started = Date.now();
  const dir = path.join(outRoot, targetName, addons);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const work = path.join(outRoot, targetName, `.work-${addons}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });

  const main = path.join(work, 'cardfill-host.cjs');
  await bundleForSea(main);
  const files = addonFiles(targetName);
  for (const f of Object.values(files)) if (!existsSync(f)) throw new Error(`missing addon ${f}`);
  const onThisMachine = targetName === 'linux-x64' && process.platform === 'linux' && process.arch === 'x64';
  // Paths relative to the work folder, so the blob is the same wherever the tree is checked out.
  const config = {
    main: 'cardfill-host.cjs',
    output: 'sea-prep.blob',
    disableExperimentalSEAWarning: true,
    // V8's code cache (only valid for the platform that made it) differs from build to build, so it
    // is off unless asked for (CARDFILL_SEA_CODE_CACHE=1): reproducible bytes matter more than ~5 ms.
    useCodeCache: onThisMachine && process.env.CARDFILL_SEA_CODE_CACHE === '1',
    useSnapshot: false,
    ...(addons === 'embed' ? { assets: files } : {}),
  };
  writeFileSync(path.join(work, 'sea-config.json'), `${JSON.stringify(config, null, 2)}\n`);
  run(blobNode(), ['--experimental-sea-config', path.join(work, 'sea-config.json')], { cwd: work });

  const nodeBin = path.join(fetchPinned(`${t.node}@${NODE_VERSION}`), t.nodeFile);
  const exe = path.join(dir, t.exe);
  copyFileSync(nodeBin, exe);
  chmodSync(exe, 0o755);
  let stripped = false;
  if (strip && t.os === 'linux' && spawnSync('strip', ['--version']).status === 0) {
    run('strip', ['--strip-all', exe]);
    stripped = true;
  }
  const postject = path.join(root, 'node_modules/postject/dist/cli.js');
  const args = [postject, exe, 'NODE_SEA_BLOB', path.join(work, config.output), '--sentinel-fuse', SEA_FUSE];
  if (t.os === 'darwin') args.push('--macho-segment-name', 'NODE_SEA');
  // postject prints harmless "Can't find string offset for section name" warnings on ELF.
  run(process.execPath, args);
  chmodSync(exe, 0o755);
  if (addons === 'beside') for (const [name, from] of Object.entries(files)) copyFileSync(from, path.join(dir, name));
  rmSync(work, { recursive: true, force: true });
  const out = [exe, ...(addons === 'beside' ? Object.keys(files).map((n) => path.join(dir, n)) : [])];
  return {
    target: targetName,
    addons,
    dir,
    exe,
    node: NODE_VERSION,
    stripped,
    codeCache: config.useCodeCache,
    files: out.map((f) => ({ path: f, bytes: readFileSync(f).length, sha256: sha256File(f) })),
    seconds: (Date.now() - started) / 1000,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : dflt;
  };
  const targetArg = opt('target', 'linux-x64');
  const targets = targetArg === 'all' ? Object.keys(TARGETS) : targetArg.split(',');
  const layouts = opt('addons', 'embed') === 'both' ? ['embed', 'beside'] : [opt('addons', 'embed')];
  for (const target of targets) {
    for (const addons of layouts) {
      const r = await buildSea(target, { addons, strip: !argv.includes('--no-strip') });
      const exe = r.files[0];
      process.stdout.write(
        `build-sea: ${target} (${addons}) → ${path.relative(root, exe.path)} ${(exe.bytes / 1e6).toFixed(1)} MB sha256 ${exe.sha256.slice(0, 16)}… in ${r.seconds.toFixed(1)} s\n`,
      );
    }
  }
}
