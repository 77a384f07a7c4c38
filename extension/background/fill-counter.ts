/**
 * Staff mode's "fills today": a date and a number in storage.local, nothing about who was filled
 * (a count of fills today with no personal data in it). The day is the computer's local
 * day, so the count starts again at local midnight.
 */
import browser from 'webextension-polyfill';
import { localToday } from '../../src/card/dates';

const KEY = 'fillCount';

interface StoredCount {
  day: string;
  count: number;
}

/** The computer's local day: the one `localToday` (src/card/dates.ts). */
export const localDay = localToday;

function valid(value: unknown): value is StoredCount {
  const v = value as StoredCount | undefined;
  return typeof v === 'object' && v !== null && typeof v.day === 'string' && Number.isSafeInteger(v.count) && v.count >= 0;
}

export class FillCounter {
  async today(now: Date = new Date()): Promise<number> {
    const got = (await browser.storage.local.get(KEY))[KEY];
    return valid(got) && got.day === localDay(now) ? got.count : 0;
  }

  async increment(now: Date = new Date()): Promise<number> {
    const count = (await this.today(now)) + 1;
    const record: StoredCount = { day: localDay(now), count };
    await browser.storage.local.set({ [KEY]: record });
    return count;
  }
}
