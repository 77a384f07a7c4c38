// 1. Read latency against the wire, and 5. host RSS over 100 reads.
//
// The simulated reader runs on a pseudo-terminal (`cardfill-host simulate --pty`, socat) and paces
// its reply bytes at the baud rate, 10 bits a byte (docs/card-format.md §1.1, §7). Two clients
// read the same card through it:
//   raw  — this script, speaking the SAM frames itself (find → select → read base → read append,
//          the exchanges the host makes): the device's own time, wire plus whatever it adds. What it
//          adds beyond the paced reply bytes is the "simulated card time", measured here because the
//          simulator does not model or report a card-processing delay of its own.
//   host — the built host in native messaging mode with `serial:PTY@BAUD`, asked to `read` on an
//          open port, as the extension asks it.
// The figure is host ÷ raw = host ÷ (wire + simulated card time). Goal ≤ 1.05.
import { spawn } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HOST_BIN, HostProcess } from './lib/native-client.mjs';
import { loadShared } from './lib/load-shared.mjs';
import { slope, summarize } from './lib/stats.mjs';

/** The synthetic card read in every run: a resident card with photo and no append address. */
const CARD = 'resident';
/** Reads at which the host's RSS is sampled (after that many reads). */
const RSS_EVERY = 10;
/** Failed host reads tolerated (and reported) before the part gives up. */
const MAX_FAILED_READS = 3;

