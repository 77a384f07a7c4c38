/** Staff mode's fills-today count: a day and a number, nothing else; starts again the next day. */
import { describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', async () => ({ default: (await import('../fakes')).fakeBrowser }));

import { FillCounter, localDay } from '../../../extension/background/fill-counter';
import { resetFakes, storage } from '../fakes';

describe('FillCounter', () => {
  it('counts fills per local day and stores no personal data', async () => {
    resetFakes();
    const counter = new FillCounter();
    const day1 = new Date(2026, 2, 1, 9, 0);
    expect(await counter.today(day1)).toBe(0);
    await counter.increment(day1);
    expect(await counter.increment(day1)).toBe(2);
    expect(storage.local['fillCount']).toEqual({ day: localDay(day1), count: 2 });
    expect(await counter.today(new Date(2026, 2, 2, 0, 1))).toBe(0);
    expect(await counter.increment(new Date(2026, 2, 2, 0, 1))).toBe(1);
  });

  it('ignores a damaged stored value', async () => {
    resetFakes();
    storage.local['fillCount'] = { day: localDay(), count: -3 };
    expect(await new FillCounter().today()).toBe(0);
  });
});
