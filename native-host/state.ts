/**
 * The host's only file: the code and time of the last error, for `doctor`. Never card data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export function stateDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env['LOCALAPPDATA'] ?? join(home, 'AppData', 'Local'), 'CardFill');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'CardFill');
  return join(env['XDG_STATE_HOME'] ?? join(home, '.local', 'state'), 'cardfill');
}

export function lastErrorFile(platform?: NodeJS.Platform, env?: NodeJS.ProcessEnv, home?: string): string {
  return join(stateDir(platform, env, home), 'last-error.json');
}

export function recordLastError(code: string): void {
  try {
    const file = lastErrorFile();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ code, at: new Date().toISOString() }) + '\n');
  } catch {
    // Best effort: a read-only home must not break reading cards.
  }
}
