/**
 * The reader fault matrix, end to end: the real built host in native messaging mode,
 * its real serial backend on a socat pseudo-terminal, the simulated SAM device on the other end.
 * Each fault ends in its typed error within its time budget, the host process stays alive, and
 * the next read succeeds — as at a front desk where cards are pulled and cables are flaky.
 */
import { mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPtySimulator, type PtySimulator } from '../../native-host/commands/simulate';
import type { SimFault } from '../../native-host/readers/sim-device';
import { COMMANDS, FrameDecoder, parseRequestBody } from '../../src/sam/frame';
import type { HostMessage } from '../../src/protocol/messages';
import { DEV_ORIGIN, HostClient } from './client';
import { hasCommand, toolMissing } from '../tools';

const noSocat = toolMissing('socat', hasCommand('socat', ['-V']));

const codeOf = (m: HostMessage) => (m.type === 'error' ? m.error.code : m.type);

/**
 * A stable device path, as a USB reader keeps /dev/ttyUSB0 across a re-plug: a symlink that the
 * test points at whichever pseudo-terminal the current simulator owns.
 */
class PluggedReader {
  sim!: PtySimulator;
  /** Every request frame the device received, in order, and any frame it could not decode. */
  readonly wire: string[] = [];
  wireErrors = 0;
  constructor(readonly path: string) {}

  async plug(card: 'resident' | 'foreign-2023' | 'hmt' = 'foreign-2023'): Promise<void> {
    this.sim = await startPtySimulator({ card, controlFile: null });
    try {
      unlinkSync(this.path);
    } catch {
      // first plug
    }
    symlinkSync(this.sim.hostPath, this.path);
    // Watch the device side of the wire: each request frame as the device decodes it.
    const device = this.sim.device;
    const decoder = new FrameDecoder();
    const receive = device.receive.bind(device);
    device.receive = (chunk: Uint8Array) => {
      for (const e of decoder.push(chunk)) {
        if (e.kind === 'error') this.wireErrors++;
        else {
          const r = parseRequestBody(e.body);
          const name = Object.values(COMMANDS).find((c) => c.cmd === r.cmd && c.para === r.para)?.name ?? `${r.cmd}/${r.para}`;
          this.wire.push(name);
        }
      }
      return receive(chunk);
    };
  }

  /** A card placed (again) with a fault, or none. */
  place(fault: SimFault | null): void {
    this.sim.device.setFault(fault);
    this.sim.device.place();
  }

  async unplug(): Promise<void> {
    await this.sim.stop();
  }
}

