/**
 * Cancel that cancels, over the host contract: a `cancel` for a read in progress on a slow reader
 * (the simulator's `slow` fault paces every byte at 9600 baud) reaches the transport. The host
 * stays BUSY until the read has really stopped, then answers the read with the typed cancelled
 * error (READ_FAILED, retriable, "cancelled"); no further command reaches the reader; the next
 * read works.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPtySimulator, type PtySimulator } from '../../native-host/commands/simulate';
import { COMMANDS, FrameDecoder, parseRequestBody } from '../../src/sam/frame';
import { encodeNativeMessage } from '../../src/protocol/framing';
import type { HostMessage } from '../../src/protocol/messages';
import { DEV_ORIGIN, HostClient } from './client';

let hasSocat = true;
try {
  execFileSync('socat', ['-V'], { stdio: 'ignore' });
} catch {
  hasSocat = false;
}

const dir = mkdtempSync(join(tmpdir(), 'cardfill-cancel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const codeOf = (m: HostMessage) => (m.type === 'error' ? m.error.code : m.type);

/** Two requests in one write: the host handles them in the same turn, so no read can finish in between. */
function both(host: HostClient, a: unknown, b: unknown): void {
  const x = encodeNativeMessage(a, 65536);
  const y = encodeNativeMessage(b, 65536);
  const out = new Uint8Array(x.length + y.length);
  out.set(x, 0);
  out.set(y, x.length);
  host.writeRaw(out);
}

describe('cancel on the in-process simulator at 9600 baud', () => {
  it('answers the read cancelled, is BUSY until then, and reads again afterwards', async () => {
    const control = join(dir, 'control.json');
    writeFileSync(control, JSON.stringify({ card: 'resident', fault: 'slow', placed: 1 }));
    const host = new HostClient([DEV_ORIGIN], { CARDFILL_READER: 'sim:resident', CARDFILL_SIM_CONTROL: control });
    await host.next((m) => m.type === 'hello');

    host.send({ id: 1, type: 'read' });
    await sleep(400); // find and select are done; the 1295-byte reply is on the wire
    both(host, { id: 2, type: 'cancel', target: 1 }, { id: 3, type: 'status' });
    expect(codeOf(await host.reply(2))).toBe('ok');
    // The status came while the read was still stopping: the reader was still held.
    expect(codeOf(await host.reply(3))).toBe('BUSY');
    const read = await host.reply(1, 5000);
    expect(read).toMatchObject({
      type: 'error',
      error: { code: 'READ_FAILED', retriable: true, message: expect.stringMatching(/cancelled/i) },
    });
    expect(host.messages.filter((m) => m.type === 'card')).toEqual([]);

    // Stopped means free: the host answers at once. The SAM may have finished the base read and
    // halted the card, so the next read asks for it to be placed again; then it reads.
    host.send({ id: 4, type: 'status' });
    expect(codeOf(await host.reply(4))).toBe('status');
    writeFileSync(control, JSON.stringify({ card: 'resident', fault: null, placed: 1 }));
    host.send({ id: 5, type: 'read' });
    expect(codeOf(await host.reply(5))).toBe('CARD_NOT_REPRESENTED');
    writeFileSync(control, JSON.stringify({ card: 'resident', fault: null, placed: 2 }));
    host.send({ id: 6, type: 'read' });
    expect(await host.reply(6)).toMatchObject({ type: 'card', card: { kind: 'resident' } });
    await host.close();
  });

  it('a cancel naming another request leaves the read alone', async () => {
    const control = join(dir, 'control-2.json');
    writeFileSync(control, JSON.stringify({ card: 'hmt', fault: 'slow', placed: 1 }));
    const host = new HostClient([DEV_ORIGIN], { CARDFILL_READER: 'sim:hmt', CARDFILL_SIM_CONTROL: control });
    await host.next((m) => m.type === 'hello');
    host.send({ id: 1, type: 'read' });
    await sleep(200);
    host.send({ id: 2, type: 'cancel', target: 99 });
    expect(codeOf(await host.reply(2))).toBe('ok');
    expect(await host.reply(1, 8000)).toMatchObject({ type: 'card', card: { kind: 'hmt-residence-permit' } });
    await host.close();
  });
});

describe.skipIf(!hasSocat)('cancel reaches the serial transport (socat pseudo-terminal, a 9600-baud reader)', () => {
  let sim: PtySimulator | undefined;
  afterAll(async () => sim?.stop());

  it('closes the port mid-reply: no further command reaches the reader, the read answers cancelled', async () => {
    // A reader that runs at 9600 baud and is configured so: without a cancel this read succeeds.
    sim = await startPtySimulator({ card: 'foreign-2023', baud: 9600, controlFile: null });
    const wire: string[] = [];
    const decoder = new FrameDecoder();
    const device = sim.device;
    const receive = device.receive.bind(device);
    device.receive = (chunk: Uint8Array) => {
      for (const e of decoder.push(chunk)) {
        if (e.kind !== 'frame') continue;
        const r = parseRequestBody(e.body);
        wire.push(Object.values(COMMANDS).find((c) => c.cmd === r.cmd && c.para === r.para)?.name ?? `${r.cmd}/${r.para}`);
      }
      return receive(chunk);
    };
    const host = new HostClient([DEV_ORIGIN], { CARDFILL_READER: `serial:${sim.hostPath}@9600`, CARDFILL_SIM_CONTROL: '' });
    await host.next((m) => m.type === 'hello');

    host.send({ id: 1, type: 'read' });
    // Wait until the base read was sent: its reply takes ~1.35 s at 9600 baud.
    for (let i = 0; i < 100 && !wire.includes(COMMANDS.READ_BASE.name); i++) await sleep(20);
    expect(wire).toContain(COMMANDS.READ_BASE.name);
    await sleep(300);
    both(host, { id: 2, type: 'cancel', target: 1 }, { id: 3, type: 'read' });
    expect(codeOf(await host.reply(3))).toBe('BUSY');
    expect(await host.reply(1, 5000)).toMatchObject({
      type: 'error',
      error: { code: 'READ_FAILED', message: expect.stringMatching(/cancelled/i) },
    });
    const sentAtCancel = wire.length;
    // Without the cancel the host would now ask for the append address (30 03); it asks nothing.
    await sleep(2500);
    expect(wire.slice(sentAtCancel)).toEqual([]);
    expect(wire).not.toContain(COMMANDS.READ_APPEND.name);

    // The port was closed and opens again for the next read, once the card is placed again.
    device.place();
    host.send({ id: 4, type: 'read' });
    expect(await host.reply(4, 8000)).toMatchObject({ type: 'card', card: { kind: 'foreign-permanent-2023' } });
    await host.close();
  });
});
