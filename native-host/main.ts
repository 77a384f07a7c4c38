/**
 * `cardfill-host`: the program the browser starts for native messaging, and the command line
 * of docs/architecture.md §4 (read, decode, simulate, install, uninstall, doctor).
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { CardFillError, toErrorInfo } from '../src/errors';
import { NativeMessagingHost } from './messaging';
import { assertCallerAllowed, callerFromArgv } from './callers';
import { HOST_VERSION } from './version';
import { describeError } from '../src/protocol/error-words';
import { lazyWltDecoder } from './readers/wlt';
import { debug } from './log';

function defaultReader(explicit?: string): string {
  return explicit ?? process.env['CARDFILL_READER'] ?? 'auto';
}

function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

const DECODE_OPTIONS = { hex: { type: 'boolean' } } as const;

async function commandDecode({ values, positionals }: Parsed<typeof DECODE_OPTIONS>): Promise<number> {
  const file = positionals[0];
  const { decodeInput, parseHexInput } = await import('./decode-input');
  try {
    if (!file) throw new CardFillError('BAD_REQUEST', 'decode needs a FILE: cardfill-host decode FILE [--hex]');
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new CardFillError('BAD_REQUEST', `Cannot read the file ${file}`);
    }
    if (values.hex) bytes = parseHexInput(new TextDecoder().decode(bytes));
    printJson({ ok: true, card: decodeInput(new Uint8Array(bytes)) });
    return 0;
  } catch (e) {
    printJson({ ok: false, error: toErrorInfo(e) });
    return 1;
  }
}

const READ_OPTIONS = {
  reader: { type: 'string' },
  json: { type: 'boolean' },
  'no-photo': { type: 'boolean' },
  'wlt-decoder': { type: 'string' },
} as const;

async function commandRead({ values }: Parsed<typeof READ_OPTIONS>): Promise<number> {
  const { openReader, sourceOf } = await import('./readers/index');
  const { loadWltDecoder } = await import('./readers/wlt');
  const { readCard } = await import('./readers/session');
  let reader;
  // Ctrl-C cancels the read (the reader is stopped and closed); a second one ends the program.
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const wlt = values['wlt-decoder'] ?? process.env['CARDFILL_WLT_DECODER'];
    reader = openReader(defaultReader(values.reader), { photoDecoder: wlt ? await loadWltDecoder(wlt) : null });
    const card = await readCard(reader, { photo: !values['no-photo'], signal: abort.signal });
    // `reader` beside the card says which backend produced it; the card record keeps its fixed fields (docs/readers.md).
    if (values.json) printJson({ ok: true, card, reader: sourceOf(reader) });
    else process.stdout.write(formatCardForTerminal(card) + '\n');
    return 0;
  } catch (e) {
    const error = toErrorInfo(e);
    if (values.json) printJson({ ok: false, error });
    else process.stderr.write(describeError(error) + '\n');
    return 1;
  } finally {
    process.off('SIGINT', onInterrupt);
    await reader?.close().catch(() => undefined);
  }
}

function formatCardForTerminal(card: import('../src/card/record').CardRecord): string {
  const rows: [string, string | null | number][] = [
    ['Card', card.kind + (card.typeCode ? ` (${card.typeCode})` : '')],
    ['Name (Chinese)', card.nameZh],
    ['Name (English)', card.nameEn],
    ['Sex', card.sex],
    ['Birth date', card.birthDate],
    ['Number', card.number],
    ['Nationality', card.nationality ? `${card.nationality.alpha3} ${card.nationality.nameEn ?? ''}`.trim() : null],
    ['Ethnicity', card.ethnicity ? (card.ethnicity.nameZh ?? card.ethnicity.code) : null],
    ['Region', card.region],
    ['Address', card.address],
    ['Issuer', card.issuer],
    ['Valid', `${card.validFrom} – ${card.validUntil}`],
    ['Pass number', card.passNumber],
    ['Issue count', card.issueCount],
    ['Renewal count', card.renewalCount],
    ['Previous number', card.previousNumber],
    ['Check digit', card.checks.numberChecksum],
    ['Expired', card.checks.expired ? 'yes' : 'no'],
  ];
  return rows
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k.padEnd(16)} ${v}`)
    .join('\n');
}

const SIMULATE_OPTIONS = {
  pty: { type: 'boolean' },
  card: { type: 'string' },
  fault: { type: 'string' },
  baud: { type: 'string' },
} as const;

function runNativeMessaging(args: string[]): void {
  const caller = callerFromArgv(args);
  if (!caller) throw new CardFillError('BAD_REQUEST', 'Not started by a browser');
  assertCallerAllowed(caller);
  const host = new NativeMessagingHost({
    input: process.stdin,
    write: (bytes) => process.stdout.write(bytes),
    defaultReader: defaultReader(),
    photoDecoder: process.env['CARDFILL_WLT_DECODER']
      ? lazyWltDecoder(process.env['CARDFILL_WLT_DECODER'], () => debug('photo decoder did not load'))
      : null,
    onExit: (code) => {
      // Let stdout drain before leaving.
      process.stdout.write('', () => process.exit(code));
    },
  });
  host.start();
}

/** A command's `node:util` parseArgs options. */
type Options = NonNullable<ParseArgsConfig['options']>;
/** What parseArgs gives for `O`. */
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>;

