/**
 * The host's only file: the code and time of the last error, for `doctor`. Never card data.
 * Where it lives is decided once, in install/locations.ts (`lastErrorPath`), which doctor reads.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { lastErrorPath, targetOsOf } from './install/locations';

export function recordLastError(code: string): void {
  try {
    const file = lastErrorPath(targetOsOf(process.platform), homedir(), process.env);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ code, at: new Date().toISOString() }) + '\n');
  } catch {
    // Best effort: a read-only home must not break reading cards.
  }
}
