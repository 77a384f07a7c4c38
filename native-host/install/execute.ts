/**
 * Carries out an install/uninstall plan on this machine, and says in plain English and Chinese what
 * each step does or did. The only file in install/ that touches the disk or the registry.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import type { InstallAction } from './plan';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a program without a shell (arguments are passed as they are: no quoting problems with spaces). */
export function runCommand(argv: readonly string[], timeoutMs = 15_000): Promise<CommandResult> {
  const [file, ...args] = argv;
  return new Promise((resolve) => {
    execFile(file!, args, { timeout: timeoutMs, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr || (error && !stdout ? error.message : '')) });
    });
  });
}

/** How a registry command is shown to people: the same argv, quoted the way cmd.exe reads it. */
function showCommand(argv: readonly string[]): string {
  return argv.map((a) => (/[\s"]/.test(a) || a === '' ? `"${a}"` : a)).join(' ');
}

interface Bilingual {
  en: string;
  zh: string;
}

/** One line per action, for `--dry-run` ("would …") and for the report of a real run. */
export function describeAction(action: InstallAction, dryRun: boolean): Bilingual {
  const mode = 'mode' in action ? action.mode.toString(8) : '';
  switch (action.kind) {
    case 'mkdir':
      return dryRun
        ? { en: `Would create the folder ${action.path}`, zh: `将创建文件夹 ${action.path}` }
        : { en: `Created the folder ${action.path}`, zh: `已创建文件夹 ${action.path}` };
    case 'write-file':
      return dryRun
        ? { en: `Would write ${action.path} (mode ${mode})`, zh: `将写入 ${action.path}（权限 ${mode}）` }
        : { en: `Wrote ${action.path}`, zh: `已写入 ${action.path}` };
    case 'chmod':
      return dryRun
        ? { en: `Would make ${action.path} executable (mode ${mode})`, zh: `将设置 ${action.path} 为可执行（权限 ${mode}）` }
        : { en: `Made ${action.path} executable`, zh: `已设置 ${action.path} 为可执行` };
    case 'registry-add':
      return dryRun
        ? {
            en: `Would set registry key ${action.key} to ${action.value}: ${showCommand(action.command)}`,
            zh: `将设置注册表项 ${action.key} = ${action.value}`,
          }
        : { en: `Set registry key ${action.key} to ${action.value}`, zh: `已设置注册表项 ${action.key} = ${action.value}` };
    case 'registry-delete':
      return dryRun
        ? { en: `Would delete registry key ${action.key}: ${showCommand(action.command)}`, zh: `将删除注册表项 ${action.key}` }
        : { en: `Deleted registry key ${action.key}`, zh: `已删除注册表项 ${action.key}` };
    case 'remove':
      if (action.emptyDirOnly) {
        return dryRun
          ? { en: `Would remove the folder ${action.path} if it is empty`, zh: `如果文件夹 ${action.path} 为空，将删除它` }
          : { en: `Removed the folder ${action.path} (or left it: not empty)`, zh: `已删除空文件夹 ${action.path}（不为空则保留）` };
      }
      return dryRun
        ? { en: `Would remove ${action.path}`, zh: `将删除 ${action.path}` }
        : { en: `Removed ${action.path}`, zh: `已删除 ${action.path}` };
  }
}

interface ExecuteOptions {
  /** The OS this process runs on; registry actions are refused elsewhere. */
  platform: NodeJS.Platform;
  run?: (argv: readonly string[]) => Promise<CommandResult>;
}

export interface ExecuteResult {
  done: InstallAction[];
  /** Steps that had nothing to do (file or key already absent). */
  skipped: InstallAction[];
  failed: { action: InstallAction; reason: string } | null;
}

function reasonOf(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return 'permission denied (for --system, run as root or administrator)';
  if (err?.code === 'EROFS') return 'the file system is read-only';
  if (err?.code === 'ENOTDIR') return 'a part of the path is a file, not a folder';
  return err?.code ?? (err instanceof Error ? err.message : 'unknown error');
}

/** Run the actions in order; stop at the first failure (a second `install` repairs a half-done one). */
export async function executeActions(actions: readonly InstallAction[], options: ExecuteOptions): Promise<ExecuteResult> {
  const run = options.run ?? runCommand;
  const result: ExecuteResult = { done: [], skipped: [], failed: null };
  for (const action of actions) {
    try {
      switch (action.kind) {
        case 'mkdir':
          await mkdir(action.path, { recursive: true });
          break;
        case 'write-file': {
          // Write beside and rename, so a browser never reads a half-written manifest.
          const tmp = `${action.path}.${process.pid}.tmp`;
          await writeFile(tmp, action.content, { mode: action.mode });
          await chmod(tmp, action.mode);
          await rename(tmp, action.path);
          break;
        }
        case 'chmod':
          await chmod(action.path, action.mode);
          break;
        case 'registry-add':
        case 'registry-delete': {
          if (options.platform !== 'win32') throw new Error('registry changes can only be made on Windows');
          const r = await run(action.command);
          if (r.code !== 0) {
            // `reg delete` of a key that is not there fails; for uninstall that is nothing to do.
            if (action.kind === 'registry-delete') {
              result.skipped.push(action);
              continue;
            }
            throw new Error(`reg exited with ${r.code}: ${r.stderr.trim().split(/\r?\n/)[0] ?? ''}`);
          }
          break;
        }
        case 'remove':
          if (action.emptyDirOnly) {
            try {
              await rmdir(action.path);
            } catch (e) {
              const code = (e as NodeJS.ErrnoException).code;
              if (code === 'ENOENT' || code === 'ENOTEMPTY' || code === 'EEXIST') {
                result.skipped.push(action);
                continue;
              }
              throw e;
            }
          } else {
            try {
              await rm(action.path);
            } catch (e) {
              if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
                result.skipped.push(action);
                continue;
              }
              throw e;
            }
          }
          break;
      }
      result.done.push(action);
    } catch (e) {
      result.failed = { action, reason: reasonOf(e) };
      return result;
    }
  }
  return result;
}
