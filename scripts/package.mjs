#!/usr/bin/env node
// `npm run package`: the release artefacts, reproducibly (same sources + SOURCE_DATE_EPOCH → same bytes).
//   artifacts/cardfill-chrome-<version>.zip    Chrome / Edge store upload (release build: no dev key, no localhost)
//   artifacts/cardfill-firefox-<version>.zip   AMO upload (TARGET_BROWSER=firefox release build, web-ext lint clean)
//   artifacts/cardfill-host-<version>.tar.gz   the bundled host + README + package.json (npm-installable)
// Flags: --out DIR (default artifacts), --no-build (package the last staged build), --no-lint.
// Reproducibility (as Web eID's build does, docs/prior-art.md §A1 "Testing"): every archive entry
// gets the SOURCE_DATE_EPOCH time (default: the last commit's time), entries are sorted, modes are
// fixed, and no builder name, user or host ends up in the archives.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------
// Archive writers (no dependency: a zip and a ustar writer for regular files are short).

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** MS-DOS date/time of the epoch, read as UTC (zip has no time zone; 1980 is the earliest it holds). */
function dosDateTime(epochSeconds) {
  const d = new Date(Math.max(epochSeconds, 315532800) * 1000);
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  return { time, date };
}

function sortedEntries(entries) {
  const names = new Set();
  for (const e of entries) {
    if (!e.name || e.name.startsWith('/') || e.name.split('/').includes('..')) throw new Error(`Unsafe archive path: ${e.name}`);
    if (names.has(e.name)) throw new Error(`Duplicate archive path: ${e.name}`);
    names.add(e.name);
  }
  // Byte order of the UTF-8 names, not locale order, so every machine sorts alike.
  return [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
}

/**
 * A zip (PKWARE APPNOTE 6.3: local headers, central directory, end record) of regular files.
 * entries: [{ name: 'a/b.js', data: Buffer, mode?: 0o644 }]. Deflate, or store when that is smaller.
 */
export function writeZip(entries, epochSeconds) {
  const { time, date } = dosDateTime(epochSeconds);
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const entry of sortedEntries(entries)) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.from(entry.data);
    const deflated = deflateRawSync(data, { level: 9 });
    const method = deflated.length < data.length ? 8 : 0;
    const body = method === 8 ? deflated : data;
    const crc = crc32(data);
    const flags = 0x0800; // names are UTF-8
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0 — so the mode below is read
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | (entry.mode ?? 0o644)) << 16) >>> 0, 38); // regular file + permissions
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const centralDir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDir, end]);
}