describe.skipIf(noSocat)('reader fault matrix through the host (serial on a pseudo-terminal)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cardfill-faults-'));
  const reader = new PluggedReader(join(dir, 'ttyCARD0'));
  let host: HostClient;
  let nextId = 1;

  const read = async (timeoutMs = 20_000): Promise<{ reply: HostMessage; ms: number }> => {
    const id = nextId++;
    const started = Date.now();
    host.send({ id, type: 'read' });
    const reply = await host.reply(id, timeoutMs);
    return { reply, ms: Date.now() - started };
  };
  const expectAlive = () => expect(host.child.exitCode).toBeNull();

  beforeAll(async () => {
    await reader.plug();
    host = new HostClient([DEV_ORIGIN], {
      CARDFILL_READER: `serial:${reader.path}`,
      CARDFILL_SIM_CONTROL: '',
      XDG_STATE_HOME: join(dir, 'state'),
    });
    await host.next((m) => m.type === 'hello');
  });
  afterAll(async () => {
    await host?.close();
    await reader.sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says NO_CARD when the reader is empty, then reads the card once it is placed', async () => {
    reader.place('no-card');
    const empty = await read();
    expect(codeOf(empty.reply)).toBe('NO_CARD');
    expect(empty.ms).toBeLessThan(3000);
    reader.place(null);

    const { reply } = await read();
    expect(reply).toMatchObject({ type: 'card', card: { kind: 'foreign-permanent-2023' } });
  });

  // Budgets: the host's per-step timeouts (native-host/readers/session.ts STEP_TIMEOUTS) plus the
  // session's guard; none of these may hang anywhere near the 15 s overall read budget.
  // Right after a good read, an empty reader answers like a halted card that still lies there
  // (card-format.md §1.6), so the host asks for the card to be placed again.
  const matrix: [SimFault, string, number][] = [
    ['no-card', 'CARD_NOT_REPRESENTED', 3000],
    ['removed', 'CARD_REMOVED', 3000],
    ['checksum', 'READ_FAILED', 3000],
    ['truncated', 'READ_FAILED', 4000],
    ['garbage', 'READ_FAILED', 4000],
    ['silence', 'TIMEOUT', 4000],
    // 9600-baud bytes on a link the host drives at 115200: the read budget runs out, in words.
    ['slow', 'READ_FAILED', 4000],
    ['sam-failure', 'SAM_ERROR', 3000],
    ['unsupported', 'UNSUPPORTED_CARD', 3000],
  ];

  it.each(matrix)('fault %s ends in %s within %i ms; the host lives on and the next read succeeds', async (fault, code, budget) => {
    reader.place(fault);
    const failed = await read();
    expect(codeOf(failed.reply)).toBe(code);
    expect(failed.reply.type === 'error' && failed.reply.error.message.length).toBeGreaterThan(10);
    expect(failed.ms).toBeLessThan(budget);
    expectAlive();
    reader.place(null);
    const ok = await read();
    expect(ok.reply).toMatchObject({ type: 'card', card: { kind: 'foreign-permanent-2023' } });
    expectAlive();
  });

  it('unplugged mid-read: NO_READER at once, the host lives on, and reads again once plugged back', async () => {
    // The silent reader keeps the read waiting on the wire; then the cable is pulled.
    reader.place('silence');
    const id = nextId++;
    const started = Date.now();
    host.send({ id, type: 'read' });
    await new Promise((r) => setTimeout(r, 250));
    await reader.unplug();
    const reply = await host.reply(id, 10_000);
    expect(codeOf(reply)).toBe('NO_READER');
    expect(Date.now() - started).toBeLessThan(3000);
    expectAlive();
    // While it is unplugged: NO_READER in words, not a hang.
    const meanwhile = await read();
    expect(codeOf(meanwhile.reply)).toBe('NO_READER');
    expect(meanwhile.ms).toBeLessThan(3000);
    // Plugged back in at the same path.
    await reader.plug('hmt');
    const again = await read();
    expect(again.reply).toMatchObject({ type: 'card', card: { kind: 'hmt-residence-permit' } });
    expectAlive();
  });

  it('two reads at once: one reads, the other is BUSY, and the wire carries one clean transaction', async () => {
    reader.place(null);
    reader.wire.length = 0;
    reader.wireErrors = 0;
    const a = nextId++;
    const b = nextId++;
    const c = nextId++;
    host.send({ id: a, type: 'read' });
    host.send({ id: b, type: 'read' });
    host.send({ id: c, type: 'status' });
    const [ra, rb, rc] = await Promise.all([host.reply(a), host.reply(b), host.reply(c)]);
    expect(ra.type).toBe('card');
    expect(codeOf(rb)).toBe('BUSY');
    expect(codeOf(rc)).toBe('BUSY');
    // What the device saw: whole frames only, one read transaction, nothing from the refused requests.
    expect(reader.wireErrors).toBe(0);
    expect(reader.wire.filter((n) => n === COMMANDS.READ_BASE.name)).toHaveLength(1);
    const find = reader.wire.indexOf(COMMANDS.FIND_CARD.name);
    const sel = reader.wire.indexOf(COMMANDS.SELECT_CARD.name);
    const base = reader.wire.indexOf(COMMANDS.READ_BASE.name);
    expect(find).toBeGreaterThanOrEqual(0);
    expect(find < sel && sel < base).toBe(true);
    expect(reader.wire.filter((n) => n === COMMANDS.FIND_CARD.name)).toHaveLength(1);
    expectAlive();
  });

  it('a watch polling the reader never cuts into a read on the wire', async () => {
    reader.place(null);
    const w = nextId++;
    host.send({ id: w, type: 'watch' });
    expect((await host.reply(w)).type).toBe('ok');
    reader.wireErrors = 0;
    for (let i = 0; i < 3; i++) {
      reader.place(null);
      expect((await read()).reply.type).toBe('card');
      await new Promise((r) => setTimeout(r, 400));
    }
    expect(reader.wireErrors).toBe(0);
    const u = nextId++;
    host.send({ id: u, type: 'unwatch' });
    expect((await host.reply(u)).type).toBe('ok');
    expectAlive();
  });
});
