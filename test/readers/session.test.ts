import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_CARDS, SYNTHETIC_CARD_NAMES } from '../../src/card/synthetic';
import { codeOf } from './helpers';
import { openReader } from '../../native-host/readers/index';
import { readCard, ReaderSession } from '../../native-host/readers/session';
import { SimReader } from '../../native-host/readers/sim';
import { SIM_FAULTS, type SimFault } from '../../native-host/readers/sim-device';

describe('readCard over the in-process simulator', () => {
  it('reads every synthetic card through the real codec', async () => {
    for (const name of SYNTHETIC_CARD_NAMES) {
      const reader = openReader(`sim:${name}`);
      if (name === 'unsupported') {
        expect(await codeOf(readCard(reader))).toBe('UNSUPPORTED_CARD');
      } else {
        const card = await readCard(reader);
        expect(card.number).toBe(SYNTHETIC_CARDS[name].fields.number);
        expect(card.photo?.mime).toBe('application/x-wlt');
        expect(atob(card.photo!.base64)).toHaveLength(1024);
      }
      await reader.close();
    }
  });

  it('prefers the append address and leaves the photo out when asked', async () => {
    const reader = openReader('sim:resident-new-address');
    const card = await readCard(reader, { photo: false });
    expect(card.address).toBe(SYNTHETIC_CARDS['resident-new-address'].appendAddress);
    expect(card.photo).toBeNull();
  });

  it('says CARD_NOT_REPRESENTED right after a read, NO_CARD otherwise (§1.6)', async () => {
    const reader = new SimReader('sim:resident', { card: 'resident', controlFile: null });
    await readCard(reader);
    expect(await codeOf(readCard(reader))).toBe('CARD_NOT_REPRESENTED');
    reader.device.place();
    expect(await codeOf(readCard(reader))).toBe('ok');
    const empty = new SimReader('sim', { card: null, controlFile: null });
    expect(await codeOf(readCard(empty))).toBe('NO_CARD');
  });

  const expected: Record<SimFault, string> = {
    'no-card': 'NO_CARD',
    removed: 'CARD_REMOVED',
    checksum: 'READ_FAILED',
    truncated: 'READ_FAILED',
    garbage: 'READ_FAILED',
    silence: 'TIMEOUT',
    slow: 'ok',
    'sam-failure': 'SAM_ERROR',
    unsupported: 'UNSUPPORTED_CARD',
  };

  it.each(SIM_FAULTS.map((f) => [f, expected[f]]))('fault %s gives %s in time, and the next read succeeds', async (fault, code) => {
    const reader = new SimReader('sim:hmt', { card: 'hmt', fault: fault as SimFault, controlFile: null });
    const started = Date.now();
    expect(await codeOf(readCard(reader))).toBe(code);
    const took = Date.now() - started;
    // Every fault ends within the per-step budgets: find 800 ms, read ≈ wire time + 1 s.
    expect(took).toBeLessThan(fault === 'slow' ? 3000 : 2500);
    reader.device.setFault(null);
    reader.device.place();
    const card = await readCard(reader);
    expect(card.kind).toBe('hmt-residence-permit');
  });

  it('gives NO_READER when the reader is unplugged mid-read', async () => {
    const reader = new SimReader('sim:resident', { card: 'resident', fault: 'silence', controlFile: null });
    const read = codeOf(readCard(reader));
    setTimeout(() => reader.simLink.unplug(), 100);
    expect(await read).toBe('NO_READER');
    reader.device.setFault(null);
    expect((await readCard(reader)).kind).toBe('resident');
  });

  it('serialises two reads on one reader: they never interleave', async () => {
    const reader = new SimReader('sim:resident', { card: 'resident', controlFile: null });
    const first = readCard(reader);
    const second = readCard(reader);
    expect(await codeOf(first)).toBe('ok');
    // The second ran after the first finished, so it met a halted card, not a mixed-up wire.
    expect(await codeOf(second)).toBe('CARD_NOT_REPRESENTED');
  });

  it('gives BUSY to a read that may not wait, or whose budget runs out while waiting', async () => {
    const reader = new SimReader('sim:resident', { card: 'resident', fault: 'slow', controlFile: null });
    const first = readCard(reader);
    await new Promise((r) => setTimeout(r, 20));
    expect(await codeOf(readCard(reader, { ifBusy: 'fail' }))).toBe('BUSY');
    expect(await codeOf(readCard(reader, { timeoutMs: 200 }))).toBe('BUSY');
    expect(await codeOf(first)).toBe('ok');
  });

  it('ReaderSession runs tasks one after another in order', async () => {
    const session = new ReaderSession();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name} end`);
    };
    await Promise.all([session.exclusive(task('a', 30), { waitMs: 1000 }), session.exclusive(task('b', 1), { waitMs: 1000 })]);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
  });
});

describe('sim control file (CARDFILL_SIM_CONTROL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cardfill-sim-'));
  const control = join(dir, 'control.json');
  const set = (value: object) => writeFileSync(control, JSON.stringify(value));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('changes card, fault and placement between operations', async () => {
    set({ card: 'foreign-2017', fault: null, placed: 1 });
    const reader = new SimReader('sim', { controlFile: control });
    expect((await readCard(reader)).kind).toBe('foreign-permanent-2017');
    expect(await codeOf(readCard(reader))).toBe('CARD_NOT_REPRESENTED');
    set({ card: 'foreign-2017', fault: null, placed: 2 });
    expect((await readCard(reader)).kind).toBe('foreign-permanent-2017');
    set({ card: null, fault: null, placed: 3 });
    expect(await codeOf(readCard(reader))).toBe('CARD_NOT_REPRESENTED');
    set({ card: 'foreign-2023', fault: 'sam-failure', placed: 3 });
    expect(await codeOf(readCard(reader))).toBe('SAM_ERROR');
    set({ card: 'foreign-2023', fault: null, placed: 3 });
    expect((await readCard(reader)).kind).toBe('foreign-permanent-2023');
  });

  it('puts an invented card from chip text fields on the reader ("custom"), and notices when it changes', async () => {
    const fields = { ...SYNTHETIC_CARDS.hmt.fields, nameZh: '林小雨' };
    set({ card: null, fault: null, placed: 1, custom: fields });
    const reader = new SimReader('sim', { controlFile: control });
    expect(await readCard(reader)).toMatchObject({ kind: 'hmt-residence-permit', nameZh: '林小雨', number: fields.number });
    set({ card: null, fault: null, placed: 1, custom: { ...fields, nameZh: '林大雨' } });
    expect((await readCard(reader)).nameZh).toBe('林大雨');
    set({ card: null, fault: null, placed: 1, custom: { ...fields, birthDate: '19951340' } });
    await expect(readCard(reader)).rejects.toThrow(expect.objectContaining({ code: 'READ_FAILED' })); // an impossible date on the chip
    set({ card: null, fault: null, placed: 1, custom: { ...fields, nameZh: '名字太长了名字太长了名字太长了名字太长了' } });
    await expect(readCard(reader)).rejects.toThrow(/"custom" .* is not a card/);
  });

  it('refuses a control file with an unknown card in words', async () => {
    set({ card: 'nobody', fault: null, placed: 1 });
    const reader = new SimReader('sim', { controlFile: control });
    await expect(readCard(reader)).rejects.toThrow(/Unknown simulated card "nobody"/);
  });
});