function tarHeader(name, size, mode, epochSeconds) {
  const h = Buffer.alloc(512);
  const put = (s, at, len) => h.write(s, at, len, 'utf8');
  const octal = (n, len) => n.toString(8).padStart(len - 1, '0') + '\0';
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`Path too long for ustar: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  put(base, 0, 100);
  put(octal(mode, 8), 100, 8);
  put(octal(0, 8), 108, 8); // uid
  put(octal(0, 8), 116, 8); // gid
  put(octal(size, 12), 124, 12);
  put(octal(Math.max(0, epochSeconds), 12), 136, 12);
  put('        ', 148, 8); // checksum placeholder: spaces
  put('0', 156, 1); // regular file
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put('root', 265, 32);
  put('root', 297, 32);
  put(prefix, 345, 155);
  let sum = 0;
  for (const byte of h) sum += byte;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

/** A gzip'd ustar archive of regular files, byte-identical for identical input (gzip header time 0, OS byte fixed). */
export function writeTarGz(entries, epochSeconds) {
  const parts = [];
  for (const entry of sortedEntries(entries)) {
    const data = Buffer.from(entry.data);
    parts.push(
      tarHeader(entry.name, data.length, entry.mode ?? 0o644, epochSeconds),
      data,
      Buffer.alloc((512 - (data.length % 512)) % 512),
    );
  }
  parts.push(Buffer.alloc(1024));
  const gz = gzipSync(Buffer.concat(parts), { level: 9 });
  gz[9] = 3; // OS = Unix, whatever zlib was built for
  return gz;
}

// ---------------------------------------------------------------------------------------------
// Release checks: what must never ship.

function filesUnder(dir, base = dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, base));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

const LOCALHOST = /(^|[/.:])(localhost|127\.0\.0\.1|\[::1\])([:/]|$)/i;
const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|file:)/;
const TEXT = /\.(js|mjs|cjs|css|html|json|map|txt|md|svg)$/;

/**
 * Problems in a built extension folder: the dev `key` (it would pin the store build to the public
 * dev id), localhost access (only the dev build reaches the fixture pages), source maps with
 * absolute paths (they leak the builder's folders and break reproducibility), or a build
 * folder's absolute path anywhere in the text files.
 */
export function releaseProblems(dir, buildRoots = [root]) {
  const problems = [];
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  if ('key' in manifest) problems.push('manifest.json carries a "key" (the development key)');
  const patterns = [
    ...(manifest.permissions ?? []),
    ...(manifest.host_permissions ?? []),
    ...(manifest.optional_permissions ?? []),
    ...(manifest.optional_host_permissions ?? []),
    ...(manifest.content_scripts ?? []).flatMap((c) => c.matches ?? []),
    ...(manifest.web_accessible_resources ?? []).flatMap((w) => w.matches ?? []),
    ...(manifest.externally_connectable?.matches ?? []),
  ];
  for (const p of patterns) if (typeof p === 'string' && LOCALHOST.test(p)) problems.push(`manifest.json grants access to ${p}`);
  for (const file of filesUnder(dir)) {
    if (!TEXT.test(file)) continue;
    const text = readFileSync(path.join(dir, file), 'utf8');
    const maps = [];
    if (file.endsWith('.map')) maps.push(text);
    for (const m of text.matchAll(/sourceMappingURL=data:application\/json;(?:charset=[^;,]+;)?base64,([A-Za-z0-9+/=]+)/g)) {
      maps.push(Buffer.from(m[1], 'base64').toString('utf8'));
    }
    for (const mapText of maps) {
      let map;
      try {
        map = JSON.parse(mapText);
      } catch {
        problems.push(`${file}: unreadable source map`);
        continue;
      }
      const absolute = [map.sourceRoot, ...(map.sources ?? [])].filter((s) => typeof s === 'string' && ABSOLUTE.test(s));
      if (absolute.length) problems.push(`${file}: source map with absolute paths (${absolute[0]})`);
    }
    for (const buildRoot of buildRoots) if (text.includes(buildRoot)) problems.push(`${file}: contains the build folder path ${buildRoot}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

function sourceDateEpoch() {
  const given = process.env.SOURCE_DATE_EPOCH;
  if (given !== undefined) {
    if (!/^\d+$/.test(given)) throw new Error(`SOURCE_DATE_EPOCH must be whole seconds, got "${given}"`);
    return Number(given);
  }
  try {
    return Number(execFileSync('git', ['log', '-1', '--format=%ct'], { cwd: root, encoding: 'utf8' }).trim());
  } catch {
    return 315532800; // 1980-01-01, the earliest zip time
  }
}

function folderEntries(dir) {
  return filesUnder(dir).map((name) => ({ name, data: readFileSync(path.join(dir, name)), mode: 0o644 }));
}

function hostReadme(version) {
  return `# CardFill host ${version}

The native messaging host of the CardFill browser extension: it reads Chinese identity cards from a
desktop reader and hands them to the extension. Node.js 20.19 or newer is needed.

## Install / 安装

    npm install -g ./cardfill-host-${version}.tar.gz     # or: unpack, then npm install in the folder
    cardfill-host install                                # registers the host with every browser, no admin rights

\`cardfill-host install --browser chrome\` limits it to one browser (chrome, chromium, edge, brave,
firefox); \`--extension-id ID\` allows another extension id; \`--system\` registers it for every user
(root/administrator); \`--dry-run\` prints every file and registry key without changing anything.

## Check / 检查

    cardfill-host doctor          # which browsers are registered, host version, readers, last error, what to do
    cardfill-host doctor --json

## Uninstall / 卸载

    cardfill-host uninstall
    npm uninstall -g cardfill-host

Real readers use the optional packages serialport (serial readers) and koffi (vendor SDT libraries);
npm installs them with the package. The simulated reader needs neither.
`;
}

function hostPackageJson(rootPackage) {
  const pick = (name) => rootPackage.dependencies?.[name];
  return `${JSON.stringify(
    {
      name: 'cardfill-host',
      version: rootPackage.version,
      description: 'CardFill native messaging host: reads Chinese identity cards for the CardFill browser extension',
      license: rootPackage.license,
      type: 'module',
      engines: rootPackage.engines,
      bin: { 'cardfill-host': 'cardfill-host.mjs' },
      // The bundle loads these native addons only when a real reader is used (scripts/build.mjs externals).
      optionalDependencies: { koffi: pick('koffi'), serialport: pick('serialport') },
    },
    null,
    2,
  )}\n`;
}

/** Top-level entries of the project that a release build reads (everything but outputs and VCS). */
const NOT_STAGED = new Set(['.git', 'dist', 'dist-firefox', 'artifacts', '.tmp', 'node_modules', 'test']);

/**
 * Build both extensions in release mode inside a staging copy of the project, so the
 * development builds in dist/ and dist-firefox/ (which the tests load) are never overwritten:
 * vite-plugin-web-extension builds each entry with the project's vite.config.ts again, so an
 * outDir given here would not reach those inner builds, but a different working folder does.
 * Returns the two build folders.
 */
export function buildExtensions(stage, sources = root) {
  const tree = path.join(stage, 'tree');
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  // Sources are copied (vite resolves symlinks, and an HTML entry outside the root is refused);
  // node_modules is linked (read only, and large).
  for (const name of readdirSync(sources)) {
    if (!NOT_STAGED.has(name))
      cpSync(path.join(sources, name), path.join(tree, name), {
        recursive: true,
        dereference: true,
        filter: (src) => !/[\\/](dist|dist-firefox)$/.test(src),
      });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
  const script = "const { build } = await import('vite'); await build({ configFile: 'vite.config.ts', logLevel: 'warn' });";
  for (const browser of ['chrome', 'firefox']) {
    process.stdout.write(`package: ${browser} release build (CARDFILL_RELEASE=1 TARGET_BROWSER=${browser})\n`);
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: tree,
      stdio: 'inherit',
      // NODE_ENV=production whatever the caller's: under NODE_ENV=test or development the Preact
      // preset compiles JSX with each file's absolute path (found when vitest ran this).
      env: { ...process.env, NODE_ENV: 'production', TARGET_BROWSER: browser, CARDFILL_RELEASE: '1' },
    });
  }
  return { chrome: path.join(tree, 'dist'), firefox: path.join(tree, 'dist-firefox') };
}

