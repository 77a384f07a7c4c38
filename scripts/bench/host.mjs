// 2. Host start and round trips, with the bundled host (native-host/dist/cardfill-host.mjs).
//   start → hello: from spawn() to the hello frame on stdout, as the browser's connectNative sees it,
//     with the reader left at the default (`auto`, which looks for readers lazily). Node's own start
//     (a script that writes one byte) is measured the same way, as the floor under it.
//   status round trip on an open port: the in-process simulated reader at 115200 baud. `status`
//     asks the reader twice (SAM status 11 FF, find 20 01), so its own wire time (requests and
//     replies, 10 bits a byte, docs/card-format.md §1.1) is a floor no reader can beat; the
//     host's share is the round trip minus that floor. `unwatch` touches no reader: it is the pure
//     protocol round trip (framing, validation, JSON) through the pipes.
import { spawn } from 'node:child_process';
import { HostProcess } from './lib/native-client.mjs';
import { loadShared } from './lib/load-shared.mjs';
import { summarize } from './lib/stats.mjs';

async function nodeFloorOnce() {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['-e', 'process.stdout.write("x")'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const ms = await new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve(performance.now() - t0));
    child.on('error', reject);
  });
  await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.on('exit', resolve)));
  return ms;
}

async function helloOnce() {
  const host = new HostProcess({ env: { CARDFILL_READER: 'auto' } });
  try {
    const { at, message } = await host.hello(10_000);
    if (message.protocol !== 1) throw new Error(`hello with protocol ${message.protocol}`);
    return at - host.startedAt;
  } finally {
    await host.close();
  }
}

export async function benchHost({ quick = false } = {}) {
  const { COMMANDS, encodeRequest, wireTimeMs } = await loadShared();
  const runs = quick ? 5 : 20;
  const trips = quick ? 20 : 100;

  await helloOnce(); // warm the file cache: a browser starts a host that was started before
  const hello = [];
  const nodeFloor = [];
  for (let i = 0; i < runs; i++) {
    nodeFloor.push(await nodeFloorOnce());
    hello.push(await helloOnce());
  }

  const host = new HostProcess({ env: { CARDFILL_READER: 'sim:resident', CARDFILL_SIM_CONTROL: '' } });
  const status = [];
  const unwatch = [];
  try {
    await host.hello();
    for (let i = 0; i < 5; i++) await host.request({ type: 'status' }); // open the reader, warm the JIT
    for (let i = 0; i < trips; i++) {
      const s = await host.request({ type: 'status' });
      if (s.reply.type !== 'status') throw new Error(`status answered ${s.reply.type} ${s.reply.error?.code ?? ''}`);
      status.push(s.ms);
      const u = await host.request({ type: 'unwatch' });
      if (u.reply.type !== 'ok') throw new Error(`unwatch answered ${u.reply.type}`);
      unwatch.push(u.ms);
    }
  } finally {
    await host.close();
  }
  // SAM status: 10-byte request, 11-byte reply; find: 10-byte request, 15-byte reply (§1.3, §1.5).
  const statusBytes = encodeRequest(COMMANDS.SAM_STATUS).length + 11 + encodeRequest(COMMANDS.FIND_CARD).length + 15;
  const wireFloor = wireTimeMs(statusBytes, 115200);
  const statusSummary = summarize(status);
  const overhead = summarize(status.map((ms) => ms - wireFloor));
  const helloSummary = summarize(hello);
  return {
    hostStart: {
      hello: helloSummary,
      nodeStartFloor: summarize(nodeFloor),
      reader: 'auto (the default the browser gets)',
      goalMs: 150,
      met: (helloSummary.median ?? Infinity) <= 150,
    },
    statusRoundTrip: {
      reader: 'sim:resident (in-process simulated reader, 115200 baud)',
      status: statusSummary,
      wireFloorMs: Number(wireFloor.toFixed(2)),
      wireFloorBytes: statusBytes,
      hostShare: overhead,
      protocolOnly: summarize(unwatch),
      goalMs: 2,
      goalAppliedTo: 'status round trip minus the wire floor of its two reader exchanges',
      met: (overhead.median ?? Infinity) <= 2,
    },
  };
}
