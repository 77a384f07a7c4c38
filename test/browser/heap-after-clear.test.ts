/**
 * Nothing of the card outlives Clear (SECURITY.md P9): after Preview the tab's content script holds the plan (the
 * values to write); after Clear the background tells it to drop every plan, and the plans hold values, not
 * closures over the card. A heap snapshot of the tab's renderer (CDP HeapProfiler, which collects garbage first;
 * the content script's isolated world shares that heap) must then hold neither the card number nor the name.
 * The same search before Clear finds both, which shows the search works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { decodeCardText } from '../../src/card/decode';
import { SYNTHETIC_CARDS } from '../../src/card/synthetic';
import { launchExtension, startFixtureServer, type ExtensionBrowser, type FixtureServer } from './harness';

const card = decodeCardText(SYNTHETIC_CARDS.resident.text, { today: '2026-01-15' });

let server: FixtureServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await startFixtureServer();
  browser = await launchExtension({ sim: { card: 'resident' } });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The heap snapshot of the page's renderer as text. */
async function snapshot(page: Page): Promise<string> {
  const cdp = await browser.context.newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  return chunks.join('');
}

/** Whether a string is in the snapshot, raw or with the snapshot's \u escapes. */
function holds(snap: string, s: string): boolean {
  const escaped = Array.from(s)
    .map((ch) => (ch.charCodeAt(0) < 128 ? ch : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`))
    .join('');
  return snap.includes(s) || snap.includes(escaped) || snap.toLowerCase().includes(escaped.toLowerCase());
}

describe('the tab after Clear', () => {
  it('holds neither the card number nor the name in its renderer heap', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/attacks/plain.html?t=heap`);
    browser.setSim({ card: 'resident' });
    const popup = await browser.openPopup(page);
    try {
      await popup.click('[data-action=read]');
      await popup.waitForSelector('.card [data-field]', { timeout: 20_000 });
      await popup.click('[data-action=preview]');
      await popup.waitForSelector('[data-plan-item]', { timeout: 20_000 });
      const before = await snapshot(page);
      expect(holds(before, card.number), 'the number is in the heap while the plan is held').toBe(true);
      expect(holds(before, card.nameZh!), 'the name is in the heap while the plan is held').toBe(true);

      if (!(await popup.$('[data-action=clear]'))) await popup.click('[data-action=cancel-plan]');
      await popup.click('[data-action=clear]');
      await popup.waitForSelector('[data-action=read]', { timeout: 20_000 });
      // The background's message to the tab is on its way; a snapshot collects garbage first.
      let after = '';
      for (let i = 0; i < 4; i++) {
        await page.waitForTimeout(750);
        after = await snapshot(page);
        if (!holds(after, card.number) && !holds(after, card.nameZh!)) break;
      }
      expect(holds(after, card.number), 'the number outlived Clear').toBe(false);
      expect(holds(after, card.nameZh!), 'the name outlived Clear').toBe(false);
      expect(
        await page.evaluate(() =>
          Array.from(document.querySelectorAll('input'))
            .map((i) => i.value)
            .join(''),
        ),
      ).toBe('');
    } finally {
      await popup.close();
      await page.close();
    }
  }, 120_000);
});
