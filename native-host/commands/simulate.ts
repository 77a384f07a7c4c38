/**
 * `cardfill-host simulate [--pty] [--card NAME] [--fault F] [--baud B]` (docs/architecture.md §4).
 *
 * With --pty it starts `socat` with a pseudo-terminal pair, attaches the simulated SAM device
 * (../readers/sim-device.ts) to one end with byte pacing at the baud rate (10 bits a byte), and
 * prints the other end for `--reader serial:PATH`; it runs until SIGINT/SIGTERM. This is how the
 * real serial backend is tested end to end without hardware. Without --pty it explains how to use
 * the in-process simulator (`--reader sim:CARD`) and lists cards and faults.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYNTHETIC_CARDS, SYNTHETIC_CARD_NAMES, type SyntheticCardName } from '../../src/card/synthetic';
import { CardFillError, toErrorInfo } from '../../src/errors';
import { DEFAULT_BAUD } from '../../src/sam/frame';
import { SERIAL_BAUD_RATES } from '../readers/serial';
import { DEFAULT_SIM_CARD, schedulePaced, SIM_CONTROL_ENV, SimControlWatcher } from '../readers/sim';
import { parseSimCardName, parseSimFault, SIM_FAULTS, SIM_FAULT_WORDS, SimSamDevice } from '../readers/sim-device';

interface SimulatorOptions {
  pty?: boolean;
  card?: string;
  fault?: string;
  baud?: number;
}

export interface PtySimulator {
  /** The end to give the host: `--reader serial:<hostPath>`. */
  hostPath: string;
  /** The end the device is attached to. */
  devicePath: string;
  device: SimSamDevice;
  /** Stop socat and close the device end. */
  stop(): Promise<void>;
  /** Resolves when socat exits (by stop() or on its own). */
  exited: Promise<void>;
}

const SOCAT_START_TIMEOUT_MS = 5000;

/** Start socat, read its two "PTY is /dev/pts/N" lines, and wait for the transfer loop. */
function startSocat(dir: string): Promise<{ child: ChildProcess; ptys: [string, string] }> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${join(dir, 'device')}`, `pty,raw,echo=0,link=${join(dir, 'host')}`], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (e) {
      reject(new CardFillError('INTERNAL', `socat could not be started: ${(e as Error).message}`));
      return;
    }
    const ptys: string[] = [];
    let text = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new CardFillError('INTERNAL', 'socat did not report its pseudo-terminals within 5 s'));
    }, SOCAT_START_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new CardFillError('INTERNAL', `socat could not be started (${e.message}); install it (apt install socat) to use --pty`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (ptys.length < 2) reject(new CardFillError('INTERNAL', `socat exited (code ${code}) before opening its pseudo-terminals`));
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      text += chunk;
      let nl: number;
      while ((nl = text.indexOf('\n')) >= 0) {
        const line = text.slice(0, nl);
        text = text.slice(nl + 1);
        const m = / PTY is (\S+)/.exec(line);
        if (m) ptys.push(m[1]!);
        if (/starting data transfer loop/.test(line) && ptys.length >= 2) {
          clearTimeout(timer);
          resolve({ child, ptys: [ptys[0]!, ptys[1]!] });
        }
      }
    });
  });
}

/** Start the device on a socat pty pair; the caller owns stop(). */
export async function startPtySimulator(
  options: { card?: SyntheticCardName | null; fault?: string | null; baud?: number; controlFile?: string | null } = {},
): Promise<PtySimulator> {
  const device = new SimSamDevice({
    card: options.card === undefined ? DEFAULT_SIM_CARD : options.card,
    fault: parseSimFault(options.fault ?? null),
    baud: options.baud ?? DEFAULT_BAUD,
  });
  const controlFile = options.controlFile === undefined ? (process.env[SIM_CONTROL_ENV] ?? null) : options.controlFile;
  const control = controlFile ? new SimControlWatcher(controlFile, device) : null;
  const dir = mkdtempSync(join(tmpdir(), 'cardfill-pty-'));
  const { child, ptys } = await startSocat(dir);
  const [devicePath, hostPath] = ptys;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.on('exit', () => resolve());
  });

  const { SerialPort } = await import('serialport');
  // The device end is a tty; serialport handles its raw reads and writes. Baud is irrelevant on
  // a pty, so pacing is done here, at the device's rate.
  const port = new SerialPort({ path: devicePath, baudRate: DEFAULT_BAUD, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let busyUntil = 0;
  port.on('data', (chunk: Buffer) => {
    try {
      control?.apply();
    } catch {
      // A malformed control file leaves the device as it was; the test that wrote it sees that.
    }
    const replies = device.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    busyUntil = schedulePaced(replies, device.paceBaud, Math.max(Date.now(), busyUntil), timers, (bytes) => {
      if (port.isOpen) port.write(Buffer.from(bytes));
    });
  });
  port.on('error', () => undefined);

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    })());
  return { hostPath, devicePath, device, stop, exited };
}

function describeSimulator(): string {
  const cards = SYNTHETIC_CARD_NAMES.map((n) => `  ${n.padEnd(28)} ${SYNTHETIC_CARDS[n].description}`).join('\n');
  const faults = SIM_FAULTS.map((f) => `  ${f.padEnd(28)} ${SIM_FAULT_WORDS[f]}`).join('\n');
  return (
    'The simulated reader runs inside the host: use --reader sim:CARD with read or in the browser.\n' +
    'For the real serial code path, run `cardfill-host simulate --pty` and use the printed serial:PATH.\n' +
    `Tests can steer it with ${SIM_CONTROL_ENV}=FILE holding {"card": NAME|null, "fault": F|null, "placed": N}.\n\n` +
    `Cards:\n${cards}\n\nFaults:\n${faults}\n`
  );
}

export async function runSimulator(options: SimulatorOptions): Promise<number> {
  try {
    const card = options.card === undefined ? DEFAULT_SIM_CARD : parseSimCardName(options.card);
    const fault = parseSimFault(options.fault ?? null);
    if (options.baud !== undefined && !SERIAL_BAUD_RATES.includes(options.baud)) {
      throw new CardFillError('BAD_REQUEST', `--baud must be one of ${SERIAL_BAUD_RATES.join(', ')}`);
    }
    if (!options.pty) {
      process.stdout.write(describeSimulator());
      return 0;
    }
    const sim = await startPtySimulator({ card, fault, baud: options.baud ?? DEFAULT_BAUD });
    // The link path stays valid while socat runs; the /dev/pts path works as well.
    const baud = sim.device.paceBaud;
    process.stdout.write(
      `Simulated reader with ${card === null ? 'no card' : `card "${card}"`}${fault ? `, fault "${fault}"` : ''} on ${sim.hostPath}\n` +
        `Use: --reader serial:${sim.hostPath}${baud === DEFAULT_BAUD ? '' : `@${baud}`}\n` +
        'Stop with Ctrl+C.\n',
    );
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
      void sim.exited.then(done);
    });
    await sim.stop();
    return 0;
  } catch (e) {
    const info = toErrorInfo(e);
    process.stderr.write(`simulate: ${info.message}\n`);
    return 1;
  }
}
