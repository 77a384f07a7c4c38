/**
 * Suites that need a tool from outside npm (socat, a C compiler, Firefox, unzip, the conformance kit) ask here.
 * On a developer's machine a missing tool skips the suite; with CI=true it fails the run instead, with a test
 * named after the tool, so CI can never be green while a whole suite silently did not run. Either way the
 * tool is recorded for scripts/test.mjs, whose closing line lists the missing tools.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { it } from 'vitest';

/** True when `cmd args` runs and exits 0. */
export function hasCommand(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** The first of `commands` that runs with `args`, or null. */
export function firstCommand(commands: string[], args: string[]): string | null {
  return commands.find((c) => hasCommand(c, args)) ?? null;
}

export { existsSync as hasFile };

/**
 * Whether a suite needing `tool` must skip: false when `present`. When the tool is missing it is recorded, and
 * under CI=true a failing test named after it is registered in the calling file (so the run fails) while the
 * suite itself still skips (so it does not fail a hundred times over with obscure errors).
 */
export function toolMissing(tool: string, present: boolean, remedy = 'install it (the apt line in .ci/run)'): boolean {
  if (present) return false;
  const file = process.env['CARDFILL_MISSING_TOOLS_FILE'];
  if (file) appendFileSync(file, `${tool}\n`);
  if (process.env['CI'] === 'true') {
    it(`needs ${tool}`, () => {
      throw new Error(`${tool} is missing, and CI=true does not allow a suite to skip for it: ${remedy}`);
    });
  }
  return true;
}
