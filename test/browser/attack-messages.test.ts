/**
 * A page that sends postMessage and custom events, and calls the extension directly, trying to
 * start a read or get card data (docs/prior-art.md §C; docs/architecture.md §1: no
 * externally_connectable, no postMessage listener, no in-page UI). The reader is the simulated
 * SAM device on a pseudo-terminal in this test process, so the test sees every byte the host
 * sends it: "no read happened" is read off the wire, not inferred.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startPtySimulator, type PtySimulator } from '../../native-host/commands/simulate';
import { decodeCardText } from '../../src/card/decode';
import { SYNTHETIC_CARDS } from '../../src/card/synthetic';
import { COMMANDS, FrameDecoder, parseRequestBody } from '../../src/sam/frame';
import { launchExtension, startFixtureServer, type ExtensionBrowser, type FixtureServer } from './harness';
import { hasCommand, toolMissing } from '../tools';

const noSocat = toolMissing('socat', hasCommand('socat', ['-V']));

const card = decodeCardText(SYNTHETIC_CARDS.resident.text, { today: '2026-01-15' });
const SECRETS = [
  card.nameZh!,
  card.number,
  card.number.slice(0, 10),
  card.address!.slice(0, 6),
  card.birthDate,
  card.birthDate.replaceAll('-', ''),
];

describe.skipIf(noSocat)('a page trying to make CardFill read or talk', () => {
  let server: FixtureServer;
  let sim: PtySimulator;
  let browser: ExtensionBrowser;
  let page: Page;
  let popup: Page;
  /** Command names the reader received, in order. */
  const wire: string[] = [];

  beforeAll(async () => {
    server = await startFixtureServer();
    sim = await startPtySimulator({ card: 'resident', controlFile: null });
    const decoder = new FrameDecoder();
    const receive = sim.device.receive.bind(sim.device);
    sim.device.receive = (chunk: Uint8Array) => {
      for (const e of decoder.push(chunk)) {
        if (e.kind !== 'frame') continue;
        const r = parseRequestBody(e.body);
        wire.push(Object.values(COMMANDS).find((c) => c.cmd === r.cmd && c.para === r.para)?.name ?? `${r.cmd}/${r.para}`);
      }
      return receive(chunk);
    };
    browser = await launchExtension({ sim: { card: null }, env: { CARDFILL_READER: `serial:${sim.hostPath}` } });
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
    await server?.close();
  });

  const reads = () => wire.filter((n) => n === COMMANDS.READ_BASE.name).length;
  const pageSaw = () =>
    page.evaluate(() => {
      const w = window as unknown as { __received: unknown[]; __attempts: Record<string, unknown> };
      return {
        received: JSON.stringify(w.__received),
        attempts: w.__attempts,
        dom: document.documentElement.outerHTML + document.title + window.name,
      };
    });

  it('the page cannot reach the extension at all, and its messages start no read', async () => {
    page = await browser.context.newPage();
    await page.goto(`${server.origin}/attacks/messages.html?ext=${browser.extensionId}`);
    await page.waitForTimeout(1500);
    const saw = await pageSaw();
    expect((saw.attempts['sent'] as number) > 100).toBe(true);
    // No externally_connectable: a web page has no chrome.runtime to call CardFill with.
    expect(saw.attempts['chromeRuntime']).toBe(false);
    expect(saw.attempts['sendMessage']).toBe('no chrome.runtime');
    expect(saw.attempts['fetch']).toBe('refused');
    // The reader was never asked anything: the host was not even started.
    expect(wire).toEqual([]);
  });

  it('while the page keeps at it, the person reads and previews: one read, and no card value reaches the page', async () => {
    popup = await browser.openPopup(page);
    // Opening the popup reads nothing by itself.
    await popup.waitForTimeout(500);
    expect(reads()).toBe(0);
    expect(await popup.$('.card')).toBeNull();
    await popup.click('[data-action=read]');
    await popup.waitForSelector('.card [data-field]', { timeout: 20_000 });
    expect(reads()).toBe(1);
    // Preview injects the content script into this very page and hands it the card.
    await popup.click('[data-action=preview]');
    await popup.waitForSelector('.plan', { timeout: 20_000 });
    await page.waitForTimeout(1000);
    const saw = await pageSaw();
    for (const secret of SECRETS) {
      expect(saw.received, secret).not.toContain(secret);
      expect(saw.dom, secret).not.toContain(secret);
    }
    // Nothing the page sent was answered: it received only its own messages back.
    const received = JSON.parse(saw.received) as { via: string; data: unknown }[];
    expect(received.filter((r) => r.via === 'sendMessage' || r.via === 'port')).toEqual([]);
    const vals = await page.evaluate(() => (window as unknown as { __values(): Record<string, string> }).__values());
    expect(vals).toEqual({ shown_name: '', shown_number: '' });
    // And still exactly one read on the wire: the page's messages since did not cause another.
    expect(reads()).toBe(1);
  });

  it('after the person fills only the name, the page holds the name and nothing else of the card', async () => {
    for (const field of await popup.$$eval('[data-plan-item]', (els) => els.map((e) => e.getAttribute('data-plan-item')!))) {
      if (field !== 'fullName' && field !== 'nameZh') await popup.click(`[data-plan-item=${field}]`);
    }
    await popup.click('[data-action=fill]');
    await popup.waitForSelector('.report', { timeout: 20_000 });
    await page.waitForTimeout(500);
    const vals = await page.evaluate(() => (window as unknown as { __values(): Record<string, string> }).__values());
    expect(vals).toEqual({ shown_name: card.nameZh, shown_number: '' });
    const saw = await pageSaw();
    for (const secret of SECRETS.filter((s) => s !== card.nameZh)) {
      expect(saw.received, secret).not.toContain(secret);
      expect(saw.dom, secret).not.toContain(secret);
    }
    expect(reads()).toBe(1);
  });
});
