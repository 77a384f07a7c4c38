/**
 * `cardfill-host install` and `cardfill-host uninstall` (docs/architecture.md §4): register the host with
 * every browser, per user and without admin rights, and say plainly what was done.
 * The planning is pure (../install/plan.ts); this file gathers the facts of this machine,
 * prints, and runs the plan.
 */
import { openReader } from '../readers/index';
import { installUdevRule, uninstallUdevRule } from '../install/udev';
import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { CardFillError, toErrorInfo } from '../../src/errors';
import { describeAction, executeActions, type CommandResult, type ExecuteResult } from '../install/execute';
import { BROWSER_NAMES, pathApi, targetOsOf, type TargetOs } from '../install/locations';
import { chromeIdsToAllow, chromeOrigin, classifyExtensionIds, firefoxIdsToAllow } from '../install/manifest';
import { parseCliOptions } from '../install/options';
import { planInstall, planUninstall, type InstallAction, type Target } from '../install/plan';

/** Everything the commands take from the machine, so tests can run them against a temporary HOME. */
export interface CommandIo {
  platform: NodeJS.Platform;
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The Node.js running this host: the launcher pins it. */
  execPath: string;
  /** The script Node was started with (process.argv[1]): the bundled host, when installed for real. */
  scriptPath: string | undefined;
  out: (text: string) => void;
  err: (text: string) => void;
  run?: (argv: readonly string[]) => Promise<CommandResult>;
}

/** True inside the single executable (docs/release.md): there the program and its script are one file. */
function isSingleExecutable(): boolean {
  try {
    return (require('node:sea') as { isSea(): boolean }).isSea();
  } catch {
    return false;
  }
}

export function processIo(): CommandIo {
  return {
    platform: process.platform,
    home: homedir(),
    env: process.env,
    execPath: process.execPath,
    scriptPath: isSingleExecutable() ? process.execPath : process.argv[1],
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  };
}

const INSTALL_USAGE = `Usage: cardfill-host install [--browser B[,B…]] [--extension-id ID[,ID…]] [--system] [--profile DIR] [--dry-run] [--host PATH]
  --browser       chrome, chromium, edge, brave, firefox or all (default: all)
  --extension-id  also allow this Chrome/Edge extension id or Firefox add-on id
  --system        register for every user (needs root / administrator)
  --profile DIR   register in a Chromium user-data folder (DIR/NativeMessagingHosts)
  --dry-run       print every path and registry key, change nothing
  --host PATH     the bundled host to register (default: the one running now)
  --reader SPEC   this computer's reader, e.g. sdtapi:/opt/reader/libsdtapi.so#1001 or serial:/dev/ttyUSB0
                  (the browser can choose only auto, sim or a serial device itself)
`;
const UNINSTALL_USAGE = `Usage: cardfill-host uninstall [--browser B[,B…]] [--system] [--profile DIR] [--dry-run]
`;

function label(t: Target): string {
  return t === 'profile' ? 'the Chromium profile' : BROWSER_NAMES[t];
}
function labelZh(t: Target): string {
  return t === 'profile' ? 'Chromium 配置文件' : BROWSER_NAMES[t];
}

function targetsOf(actions: readonly InstallAction[]): Target[] {
  const seen: Target[] = [];
  for (const a of actions) for (const t of a.for) if (!seen.includes(t)) seen.push(t);
  return seen;
}

function printSteps(io: CommandIo, actions: readonly InstallAction[], dryRun: boolean): void {
  for (const action of actions) {
    const line = describeAction(action, dryRun);
    io.out(`  ${line.en}\n    ${line.zh}\n`);
  }
}

function usageError(io: CommandIo, e: unknown, usage: string): number {
  io.err(`${toErrorInfo(e).message}\n${usage}`);
  return 2;
}

function printFailure(io: CommandIo, result: ExecuteResult): void {
  const failed = result.failed!;
  const what = describeAction(failed.action, true).en.replace(/^Would /, '');
  io.err(`Could not ${what.charAt(0).toLowerCase()}${what.slice(1)}: ${failed.reason}.\n`);
  io.err(`无法完成：${describeAction(failed.action, true).zh.replace(/^将/, '')}（${failed.reason}）。\n`);
}

/** The bundled host to register: --host, else the script this process runs (symlinks resolved, as npm's bin links are). */
function hostBundleOf(io: CommandIo, os: TargetOs, given: string | undefined): string {
  const p = pathApi(os);
  const candidate = given ?? io.scriptPath;
  if (!candidate) throw new CardFillError('BAD_REQUEST', 'Cannot tell where the host is: pass --host PATH');
  const absolute = p.resolve(candidate);
  if (/\.(ts|tsx|mts)$/.test(absolute)) {
    throw new CardFillError(
      'BAD_REQUEST',
      'Run install from the built host (npm run build, then node native-host/dist/cardfill-host.mjs install), or pass --host PATH',
    );
  }
  if (!existsSync(absolute)) throw new CardFillError('BAD_REQUEST', `The host file does not exist: ${absolute}`);
  return realpathSync(absolute);
}

