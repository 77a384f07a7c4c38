/**
 * Native addons (koffi, the serialport bindings) for the single-executable host (docs/release.md).
 * Only the executable's bundle uses this file: scripts/release/build-sea.mjs maps koffi's platform
 * package and serialport's `node-gyp-build` to `loadAddon(name)`. The normal build keeps loading
 * them from node_modules.
 *
 * Where an addon comes from, in order:
 *  1. `$CARDFILL_NATIVE_DIR/<name>.node` (a person or a test points at another copy),
 *  2. the copy embedded in the executable, written once to a per-user cache folder named by its
 *     SHA-256 and hashed again before every load (the portable build; an executable that carries
 *     its own addons uses them, even beside another architecture's files),
 *  3. `<folder of the executable>/<name>.node` (the installers' layout: the file beside the program).
 */

/**
 * The Windows installers put the 32-bit build (win-ia32, addons embedded) beside the 64-bit
 * `cardfill-host.exe` under this name, so that 32-bit vendor libraries can be loaded by a
 * 32-bit process: `cardfill-host-ia32.exe sdtapi-helper`.
 */
export const WIN_IA32_HELPER_FILE = 'cardfill-host-ia32.exe';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export type AddonName = 'koffi' | 'serialport' | 'usb';

/** The per-user folder for extracted addons, as each OS names such caches. */
export function addonCacheRoot(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32') {
    const local = env['LOCALAPPDATA'] || path.win32.join(home, 'AppData', 'Local');
    // Not inside %LOCALAPPDATA%\CardFill: the installers own that folder and remove it whole.
    return path.win32.join(local, 'CardFill-cache', 'native');
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Caches', 'CardFill', 'native');
  return path.posix.join(env['XDG_CACHE_HOME'] || path.posix.join(home, '.cache'), 'cardfill', 'native');
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

interface SeaApi {
  isSea(): boolean;
  getRawAsset(key: string): ArrayBuffer;
}

function seaApi(): SeaApi | null {
  try {
    // `node:sea` exists from Node 20.12; a plain `node` run says isSea() === false.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sea = require('node:sea') as SeaApi;
    return sea.isSea() ? sea : null;
  } catch {
    return null;
  }
}

/** Where `loadAddon` would load `name` from, without loading it (for doctor and tests). */
export function resolveAddon(
  name: AddonName,
  io: { env: NodeJS.ProcessEnv; execPath: string; platform: NodeJS.Platform; home: string; sea: SeaApi | null },
): { path: string; from: 'env' | 'beside' | 'embedded' } {
  const file = `${name}.node`;
  const fromEnv = io.env['CARDFILL_NATIVE_DIR'];
  if (fromEnv && existsSync(path.join(fromEnv, file))) return { path: path.join(fromEnv, file), from: 'env' };
  let asset: Uint8Array | null = null;
  try {
    if (io.sea) asset = new Uint8Array(io.sea.getRawAsset(file));
  } catch {
    asset = null; // not embedded: the installers' layout
  }
  if (!asset) {
    const beside = path.join(path.dirname(io.execPath), file);
    if (existsSync(beside)) return { path: beside, from: 'beside' };
    throw new Error(`${file} is neither embedded in ${io.execPath} nor beside it`);
  }
  const hash = sha256(asset);
  const dir = path.join(addonCacheRoot(io.platform, io.env, io.home), hash.slice(0, 16));
  const target = path.join(dir, file);
  if (existsSync(target) && sha256(readFileSync(target)) === hash) return { path: target, from: 'embedded' };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Write beside and rename: two hosts starting at once never load a half-written file.
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, asset, { mode: 0o700 });
  renameSync(tmp, target);
  if (sha256(readFileSync(target)) !== hash) throw new Error(`${target} changed while it was written`);
  return { path: target, from: 'embedded' };
}

const loaded = new Map<AddonName, unknown>();

/** Load a native addon the way `require('x.node')` would, from the first place that has it. */
export function loadAddon(name: AddonName): unknown {
  const cached = loaded.get(name);
  if (cached) return cached;
  const where = resolveAddon(name, {
    env: process.env,
    execPath: process.execPath,
    platform: process.platform,
    home: homedir(),
    sea: seaApi(),
  });
  const module = { exports: {} as unknown };
  process.dlopen(module, where.path);
  loaded.set(name, module.exports);
  return module.exports;
}