/**
 * The one lint message a desktop-only add-on gets: without `gecko_android` the linter applies the
 * desktop minimum version to Firefox for Android. CardFill is not offered for Android (native
 * messaging does not exist there; docs/release.md), so that message is about a platform it does not ship to.
 */
export const ANDROID_ONLY_LINT_CODES = ['KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION'];

function lintFirefox(dir) {
  process.stdout.write('package: web-ext lint --warnings-as-errors (Firefox build)\n');
  const bin = path.join(root, 'node_modules/.bin/web-ext');
  let out;
  try {
    out = execFileSync(bin, ['lint', '--source-dir', dir, '--warnings-as-errors', '--no-input', '--output', 'json'], {
      cwd: root,
      encoding: 'utf8',
    });
  } catch (e) {
    out = /** @type {{ stdout?: string }} */ (e).stdout ?? '';
  }
  let report;
  try {
    report = JSON.parse(out);
  } catch {
    process.stdout.write(out);
    return false;
  }
  const messages = [...report.errors, ...report.warnings, ...report.notices].filter((m) => !ANDROID_ONLY_LINT_CODES.includes(m.code));
  for (const m of messages) process.stdout.write(`package: web-ext lint: ${m.code}: ${m.message} (${m.file ?? ''})\n`);
  return messages.length === 0;
}

