/**
 * Command-line options of `install`, `uninstall` and `doctor` (docs/architecture.md §4). Bad options are a
 * typed BAD_REQUEST, which the commands turn into a usage message and exit code 2.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CardFillError } from '../../src/errors';
import { BROWSERS, type BrowserId } from './locations';

/** One option's row for parseArgs. */
type ParseArgsOptionConfig = NonNullable<ParseArgsConfig['options']>[string];

interface CliOptions {
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

/**
 * The options of `install`, `uninstall` and `doctor`, as one table for `node:util` parseArgs. A new option is one
 * row here (and a line in the command's usage); each command lists the rows it accepts.
 */
export const CLI_OPTIONS = {
  browser: { type: 'string', multiple: true },
  'extension-id': { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  system: { type: 'boolean' },
  profile: { type: 'string' },
  host: { type: 'string' },
  reader: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Record<string, ParseArgsOptionConfig>;

type Flag = keyof typeof CLI_OPTIONS;

/** parseArgs' own errors (unknown option, missing value) as the BAD_REQUEST the commands print with their usage. */
function parseArgsError(e: unknown, argv: readonly string[]): CardFillError {
  const code = String((e as { code?: string }).code ?? '');
  if (!code.startsWith('ERR_PARSE_ARGS'))
    return e instanceof CardFillError ? e : new CardFillError('BAD_REQUEST', String((e as Error).message ?? e));
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const word = argv.find((w) => w.startsWith('-') && (e as Error).message.includes(w.split('=')[0]!)) ?? '';
    return new CardFillError('BAD_REQUEST', `Unknown option "${word.slice(0, 60)}"`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /--([a-z-]+)/.exec((e as Error).message)?.[1] ?? '';
    const takesValue = flag !== '' && (CLI_OPTIONS as Record<string, ParseArgsOptionConfig>)[flag]?.type === 'string';
    return new CardFillError('BAD_REQUEST', takesValue ? `--${flag} needs a value` : `--${flag} takes no value`);
  }
  return new CardFillError('BAD_REQUEST', (e as Error).message);
}

/** Parse `argv` (the words after the command name). `accepted` lists the flags this command has. */
export function parseCliOptions(argv: readonly string[], accepted: readonly Flag[]): CliOptions {
  const options = Object.fromEntries(accepted.map((f) => [f, CLI_OPTIONS[f]])) as Record<string, ParseArgsOptionConfig>;
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (e) {
    throw parseArgsError(e, argv);
  }
  const strings = (flag: Flag): string[] => {
    const v = values[flag];
    const all = (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
    // A value that looks like the next option is a missing value ("--browser --dry-run").
    for (const one of all) if (one.startsWith('--')) throw new CardFillError('BAD_REQUEST', `--${flag} needs a value`);
    return all.flatMap((one) =>
      one
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    );
  };
  const one = (flag: Flag): string | undefined => {
    const v = values[flag];
    if (typeof v === 'string' && v.startsWith('--')) throw new CardFillError('BAD_REQUEST', `--${flag} needs a value`);
    return typeof v === 'string' ? v : undefined;
  };
  const browsers: BrowserId[] = [];
  for (const b of strings('browser').flatMap(browserOf)) if (!browsers.includes(b)) browsers.push(b);
  return {
    browsers,
    extensionIds: strings('extension-id'),
    dryRun: values['dry-run'] === true,
    system: values['system'] === true,
    profileDir: one('profile'),
    host: one('host'),
    reader: one('reader'),
    json: values['json'] === true,
    help: values['help'] === true,
  };
}