export async function runInstall(argv: string[], io: CommandIo = processIo()): Promise<number> {
  const os = targetOsOf(io.platform);
  let actions: InstallAction[];
  let dryRun: boolean;
  let extensionIds: string[];
  let warning: string | undefined;
  let hostBundle: string;
  let system = false;
  try {
    const opts = parseCliOptions(argv, ['browser', 'extension-id', 'dry-run', 'system', 'profile', 'host', 'reader', 'help']);
    system = opts.system;
    // Check the SPEC's form now (nothing is opened or loaded until the host reads a card).
    if (opts.reader !== undefined) openReader(opts.reader);
    if (opts.help) {
      io.out(INSTALL_USAGE);
      return 0;
    }
    dryRun = opts.dryRun;
    extensionIds = opts.extensionIds;
    try {
      hostBundle = hostBundleOf(io, os, opts.host);
    } catch (e) {
      // A dry run may describe a host that is not built yet; a real run needs the file.
      if (!dryRun) throw e;
      hostBundle = pathApi(os).resolve(opts.host ?? io.scriptPath ?? 'cardfill-host.mjs');
      warning = toErrorInfo(e).message;
    }
    actions = planInstall({
      os,
      home: io.home,
      env: io.env,
      browsers: opts.browsers,
      extensionIds: opts.extensionIds,
      system: opts.system,
      profileDir: opts.profileDir,
      hostBundle,
      nodePath: io.execPath,
      ...(opts.reader !== undefined ? { reader: opts.reader } : {}),
    });
  } catch (e) {
    return usageError(io, e, INSTALL_USAGE);
  }

  const targets = targetsOf(actions);
  const npxCache = /[\\/]_npx[\\/]/.test(hostBundle);
  const ids = classifyExtensionIds(extensionIds);
  const chromeFamily = targets.some((t) => t !== 'firefox');
  const allowed = [
    ...(chromeFamily ? chromeIdsToAllow(ids.chrome).map(chromeOrigin) : []),
    ...(targets.includes('firefox') ? firefoxIdsToAllow(ids.firefox) : []),
  ];
  if (dryRun) {
    io.out(`Dry run: nothing is changed. Installing would do this:\n试运行：不做任何更改。安装将执行以下操作：\n`);
    printSteps(io, actions, true);
    if (warning) io.out(`Note: ${warning}\n`);
    io.out(`Extensions that would be allowed / 将允许的扩展: ${allowed.join(', ')}\n`);
    return 0;
  }

  const result = await executeActions(actions, { platform: io.platform, run: io.run });
  printSteps(io, result.done, false);
  if (result.failed) {
    printFailure(io, result);
    io.err(
      'Nothing else was changed after this step. Fix the problem and run install again.\n此步骤之后未做其他更改。请解决问题后重新运行 install。\n',
    );
    return 1;
  }
  io.out(`\nCardFill is registered for: ${targets.map(label).join(', ')}.\n`);
  if (npxCache) {
    // npx runs packages from a cache that npm may clear; the launcher would then point nowhere.
    io.out(
      'Note: this host runs from npx\'s temporary cache. Install it for good ("npm install -g cardfill-host") and run install again.\n',
    );
    io.out('注意：当前程序运行在 npx 的临时缓存中。请先永久安装（"npm install -g cardfill-host"），再重新运行 install。\n');
  }
  io.out(`已为以下浏览器注册 CardFill：${targets.map(labelZh).join('、')}。\n`);
  io.out(`Extensions allowed / 允许的扩展: ${allowed.join(', ')}\n`);
  installUdevRule(io, system); // Linux: the USB reader rule (written for --system, else how to add it)
  io.out('Restart the browser so it sees the change, then check with "cardfill-host doctor".\n');
  io.out('请重新启动浏览器使更改生效，然后用 "cardfill-host doctor" 检查。\n');
  return 0;
}

export async function runUninstall(argv: string[], io: CommandIo = processIo()): Promise<number> {
  const os = targetOsOf(io.platform);
  let actions: InstallAction[];
  let dryRun: boolean;
  let system = false;
  try {
    const opts = parseCliOptions(argv, ['browser', 'dry-run', 'system', 'profile', 'help']);
    system = opts.system;
    if (opts.help) {
      io.out(UNINSTALL_USAGE);
      return 0;
    }
    dryRun = opts.dryRun;
    actions = planUninstall({ os, home: io.home, env: io.env, browsers: opts.browsers, system: opts.system, profileDir: opts.profileDir });
  } catch (e) {
    return usageError(io, e, UNINSTALL_USAGE);
  }
  const targets = targetsOf(actions);
  if (dryRun) {
    io.out(`Dry run: nothing is changed. Uninstalling would do this:\n试运行：不做任何更改。卸载将执行以下操作：\n`);
    printSteps(io, actions, true);
    return 0;
  }
  const result = await executeActions(actions, { platform: io.platform, run: io.run });
  printSteps(io, result.done, false);
  if (result.failed) {
    printFailure(io, result);
    return 1;
  }
  uninstallUdevRule(io, system);
  io.out(`\nCardFill is no longer registered for: ${targets.map(label).join(', ')}.\n`);
  io.out(`已取消 CardFill 在以下浏览器中的注册：${targets.map(labelZh).join('、')}。\n`);
  return 0;
}
