/**
 * A temporary HOME for install/doctor tests, with a stand-in host that answers `--version` like
 * the real one and otherwise reports how it was started (arguments and the launcher's
 * CARDFILL_EXTENSION_IDS), so tests can see what a browser would start.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DoctorIo } from '../../native-host/commands/doctor';

export const STAND_IN_VERSION = '0.1.0';

export function makeTempHome(prefix: string): { home: string; fakeHost: string } {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const fakeHost = join(home, 'app', 'fake-host.mjs');
  mkdirSync(join(home, 'app'));
  writeFileSync(
    fakeHost,
    `if (process.argv[2] === '--version') console.log('${STAND_IN_VERSION}');
else console.log(JSON.stringify({ argv: process.argv.slice(2), ids: process.env.CARDFILL_EXTENSION_IDS ?? null }));
`,
  );
  return { home, fakeHost };
}

/** The commands' view of this machine, pointed at the temporary HOME, with output captured. */
export function tempHomeIo(
  home: string,
  fakeHost: string,
  sink: { out: (text: string) => void; err: (text: string) => void },
  overrides: Partial<DoctorIo> = {},
): DoctorIo {
  return { platform: 'linux', home, env: {}, execPath: process.execPath, scriptPath: fakeHost, ...sink, ...overrides };
}
