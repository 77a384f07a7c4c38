/**
 * Command-line options of `install`, `uninstall` and `doctor` (docs/architecture.md §4). Bad options are a
 * typed BAD_REQUEST, which the commands turn into a usage message and exit code 2.
 */
import { CardFillError } from '../../src/errors';
import { BROWSERS, type BrowserId } from './locations';

export interface CliOptions {
  browsers: BrowserId[];
  extensionIds: string[];
  dryRun: boolean;
  system: boolean;
  profileDir: string | undefined;
  host: string | undefined;
  /** Reader SPEC written into the launcher as this computer's default reader. */
  reader: string | undefined;
  json: boolean;
  help: boolean;
}

const ALIASES: Record<string, BrowserId> = {
  'google-chrome': 'chrome',
  'microsoft-edge': 'edge',
  msedge: 'edge',
  'brave-browser': 'brave',
};

function browserOf(name: string): BrowserId[] {
  const n = name.trim().toLowerCase();
  if (n === 'all') return [...BROWSERS];
  if ((BROWSERS as readonly string[]).includes(n)) return [n as BrowserId];
  const alias = ALIASES[n];
  if (alias) return [alias];
  throw new CardFillError('BAD_REQUEST', `Unknown browser "${name.slice(0, 40)}": use one of ${BROWSERS.join(', ')} or all`);
}

type Flag = 'browser' | 'extension-id' | 'dry-run' | 'system' | 'profile' | 'host' | 'reader' | 'json' | 'help';
const TAKES_VALUE = new Set<Flag>(['browser', 'extension-id', 'profile', 'host', 'reader']);

/** Parse `argv` (the words after the command name). `accepted` lists the flags this command has. */
export function parseCliOptions(argv: readonly string[], accepted: readonly Flag[]): CliOptions {
  const opts: CliOptions = { browsers: [], extensionIds: [], dryRun: false, system: false, profileDir: undefined, host: undefined, reader: undefined, json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '-h') {
      opts.help = true;
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(word);
    const flag = m?.[1] as Flag | undefined;
    if (!m || !flag || !accepted.includes(flag)) {
      throw new CardFillError('BAD_REQUEST', `Unknown option "${word.slice(0, 60)}"`);
    }
    let value: string | undefined = m[2];
    if (TAKES_VALUE.has(flag)) {
      if (value === undefined) {
        value = argv[++i];
        if (value === undefined || value.startsWith('--')) throw new CardFillError('BAD_REQUEST', `--${flag} needs a value`);
      }
    } else if (value !== undefined) {
      throw new CardFillError('BAD_REQUEST', `--${flag} takes no value`);
    }
    const list = () => value!.split(',').map((s) => s.trim()).filter(Boolean);
    switch (flag) {
      case 'browser':
        for (const b of list().flatMap(browserOf)) if (!opts.browsers.includes(b)) opts.browsers.push(b);
        break;
      case 'extension-id':
        opts.extensionIds.push(...list());
        break;
      case 'profile':
        opts.profileDir = value;
        break;
      case 'host':
        opts.host = value;
        break;
      case 'reader':
        opts.reader = value;
        break;
      case 'dry-run':
        opts.dryRun = true;
        break;
      case 'system':
        opts.system = true;
        break;
      case 'json':
        opts.json = true;
        break;
      case 'help':
        opts.help = true;
        break;
    }
  }
  return opts;
}
