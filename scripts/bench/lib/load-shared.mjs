// Bundles ./shared.ts with esbuild into a temporary folder and imports it (about 100 ms).
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './paths.mjs';

/** @type {Promise<typeof import('./shared.ts')> | null} */
let loaded = null;

/** @returns {Promise<typeof import('./shared.ts')>} */
export function loadShared() {
  loaded ??= (async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'cardfill-bench-'));
    const outfile = path.join(outDir, 'shared.mjs');
    await build({
      entryPoints: [path.join(ROOT, 'scripts/bench/lib/shared.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
    });
    try {
      return await import(pathToFileURL(outfile).href);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  })();
  return loaded;
}
