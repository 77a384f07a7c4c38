import { afterEach, describe, expect, it, vi } from 'vitest';
import { runSimulator } from '../../native-host/commands/simulate';
import { SIM_FAULTS } from '../../native-host/readers/sim-device';
import { SYNTHETIC_CARD_NAMES } from '../../src/card/synthetic';

describe('cardfill-host simulate', () => {
  afterEach(() => vi.restoreAllMocks());

  it('without --pty explains the in-process simulator and lists every card and fault', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    expect(await runSimulator({})).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/--reader sim:CARD/);
    for (const name of [...SYNTHETIC_CARD_NAMES, ...SIM_FAULTS]) expect(text).toContain(name);
  });

  it.each([
    [{ card: 'nobody' }, /Unknown simulated card "nobody"/],
    [{ fault: 'melted' }, /Unknown simulator fault "melted"/],
    [{ baud: 1234 }, /--baud must be one of/],
  ])('refuses %o with words and exit code 1', async (options, words) => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    expect(await runSimulator(options)).toBe(1);
    expect(err.join('')).toMatch(words);
  });
});
