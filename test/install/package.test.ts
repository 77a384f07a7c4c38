/**
 * Release packaging (`npm run package`, scripts/package.mjs): archives any unzip/tar can read,
 * byte-identical for the same input and SOURCE_DATE_EPOCH, and release builds that carry no dev
 * key, no localhost access and no source maps with absolute paths.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { crc32 as zlibCrc32, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANDROID_ONLY_LINT_CODES, crc32, packageRelease, releaseProblems, writeTarGz, writeZip } from '../../scripts/package.mjs';
import { toolMissing } from '../tools';

type Entry = { name: string; data: Buffer; mode?: number };
const zip = writeZip as (entries: Entry[], epoch: number) => Buffer;
const tarGz = writeTarGz as (entries: Entry[], epoch: number) => Buffer;
const problemsOf = releaseProblems as (dir: string, buildRoots?: string[]) => string[];

/** An independent reader: walks the central directory, inflates each entry and checks its CRC with zlib's. */
function readZip(buf: Buffer): Array<{ name: string; data: Buffer; mode: number; time: number; date: number }> {
  const end = buf.length - 22;
  expect(buf.readUInt32LE(end)).toBe(0x06054b50);
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(at)).toBe(0x02014b50);
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    expect(buf.readUInt32LE(local)).toBe(0x04034b50);
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const body = buf.subarray(dataStart, dataStart + size);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    expect(zlibCrc32(data), name).toBe(crc);
    out.push({ name, data, mode: buf.readUInt32LE(at + 38) >>> 16, time: buf.readUInt16LE(at + 12), date: buf.readUInt16LE(at + 14) });
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return out;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const EPOCH = 1764230400; // 2025-11-27 08:00:00 UTC
const tmp = mkdtempSync(join(tmpdir(), 'cardfill-package-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('archive writers', () => {
  const files: Entry[] = [
    { name: 'manifest.json', data: Buffer.from('{"manifest_version":3}\n') },
    { name: 'extension/popup.js', data: Buffer.from('console.log("读卡");\n'.repeat(50)) },
    { name: 'icons/icon-16.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) },
  ];

  it('writes a zip whose entries inflate to the input, sorted, with fixed time and mode', () => {
    const entries = readZip(zip(files, EPOCH));
    expect(entries.map((e) => e.name)).toEqual(['extension/popup.js', 'icons/icon-16.png', 'manifest.json']);
    for (const e of entries) {
      expect(e.data.equals(files.find((f) => f.name === e.name)!.data)).toBe(true);
      expect(e.mode).toBe(0o100644);
      // DOS time of 2025-11-27 08:00:00 UTC.
      expect(e.date).toBe(((2025 - 1980) << 9) | (11 << 5) | 27);
      expect(e.time).toBe(8 << 11);
    }
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('gives the same bytes for the same files in any order, and other bytes for another epoch', () => {
    expect(sha(zip(files, EPOCH))).toBe(sha(zip([...files].reverse(), EPOCH)));
    expect(sha(tarGz(files, EPOCH))).toBe(sha(tarGz([...files].reverse(), EPOCH)));
    expect(sha(zip(files, EPOCH))).not.toBe(sha(zip(files, EPOCH + 3600)));
  });

  it.skipIf(toolMissing('unzip', existsSync('/usr/bin/unzip')))('passes unzip -t', () => {
    const file = join(tmp, 'test.zip');
    writeFileSync(file, zip(files, EPOCH));
    expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toContain('No errors detected');
  });

  it('writes a tar.gz that tar lists with root owner, fixed modes and the epoch as mtime', () => {
    const file = join(tmp, 'test.tar.gz');
    writeFileSync(
      file,
      tarGz([...files, { name: 'cardfill-host-0.1.0/cardfill-host.mjs', data: Buffer.from('#!/usr/bin/env node\n'), mode: 0o755 }], EPOCH),
    );
    const listing = execFileSync('tar', ['-tzv', '--numeric-owner', '--full-time', '-f', file], {
      encoding: 'utf8',
      env: { TZ: 'UTC', PATH: process.env['PATH'] },
    })
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/));
    expect(listing.map((l) => [l[0], l[1], l[3], l[4], l[5]])).toEqual([
      ['-rwxr-xr-x', '0/0', '2025-11-27', '08:00:00', 'cardfill-host-0.1.0/cardfill-host.mjs'],
      ['-rw-r--r--', '0/0', '2025-11-27', '08:00:00', 'extension/popup.js'],
      ['-rw-r--r--', '0/0', '2025-11-27', '08:00:00', 'icons/icon-16.png'],
      ['-rw-r--r--', '0/0', '2025-11-27', '08:00:00', 'manifest.json'],
    ]);
    const out = join(tmp, 'untar');
    mkdirSync(out);
    execFileSync('tar', ['-xzf', file, '-C', out]);
    expect(readFileSync(join(out, 'extension/popup.js')).equals(files[1]!.data)).toBe(true);
  });

  it('refuses unsafe or duplicate paths', () => {
    expect(() => zip([{ name: '../evil', data: Buffer.from('') }], EPOCH)).toThrow(/Unsafe/);
    expect(() => zip([{ name: '/etc/passwd', data: Buffer.from('') }], EPOCH)).toThrow(/Unsafe/);
    expect(() => tarGz([files[0]!, files[0]!], EPOCH)).toThrow(/Duplicate/);
  });
});

describe('release checks', () => {
  it('find a dev key, localhost access, absolute source maps and the build folder path', () => {
    const dir = join(tmp, 'devlike');
    mkdirSync(join(dir, 'extension'), { recursive: true });
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({
        key: 'MIIB…',
        host_permissions: ['http://127.0.0.1/*', 'https://*.12306.cn/*'],
        content_scripts: [{ matches: ['http://localhost/*'] }],
      }),
    );
    writeFileSync(
      join(dir, 'extension/popup.js.map'),
      JSON.stringify({ version: 3, sources: ['/home/builder/cardfill/extension/popup.tsx'] }),
    );
    const inline = Buffer.from(JSON.stringify({ version: 3, sources: ['C:\\build\\content.ts'] })).toString('base64');
    writeFileSync(join(dir, 'extension/content.js'), `x();\n//# sourceMappingURL=data:application/json;base64,${inline}\n`);
    writeFileSync(join(dir, 'extension/options.js'), 'const where = "/srv/ci/cardfill/src/x.ts";\n');
    expect(problemsOf(dir, ['/srv/ci/cardfill'])).toEqual([
      'manifest.json carries a "key" (the development key)',
      'manifest.json grants access to http://127.0.0.1/*',
      'manifest.json grants access to http://localhost/*',
      'extension/content.js: source map with absolute paths (C:\\build\\content.ts)',
      'extension/options.js: contains the build folder path /srv/ci/cardfill',
      'extension/popup.js.map: source map with absolute paths (/home/builder/cardfill/extension/popup.tsx)',
    ]);
  });

  it('find nothing in a clean folder with relative source maps', () => {
    const dir = join(tmp, 'clean');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ permissions: ['nativeMessaging'], optional_host_permissions: ['https://*.12306.cn/*'] }),
    );
    writeFileSync(join(dir, 'popup.js.map'), JSON.stringify({ version: 3, sources: ['../extension/popup.tsx'] }));
    expect(problemsOf(dir, ['/srv/ci/cardfill'])).toEqual([]);
  });
});