/** A row's runner that parses its words with `options` first (unknown options are refused by parseArgs). */
function parsed<O extends Options>(options: O, positionals: boolean, run: (p: Parsed<O>) => Promise<number>) {
  return (args: string[]) => run(parseArgs({ args, options, allowPositionals: positionals, strict: true }) as Parsed<O>);
}

interface CommandRow {
  /** Its synopsis in the usage text, and what it does. */
  usage: string;
  summary?: string;
  /** Started by the host itself, never by a person: left out of the usage text. */
  internal?: boolean;
  run(args: string[]): Promise<number>;
}

/**
 * The commands of docs/architecture.md §4, one row each. A new command is one row (and its option table);
 * install, uninstall and doctor parse the shared options of install/options.ts (CLI_OPTIONS) themselves.
 */
const COMMANDS: Record<string, CommandRow> = {
  read: {
    usage: 'read [--reader SPEC] [--json] [--no-photo] [--wlt-decoder LIB[#FN]]',
    summary: 'read one card and print it',
    run: parsed(READ_OPTIONS, false, commandRead),
  },
  decode: {
    usage: 'decode FILE [--hex]',
    summary: 'decode a 256-byte text block or a reader frame',
    run: parsed(DECODE_OPTIONS, true, commandDecode),
  },
  simulate: {
    usage: 'simulate [--pty] [--card NAME] [--fault F] [--baud N]',
    summary: 'run the simulated reader',
    run: parsed(SIMULATE_OPTIONS, false, async ({ values }) => {
      const { runSimulator } = await import('./commands/simulate');
      return runSimulator({
        pty: values.pty ?? false,
        ...(values.card ? { card: values.card } : {}),
        ...(values.fault ? { fault: values.fault } : {}),
        ...(values.baud ? { baud: Number(values.baud) } : {}),
      });
    }),
  },
  install: {
    usage: 'install [--browser B] [--extension-id ID] [--profile DIR] [--dry-run] [--system] [--reader SPEC]',
    run: async (args) => (await import('./commands/install')).runInstall(args),
  },
  uninstall: {
    usage: 'uninstall [--browser B] [--profile DIR] [--dry-run] [--system]',
    run: async (args) => (await import('./commands/install')).runUninstall(args),
  },
  doctor: {
    usage: 'doctor [--json]',
    summary: 'check browsers, manifests and readers',
    run: async (args) => (await import('./commands/doctor')).runDoctor(args),
  },
  probe: {
    usage: 'probe [--reader SPEC] [--json]',
    summary: 'a trace of one read for a bug report (no card data in it)',
    run: async (args) => (await import('./commands/probe')).runProbe(args),
  },
  'sdtapi-helper': {
    // The 32-bit helper for 32-bit vendor libraries (native-host/readers/sdtapi-helper.ts): framed JSON on stdio.
    usage: 'sdtapi-helper',
    internal: true,
    run: async () => (await import('./readers/sdtapi-helper')).runSdtapiHelper(),
  },
};

function usage(): string {
  return [
    `cardfill-host ${HOST_VERSION} — reads Chinese identity cards for the CardFill browser extension`,
    '',
    'Usage:',
    ...Object.values(COMMANDS)
      .filter((c) => !c.internal)
      .map((c) => {
        const synopsis = `  cardfill-host ${c.usage}`;
        if (!c.summary) return synopsis;
        return synopsis.length < 60 ? `${synopsis.padEnd(62)}${c.summary}` : `${synopsis}\n${''.padEnd(62)}${c.summary}`;
      }),
    '  cardfill-host --version',
    '',
    'Reader SPEC: auto (default), sim[:CARD], serial:PATH[@BAUD], sdtapi:LIBRARY[#PORT], usb[:VVVV:PPPP],',
    "             service:decard|synjones|chinavision|eastcom[@URL] (a vendor's reader service on this computer)",
    'The browser starts cardfill-host itself with its extension origin; you never need to.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number | null> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(usage() + '\n');
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(HOST_VERSION + '\n');
    return 0;
  }
  if (command.startsWith('chrome-extension://') || command.endsWith('.json')) {
    runNativeMessaging(argv);
    return null; // keeps running until the browser closes stdin
  }
  if (!Object.hasOwn(COMMANDS, command)) {
    process.stderr.write(`Unknown command "${command}".\n\n${usage()}\n`);
    return 2;
  }
  return COMMANDS[command]!.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== null) process.exitCode = code;
  },
  (e: unknown) => {
    // parseArgs reports unknown or malformed options as TypeErrors with a readable message.
    const parseError = e instanceof TypeError && String((e as { code?: string }).code ?? '').startsWith('ERR_PARSE_ARGS');
    const error = parseError ? new CardFillError('BAD_REQUEST', `${e.message}. Run "cardfill-host --help".`).toJSON() : toErrorInfo(e);
    process.stderr.write(describeError(error) + '\n');
    process.exitCode = 1;
  },
);