/**
 * Build (unless told not to), check, and write the three archives into `out`.
 * `buildHost: false` packages the host bundle already built (the tests do, so they never rebuild
 * a file other tests may be running); `build: false` also reuses the staged extension builds;
 * `sources` builds from another copy of the project (a staged tree, to rebuild the very same sources).
 */
export async function packageRelease({
  out = path.join(root, 'artifacts'),
  build = true,
  buildHost = build,
  lint = true,
  hostBundle = path.join(root, 'native-host/dist/cardfill-host.mjs'),
  sources = root,
} = {}) {
  const rootPackage = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const version = rootPackage.version;
  const epoch = sourceDateEpoch();
  const stage = path.join(out, 'stage');
  if (buildHost) {
    process.stdout.write('package: host bundle (scripts/build.mjs --host-only)\n');
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--host-only'], { cwd: root, stdio: 'inherit' });
  }
  const dirs = build
    ? buildExtensions(stage, sources)
    : { chrome: path.join(stage, 'tree', 'dist'), firefox: path.join(stage, 'tree', 'dist-firefox') };
  for (const [browser, dir] of Object.entries(dirs)) {
    if (!existsSync(path.join(dir, 'manifest.json'))) throw new Error(`No ${browser} build in ${dir}: run without --no-build`);
  }
  if (!existsSync(hostBundle)) throw new Error(`No host bundle at ${hostBundle}: run without --no-build`);

  const problems = [
    ...releaseProblems(dirs.chrome, [root, path.dirname(dirs.chrome)]).map((p) => `chrome: ${p}`),
    ...releaseProblems(dirs.firefox, [root, path.dirname(dirs.firefox)]).map((p) => `firefox: ${p}`),
  ];
  const hostText = readFileSync(hostBundle, 'utf8');
  if (hostText.includes(root)) problems.push(`host: the bundle contains the build folder path ${root}`);
  if (problems.length) throw new Error(`The release build is not fit to ship:\n  ${problems.join('\n  ')}`);
  if (lint && !lintFirefox(dirs.firefox)) throw new Error('web-ext lint found problems in the Firefox build (see above)');

  mkdirSync(out, { recursive: true });
  const prefix = `cardfill-host-${version}`;
  const archives = {
    [`cardfill-chrome-${version}.zip`]: writeZip(folderEntries(dirs.chrome), epoch),
    [`cardfill-firefox-${version}.zip`]: writeZip(folderEntries(dirs.firefox), epoch),
    [`${prefix}.tar.gz`]: writeTarGz(
      [
        { name: `${prefix}/cardfill-host.mjs`, data: Buffer.from(hostText), mode: 0o755 },
        { name: `${prefix}/README.md`, data: Buffer.from(hostReadme(version)), mode: 0o644 },
        { name: `${prefix}/package.json`, data: Buffer.from(hostPackageJson(rootPackage)), mode: 0o644 },
      ],
      epoch,
    ),
  };
  const written = [];
  for (const [name, bytes] of Object.entries(archives)) {
    const file = path.join(out, name);
    writeFileSync(file, bytes);
    chmodSync(file, 0o644);
    written.push({ file, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  return { epoch, written };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? path.resolve(args[outIndex + 1] ?? '') : undefined;
  try {
    const { epoch, written } = await packageRelease({ out, build: !args.includes('--no-build'), lint: !args.includes('--no-lint') });
    process.stdout.write(`package: SOURCE_DATE_EPOCH=${epoch}\n`);
    for (const w of written)
      process.stdout.write(`package: ${path.relative(process.cwd(), w.file)}  ${w.bytes} bytes  sha256 ${w.sha256}\n`);
  } catch (e) {
    process.stderr.write(`package: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