describe('npm run package', () => {
  const devDist = resolve('dist/manifest.json');
  const bundle = resolve('native-host/dist/cardfill-host.mjs');
  type Written = { written: Array<{ file: string; sha256: string }> };
  let first: Written;
  let second: Written;
  let devBefore: number | null;

  // Two independent release builds and packagings, shared by the tests below.
  beforeAll(async () => {
    devBefore = existsSync(devDist) ? statSync(devDist).mtimeMs : null;
    // The host bundle npm test built (never rebuilt here: other tests may be running it), or a stand-in.
    const host = existsSync(bundle) ? bundle : join(tmp, 'stand-in-host.mjs');
    if (!existsSync(host)) writeFileSync(host, '#!/usr/bin/env node\nconsole.log("0.0.0");\n');
    const saved = process.env['SOURCE_DATE_EPOCH'];
    process.env['SOURCE_DATE_EPOCH'] = String(EPOCH);
    try {
      const run = (out: string, sources?: string) =>
        packageRelease({ out, buildHost: false, lint: false, hostBundle: host, sources }) as Promise<Written>;
      first = await run(join(tmp, 'a'));
      // The second build starts from the first one's copy of the sources, so an edit made in the
      // working tree meanwhile (other people work here too) cannot make the two differ.
      second = await run(join(tmp, 'b'), join(tmp, 'a/stage/tree'));
    } finally {
      if (saved === undefined) delete process.env['SOURCE_DATE_EPOCH'];
      else process.env['SOURCE_DATE_EPOCH'] = saved;
    }
  }, 180_000);

  it('writes the three archives, byte-identical from two independent builds', () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    expect(first.written.map((w) => w.file.slice(join(tmp, 'a').length + 1))).toEqual([
      `cardfill-chrome-${version}.zip`,
      `cardfill-firefox-${version}.zip`,
      `cardfill-host-${version}.tar.gz`,
    ]);
    expect(second.written.map((w) => w.sha256)).toEqual(first.written.map((w) => w.sha256));
  });

  it('ships no dev key, no localhost access and no source maps, and leaves the development build alone', () => {
    for (const [i, browser] of ['chrome', 'firefox'].entries()) {
      const entries = readZip(readFileSync(first.written[i]!.file));
      const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString('utf8')) as Record<string, unknown>;
      expect(manifest['key'], browser).toBeUndefined();
      expect(JSON.stringify(manifest), browser).not.toMatch(/localhost|127\.0\.0\.1/);
      expect(
        entries.some((e) => e.name.endsWith('.map')),
        browser,
      ).toBe(false);
      expect(
        entries.map((e) => e.name),
        browser,
      ).toContain('extension/background.js');
    }
    const firefox = JSON.parse(
      readZip(readFileSync(first.written[1]!.file))
        .find((e) => e.name === 'manifest.json')!
        .data.toString('utf8'),
    );
    expect(firefox.browser_specific_settings.gecko.id).toBe('cardfill@cardfill.cn');
    expect(firefox.background.scripts).toBeDefined();
    // The staged release builds pass the release checks (absolute paths of both build folders included).
    const tree = join(tmp, 'a/stage/tree');
    expect(problemsOf(join(tree, 'dist'), [resolve('.'), tree])).toEqual([]);
    expect(problemsOf(join(tree, 'dist-firefox'), [resolve('.'), tree])).toEqual([]);
    // The development build that the browser tests load was not touched.
    expect(existsSync(devDist) ? statSync(devDist).mtimeMs : null).toBe(devBefore);
  });

  it('the Firefox release build passes web-ext lint with warnings as errors', () => {
    const run = spawnSync(
      resolve('node_modules/.bin/web-ext'),
      ['lint', '--source-dir', join(tmp, 'a/stage/tree/dist-firefox'), '--warnings-as-errors', '--output', 'json', '--no-input'],
      { encoding: 'utf8' },
    );
    const report = JSON.parse(run.stdout) as {
      summary: Record<string, number>;
      errors: Array<{ code: string }>;
      warnings: Array<{ code: string }>;
    };
    // Only the Firefox-for-Android minimum-version note (the add-on is desktop only: no gecko_android).
    expect([...report.errors, ...report.warnings].map((m) => m.code).filter((c) => !ANDROID_ONLY_LINT_CODES.includes(c))).toEqual([]);
    expect(report.errors).toEqual([]);
  }, 60_000);
});
