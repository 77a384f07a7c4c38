/**
 * Which extension ids a release trusts (store ids named at build time, the development id only in
 * a development build), and where the single executable loads its native addons from.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEV_CHROME_ID,
  FIREFOX_ID,
  HOST_NAME as RELEASE_HOST_NAME,
  MANIFEST_DESCRIPTION as RELEASE_DESCRIPTION,
  hostManifest,
  storeIds,
} from '../../scripts/release/common.mjs';
import { DEV_CHROME_ID as HOST_DEV_ID, FIREFOX_ID as HOST_FIREFOX_ID } from '../../native-host/install/ids';
import { MANIFEST_DESCRIPTION } from '../../native-host/install/manifest';
import { HOST_NAME } from '../../src/protocol/messages';
import { addonCacheRoot, resolveAddon } from '../../native-host/native-addon';

const STORE = 'c'.repeat(32);
const EDGE = 'd'.repeat(32);

describe('the ids a release trusts', () => {
  it('reads the same names and ids as the host', () => {
    expect(RELEASE_HOST_NAME).toBe(HOST_NAME);
    expect(DEV_CHROME_ID).toBe(HOST_DEV_ID);
    expect(FIREFOX_ID).toBe(HOST_FIREFOX_ID);
    expect(RELEASE_DESCRIPTION).toBe(MANIFEST_DESCRIPTION);
  });

  it('a development build (no store ids) allows the development id only', () => {
    const m = JSON.parse(hostManifest('chrome', '/usr/lib/cardfill/cardfill-host', {}));
    expect(m).toMatchObject({ name: HOST_NAME, type: 'stdio', path: '/usr/lib/cardfill/cardfill-host' });
    expect(m.allowed_origins).toEqual([`chrome-extension://${DEV_CHROME_ID}/`]);
    expect(storeIds({}).development).toBe(true);
  });

  it('a store build allows the Chrome Web Store and Edge ids and not the development id', () => {
    const env = { RELEASE_CHROME_IDS: STORE, RELEASE_EDGE_IDS: ` ${EDGE} ,` };
    const m = JSON.parse(hostManifest('chrome', 'cardfill-host.exe', env));
    expect(m.allowed_origins).toEqual([`chrome-extension://${STORE}/`, `chrome-extension://${EDGE}/`]);
    expect(JSON.stringify(m)).not.toContain(DEV_CHROME_ID);
    expect(storeIds(env)).toMatchObject({ chrome: [STORE], edge: [EDGE], development: false });
    const f = JSON.parse(hostManifest('firefox', 'cardfill-host.exe', env));
    expect(f.allowed_extensions).toEqual([FIREFOX_ID]);
    expect(f.allowed_origins).toBeUndefined();
  });

  it('refuses a store id that is not a Chrome extension id', () => {
    expect(() => storeIds({ RELEASE_CHROME_IDS: 'not-an-id' })).toThrow(/not a Chrome extension id/);
    expect(() => storeIds({ RELEASE_EDGE_IDS: 'A'.repeat(32) })).toThrow(/32 letters/);
  });
});

describe('native addons of the single executable', () => {
  const dirs: string[] = [];
  const temp = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'cardfill-addon-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const fakeSea = (assets: Record<string, Uint8Array>) => ({
    isSea: () => true,
    getRawAsset: (key: string) => {
      const a = assets[key];
      if (!a) throw new Error('no such asset');
      return a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength) as ArrayBuffer;
    },
  });

  it('names a per-user cache folder on each OS, outside the installed folder on Windows', () => {
    expect(addonCacheRoot('linux', {}, '/home/a')).toBe('/home/a/.cache/cardfill/native');
    expect(addonCacheRoot('linux', { XDG_CACHE_HOME: '/x' }, '/home/a')).toBe('/x/cardfill/native');
    expect(addonCacheRoot('darwin', {}, '/Users/a')).toBe('/Users/a/Library/Caches/CardFill/native');
    expect(addonCacheRoot('win32', { LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'C:\\Users\\a')).toBe(
      'C:\\Users\\a\\AppData\\Local\\CardFill-cache\\native',
    );
  });

  it('extracts an embedded addon once into a folder named by its hash, and rewrites a tampered copy', () => {
    const home = temp();
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    const io = {
      env: { XDG_CACHE_HOME: path.join(home, 'cache') },
      execPath: path.join(home, 'bin/cardfill-host'),
      platform: 'linux' as const,
      home,
      sea: fakeSea({ 'koffi.node': bytes }),
    };
    const first = resolveAddon('koffi', io);
    const hash = createHash('sha256').update(bytes).digest('hex');
    expect(first).toEqual({ from: 'embedded', path: path.join(home, 'cache/cardfill/native', hash.slice(0, 16), 'koffi.node') });
    expect([...readFileSync(first.path)]).toEqual([...bytes]);
    writeFileSync(first.path, 'tampered');
    expect(resolveAddon('koffi', io).path).toBe(first.path);
    expect([...readFileSync(first.path)]).toEqual([...bytes]);
  });

  it('prefers CARDFILL_NATIVE_DIR, then the embedded copy, then the file beside the executable', () => {
    const home = temp();
    mkdirSync(path.join(home, 'bin'));
    mkdirSync(path.join(home, 'override'));
    writeFileSync(path.join(home, 'bin/serialport.node'), 'beside');
    writeFileSync(path.join(home, 'override/serialport.node'), 'override');
    const base = {
      env: { XDG_CACHE_HOME: path.join(home, 'cache') },
      execPath: path.join(home, 'bin/cardfill-host'),
      platform: 'linux' as const,
      home,
    };
    expect(
      resolveAddon('serialport', { ...base, env: { ...base.env, CARDFILL_NATIVE_DIR: path.join(home, 'override') }, sea: null }),
    ).toMatchObject({ from: 'env' });
    expect(resolveAddon('serialport', { ...base, sea: fakeSea({ 'serialport.node': new Uint8Array([9]) }) })).toMatchObject({
      from: 'embedded',
    });
    expect(resolveAddon('serialport', { ...base, sea: fakeSea({}) })).toEqual({
      from: 'beside',
      path: path.join(home, 'bin/serialport.node'),
    });
    expect(resolveAddon('serialport', { ...base, sea: null })).toMatchObject({ from: 'beside' });
    expect(() => resolveAddon('koffi', { ...base, sea: null })).toThrow(/neither embedded in .* nor beside it/);
  });
});
