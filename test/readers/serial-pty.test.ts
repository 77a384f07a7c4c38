/**
 * The real serial backend (serialport) against the simulated SAM device on a real socat
 * pseudo-terminal pair: every synthetic card, every fault, and recovery after each.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPtySimulator, type PtySimulator } from '../../native-host/commands/simulate';
import { openReader } from '../../native-host/readers/index';
import { probeSerialPort } from '../../native-host/readers/serial';
import { readCard } from '../../native-host/readers/session';
import { SIM_FAULTS, type SimFault } from '../../native-host/readers/sim-device';
import type { CardReader } from '../../native-host/readers/types';
import { SYNTHETIC_CARDS, SYNTHETIC_CARD_NAMES } from '../../src/card/synthetic';
import { codeOf } from './helpers';
import { hasCommand, toolMissing } from '../tools';

const noSocat = toolMissing('socat', hasCommand('socat', ['-V']));

describe.skipIf(noSocat)('serial backend through a socat pseudo-terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cardfill-serial-'));
  const controlFile = join(dir, 'control.json');
  let placed = 0;
  const control = (card: string | null, fault: SimFault | null = null, replace = true) => {
    if (replace) placed++;
    writeFileSync(controlFile, JSON.stringify({ card, fault, placed }));
  };
  let sim: PtySimulator;
  let reader: CardReader;

  beforeAll(async () => {
    control('resident');
    sim = await startPtySimulator({ card: 'resident', controlFile });
    reader = openReader(`serial:${sim.hostPath}`);
  });

  afterAll(async () => {
    await reader?.close();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the simulated reader by probing with SAM status 11 FF', async () => {
    expect(await probeSerialPort(sim.hostPath)).toBe(true);
  });

  it('reads every synthetic card', async () => {
    for (const name of SYNTHETIC_CARD_NAMES) {
      control(name);
      if (name === 'unsupported') {
        expect(await codeOf(readCard(reader))).toBe('UNSUPPORTED_CARD');
        continue;
      }
      const card = await readCard(reader);
      const fields = SYNTHETIC_CARDS[name].fields;
      expect(card.number).toBe(fields.number);
      expect(card.birthDate.replaceAll('-', '')).toBe(fields.birthDate);
      expect(atob(card.photo!.base64)).toHaveLength(1024);
    }
  });

  it('keeps the card-must-be-lifted rule over the wire', async () => {
    control('hmt');
    expect((await readCard(reader)).kind).toBe('hmt-residence-permit');
    expect(await codeOf(readCard(reader))).toBe('CARD_NOT_REPRESENTED');
    control('hmt'); // lifted and placed again
    expect((await readCard(reader)).kind).toBe('hmt-residence-permit');
  });

  const expected: Record<SimFault, string> = {
    'no-card': 'NO_CARD',
    removed: 'CARD_REMOVED',
    checksum: 'READ_FAILED',
    truncated: 'READ_FAILED',
    garbage: 'READ_FAILED',
    silence: 'TIMEOUT',
    slow: 'READ_FAILED', // 9600-baud bytes on a port the host drives at 115200: the read budget runs out
    'sam-failure': 'SAM_ERROR',
    unsupported: 'UNSUPPORTED_CARD',
  };

  it('lets only one reader hold the port at a time, in words', async () => {
    const second = openReader(`serial:${sim.hostPath}`);
    await reader.open();
    await expect(second.open()).rejects.toThrow(/in use/);
    // The ports are locked, so the tests below each open their own reader after this one closes.
    await reader.close();
  });

  it.each(SIM_FAULTS.map((f) => [f, expected[f]]))(
    'fault %s gives %s within its timeout, then the next read succeeds',
    async (fault, code) => {
      // A fresh reader each time, so "no card" is not taken for "card just read".
      const r = openReader(`serial:${sim.hostPath}`);
      try {
        control('foreign-2023', fault as SimFault);
        const started = Date.now();
        expect(await codeOf(readCard(r))).toBe(code);
        expect(Date.now() - started).toBeLessThan(3000);
        control('foreign-2023', null);
        expect((await readCard(r)).kind).toBe('foreign-permanent-2023');
      } finally {
        await r.close();
      }
    },
  );

  it('reads a slow reader when the host uses its baud rate (@9600)', async () => {
    const r = openReader(`serial:${sim.hostPath}@9600`);
    try {
      control('foreign-2017', 'slow');
      const started = Date.now();
      const card = await readCard(r);
      const took = Date.now() - started;
      expect(card.kind).toBe('foreign-permanent-2017');
      // 1295 bytes at 9600 baud take ≈ 1.35 s on the wire (§7).
      expect(took).toBeGreaterThan(1300);
    } finally {
      control('resident', null);
      await r.close();
    }
  });
});

describe.skipIf(noSocat)('serial backend when the reader goes away', () => {
  it('says NO_READER when the port disappears, and NO_READER with words for a missing port', async () => {
    const sim = await startPtySimulator({ card: 'resident', controlFile: null });
    const reader = openReader(`serial:${sim.hostPath}`);
    expect((await readCard(reader)).kind).toBe('resident');
    await sim.stop();
    expect(await codeOf(readCard(reader))).toBe('NO_READER');
    await reader.close();
    const missing = openReader('serial:/dev/cardfill-no-such-port');
    await expect(readCard(missing)).rejects.toThrow(/could not be opened/);
  });
});