/** Starts `cardfill-host simulate --pty` and returns the host end of the pty and a way to re-place the card. */
async function startSimulator({ baud, work }) {
  const controlFile = path.join(work, `sim-${baud}.json`);
  // The control file (re-read on every request) lifts and places the card again between reads
  // (card-format.md §1.6: a read card answers "no card" until it is placed again).
  let placed = 0;
  const place = () => {
    // Written aside and renamed, so the simulator never reads half a file.
    writeFileSync(`${controlFile}.tmp`, JSON.stringify({ card: CARD, fault: null, placed: ++placed }));
    renameSync(`${controlFile}.tmp`, controlFile);
  };
  place();
  const args = ['simulate', '--pty', '--card', CARD, '--baud', String(baud)];
  const child = spawn(process.execPath, [HOST_BIN, ...args], {
    env: { ...process.env, CARDFILL_SIM_CONTROL: controlFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const ptyPath = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulator printed no pty path within 10 s: ${err.slice(-300)}`)), 10_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /--reader serial:(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/@\d+$/, ''));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited (${code}) before printing its pty: ${err.slice(-300) || out.slice(-300)}`));
    });
  });
  const exited = new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.on('exit', resolve)));
  // If the bench itself dies (an exception, Ctrl+C), the simulator and its socat must not outlive it.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  return {
    ptyPath,
    place,
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One raw read through the pty: the four exchanges the host makes, timed one by one. */
async function rawRead(port, frames, inbox) {
  const exchanges = [];
  for (const { name, request } of frames) {
    inbox.bytes = Buffer.alloc(0);
    const t0 = performance.now();
    port.write(Buffer.from(request));
    for (;;) {
      const b = inbox.bytes;
      // §1.2: 5 preamble bytes, 2 length bytes (big-endian, counts everything after them).
      if (b.length >= 7 && b.length >= 7 + b.readUInt16BE(5)) break;
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no complete reply to "${name}" within 5 s`)), 5000);
        inbox.wake = () => {
          clearTimeout(timer);
          resolve(undefined);
        };
      });
    }
    const ms = performance.now() - t0;
    const sw3 = inbox.bytes[9];
    exchanges.push({ name, ms, requestBytes: request.length, replyBytes: inbox.bytes.length, sw3 });
  }
  return exchanges;
}

async function benchBaud({ baud, rawRuns, hostReads, sampleRss, work, shared }) {
  const { COMMANDS, encodeRequest, wireTimeMs } = shared;
  const frames = [COMMANDS.FIND_CARD, COMMANDS.SELECT_CARD, COMMANDS.READ_BASE, COMMANDS.READ_APPEND].map((c) => ({
    name: c.name,
    request: encodeRequest(c),
  }));
  const sim = await startSimulator({ baud, work });
  try {
    // --- raw: the device's own time ---
    const { SerialPort } = await import('serialport');
    const port = new SerialPort({ path: sim.ptyPath, baudRate: baud, autoOpen: false });
    await new Promise((resolve, reject) => port.open((e) => (e ? reject(e) : resolve(undefined))));
    const inbox = { bytes: Buffer.alloc(0), wake: () => {} };
    port.on('data', (d) => {
      inbox.bytes = Buffer.concat([inbox.bytes, d]);
      inbox.wake();
    });
    const raw = [];
    /** @type {any[] | null} */
    let layout = null;
    for (let i = 0; i < rawRuns + 1; i++) {
      sim.place();
      const exchanges = await rawRead(port, frames, inbox);
      const bad = exchanges.find((e, k) => (k === 0 ? e.sw3 !== 0x9f : k === 3 ? e.sw3 !== 0x90 && e.sw3 !== 0x91 : e.sw3 !== 0x90));
      if (bad) throw new Error(`raw read: "${bad.name}" answered 0x${bad.sw3.toString(16)}`);
      if (i === 0) continue; // warm-up: the first exchange on a fresh pty
      layout = exchanges;
      raw.push(exchanges);
    }
    await new Promise((resolve) => port.close(() => resolve(undefined)));

    if (layout === null) throw new Error('no exchange layout was recorded');
    const exchanges = layout;
    const requestBytes = exchanges.reduce((a, e) => a + e.requestBytes, 0);
    const replyBytes = exchanges.reduce((a, e) => a + e.replyBytes, 0);
    const physicalWireMs = wireTimeMs(requestBytes + replyBytes, baud);
    const pacedWireMs = wireTimeMs(replyBytes, baud);
    const rawTotals = raw.map((ex) => ex.reduce((a, e) => a + e.ms, 0));
    const rawMedian = summarize(rawTotals).median ?? NaN;

    // --- host: native messaging `read` on an open port ---
    // With sampleRss the host carries the bench's memory probe (GC + heap/RSS on SIGUSR2); the
    // probe runs between reads, never during one, so the latencies are not touched by it.
    const nodeArgs = sampleRss ? ['--expose-gc', '--import', pathToFileURL(path.join(import.meta.dirname, 'lib/heap-probe.mjs')).href] : [];
    const host = new HostProcess({ nodeArgs, env: { CARDFILL_READER: `serial:${sim.ptyPath}@${baud}`, CARDFILL_SIM_CONTROL: '' } });
    const hostTimes = [];
    const failures = [];
    const rss = [];
    /** @type {number | null} */
    let cold = null;
    try {
      await host.hello();
      const sample = async (reads) => {
        const rssKiB = host.rssKiB(); // as it is, before the probe's GC
        const m = await host.probeMemory();
        rss.push({ reads, rssKiB, rssAfterGcKiB: Math.round(m.rss / 1024), heapAfterGcKiB: Math.round(m.heapUsed / 1024) });
      };
      if (sampleRss) await sample(0);
      for (let i = 1; i <= hostReads + 1; i++) {
        sim.place();
        const { reply, ms } = await host.request({ type: 'read' }, 20_000);
        if (reply.type !== 'card') {
          // A failed read is a finding, not a reason to lose the run: count it, place the card, go on.
          failures.push({ read: i, code: reply.error?.code ?? reply.type, message: (reply.error?.message ?? '').slice(0, 160) });
          if (failures.length > MAX_FAILED_READS)
            throw new Error(`host reads failed ${failures.length} times; last: ${failures.at(-1).code} ${failures.at(-1).message}`);
          i--;
          continue;
        }
        // The first read opens the port and loads the serialport addon: reported apart.
        if (i === 1) cold = ms;
        else hostTimes.push(ms);
        if (sampleRss && (i === 1 || i % RSS_EVERY === 0)) await sample(i);
      }
    } finally {
      await host.close();
    }
    const hostSummary = summarize(hostTimes);
    const ratio = (x) => Number((x / rawMedian).toFixed(3));
    const result = {
      baud,
      card: CARD,
      exchanges: exchanges.map((e) => ({ name: e.name, requestBytes: e.requestBytes, replyBytes: e.replyBytes })),
      wire: {
        bytesBothWays: requestBytes + replyBytes,
        replyBytes,
        physicalMs: Number(physicalWireMs.toFixed(2)),
        simulatorPacedMs: Number(pacedWireMs.toFixed(2)),
        note: 'physical = every byte both ways at 10 bits a byte; the pty simulator paces only its replies (requests reach it at once)',
      },
      raw: summarize(rawTotals),
      simulatedCardTime: summarize(rawTotals.map((t) => t - pacedWireMs)),
      hostRead: hostSummary,
      hostColdFirstRead: cold === null ? null : Number(cold.toFixed(2)),
      hostReadFailures: failures,
      ratio: {
        median: ratio(hostSummary.median),
        p10: ratio(hostSummary.p10),
        p90: ratio(hostSummary.p90),
        definition: 'host read ÷ (simulator-paced wire time + measured simulated card time) = host ÷ raw median',
        goal: 1.05,
        met: ratio(hostSummary.median) <= 1.05,
      },
      ratioToPhysicalWire: ratio(hostSummary.median) === null ? null : Number(((hostSummary.median ?? NaN) / physicalWireMs).toFixed(3)),
    };
    // The simulator must really pace at the claimed rate, else every ratio above is meaningless.
    const pacing = rawMedian / pacedWireMs;
    result.simulatorPacing = { rawOverPacedWire: Number(pacing.toFixed(3)), ok: pacing >= 0.97 };
    if (sampleRss) result.rss = rss;
    return result;
  } finally {
    await sim.stop();
  }
}

export async function benchRead({ quick = false } = {}) {
  const shared = await loadShared();
  const work = mkdtempSync(path.join(os.tmpdir(), 'cardfill-bench-read-'));
  try {
    const fast = await benchBaud({ baud: 115200, rawRuns: quick ? 5 : 20, hostReads: quick ? 20 : 100, sampleRss: true, work, shared });
    const slow = await benchBaud({ baud: 9600, rawRuns: quick ? 2 : 4, hostReads: quick ? 3 : 8, sampleRss: false, work, shared });
    const rss = fast.rss ?? [];
    delete fast.rss;
    // Growth is judged after the first 10 reads (JIT, serialport, decoder tables and V8's heap
    // sizing settle), on the live heap after GC (a leak) and on RSS after GC (what the OS sees).
    const warm = rss.filter((s) => s.reads >= RSS_EVERY);
    const trend = (key) => {
      const k = slope(
        warm.map((s) => s.reads),
        warm.map((s) => s[key]),
      );
      return k === null ? null : Number(k.toFixed(2));
    };
    const growth = (key) => (warm.length < 2 ? null : warm.at(-1)[key] - warm[0][key]);
    const memory = {
      backend: `serial on a pty at 115200 baud, card "${CARD}" with photo`,
      samples: rss,
      afterHelloKiB: rss[0]?.rssKiB ?? null,
      growthFrom: warm[0]?.reads ?? null,
      growthTo: warm.at(-1)?.reads ?? null,
      heapGrowthKiB: growth('heapAfterGcKiB'),
      heapSlopeKiBPerRead: trend('heapAfterGcKiB'),
      rssGrowthKiB: growth('rssAfterGcKiB'),
      rssSlopeKiBPerRead: trend('rssAfterGcKiB'),
      rssNoGcGrowthKiB: growth('rssKiB'),
    };
    // "No growth beyond noise": live heap after GC within 256 KiB over the last 90 reads (a leaked
    // card record with its photo, several KiB, a read would add several hundred), RSS after GC
    // within 4 MiB: between 100-read runs it moved by −4…+2.7 MiB, and a 1,000-read run levelled
    // off at ~70 MiB by read 450 (docs/benchmarks.md, Memory).
    memory.goal = 'no growth beyond noise: heap after GC +< 256 KiB and RSS after GC +< 4 MiB from read 10 to the last';
    memory.met = memory.heapGrowthKiB !== null && memory.heapGrowthKiB < 256 && (memory.rssGrowthKiB ?? Infinity) < 4096;
    return { read: { baud115200: fast, baud9600: slow }, hostMemory: memory };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
