// 4. End to end in Chromium, and 5. the background's heap.
//
// The built extension and the real host (registered in a throw-away profile, in-process simulated
// reader holding the synthetic 2023 foreign card, 115200 baud) on the 12306 add-passenger replica
// served under its real address, as in test/browser/walking-skeleton.test.ts. A person reviews the
// card and the plan between the clicks, so the machine's share is timed click by click, with
// timestamps taken inside the pages (performance.timeOrigin + now(), one clock for all documents):
//   read     Read click → first card field shown in the popup (host read + decode + background + render)
//   preview  Preview click → plan shown (content script plans the page)
//   fill     Fill click → last field written on the page (last input/change event) / → report shown
// The sum read + preview + fill-to-last-field is CardFill's time; the human pauses are not in it.
// The background's JS heap is read through CDP (Runtime.getHeapUsage after a GC) before and after.
import { launchExtension, startFixtureServer } from '../lib/browser.mjs';
import { loadShared } from './lib/load-shared.mjs';
import { summarize } from './lib/stats.mjs';

const SITE = 'https://kyfw.12306.cn/otn/view/passenger_edit.html?type=add';
const FIXTURE = '/pages/12306-passenger.html';
const SIM_CARD = 'foreign-2023';

/** Serves the replica under the real site's address (test/browser/routing.ts does the same for the tests). */
async function routeSite(context, fixtureOrigin) {
  const site = new URL(SITE);
  await context.route(`${site.origin}/**`, async (route) => {
    const u = new URL(route.request().url());
    const res = await fetch(fixtureOrigin + (u.pathname === site.pathname ? FIXTURE : u.pathname));
    await route.fulfill({
      status: res.status,
      headers: { 'content-type': res.headers.get('content-type') ?? 'text/html' },
      body: Buffer.from(await res.arrayBuffer()),
    });
  });
}

/** A CDP channel to the extension's service worker (non-flattened session through a page's session). */
async function workerChannel(context, page) {
  const cdp = await context.newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
  if (!sw) throw new Error('no extension service worker target');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: sw.targetId, flatten: false });
  let nextId = 1;
  const waiting = new Map();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    const w = waiting.get(m.id);
    if (w) {
      waiting.delete(m.id);
      if (m.error) w.reject(new Error(m.error.message));
      else w.resolve(m.result);
    }
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  return {
    async heapKiB() {
      await send('HeapProfiler.collectGarbage');
      const r = await send('Runtime.getHeapUsage');
      return Math.round(r.usedSize / 1024);
    },
    detach: () => cdp.detach().catch(() => undefined),
  };
}

const MARKS = () => {
  const now = () => performance.timeOrigin + performance.now();
  const marks = {};
  const watch = { card: '.card [data-field]', plan: '.plan', report: '.report' };
  new MutationObserver(() => {
    for (const [k, sel] of Object.entries(watch)) if (!marks[k] && document.querySelector(sel)) marks[k] = now();
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  document.addEventListener(
    'click',
    (e) => {
      const a = e.target instanceof Element ? e.target.closest('[data-action]')?.getAttribute('data-action') : null;
      if (a && !marks[`click:${a}`]) marks[`click:${a}`] = now();
    },
    true,
  );
  globalThis.__benchMarks = marks;
};

const PAGE_WRITES = () => {
  const now = () => performance.timeOrigin + performance.now();
  globalThis.__benchWrites = { last: null, count: 0 };
  const mark = () => {
    globalThis.__benchWrites.last = now();
    globalThis.__benchWrites.count++;
  };
  addEventListener('input', mark, true);
  addEventListener('change', mark, true);
};

async function oneRun(popup, page) {
  await popup.waitForSelector('[data-action=read]');
  await popup.evaluate(MARKS);
  await page.evaluate(PAGE_WRITES);
  await popup.click('[data-action=read]');
  await popup.waitForSelector('.card [data-field]', { timeout: 20_000 });
  await popup.click('[data-action=preview]');
  await popup.waitForSelector('.plan', { timeout: 20_000 });
  await popup.click('[data-action=fill]');
  await popup.waitForSelector('.report', { timeout: 20_000 });
  // Writes the page reacts to after the report (none expected) would move "last field" later: wait a beat.
  await page.waitForTimeout(100);
  const m = await popup.evaluate(() => globalThis.__benchMarks);
  const w = await page.evaluate(() => globalThis.__benchWrites);
  if (!w.last) throw new Error('the fill wrote nothing on the page');
  return {
    readMs: m.card - m['click:read'],
    previewMs: m.plan - m['click:preview'],
    fillToLastFieldMs: w.last - m['click:fill'],
    fillToReportMs: m.report - m['click:fill'],
    cardfillMs: m.card - m['click:read'] + (m.plan - m['click:preview']) + (w.last - m['click:fill']),
    wallReadClickToLastFieldMs: w.last - m['click:read'],
    pageEvents: w.count,
  };
}

export async function benchEndToEnd({ quick = false } = {}) {
  const { REPLY_BYTES, wireTimeMs } = await loadShared();
  const reps = quick ? 2 : 8;
  const server = await startFixtureServer();
  let browser;
  try {
    browser = await launchExtension({ sim: { card: SIM_CARD } });
    await routeSite(browser.context, server.origin);
    const page = await browser.context.newPage();
    await page.goto(SITE);
    const popup = await browser.openPopup(page);
    const channel = await workerChannel(browser.context, page);
    const heapBefore = await channel.heapKiB();
    /** @type {number | null} */
    let heapAfterFirst = null;
    const runs = [];
    for (let i = 0; i <= reps; i++) {
      if (i > 0) {
        browser.setSim({ card: SIM_CARD }); // lift and place the card again (card-format.md §1.6)
        await page.reload();
        await popup.reload();
      }
      runs.push(await oneRun(popup, page));
      if (i === 0) heapAfterFirst = await channel.heapKiB();
    }
    const heapAfter = await channel.heapKiB();
    await channel.detach();
    const [cold, ...warm] = runs;
    const pick = (f) => summarize(warm.map(f));
    // The in-process simulator paces both ways at 115200 (sim.ts): find, select, read base, read append
    // (10-byte requests; the append reply of a card without an appended address is status-only).
    const R = REPLY_BYTES;
    const wireMs = wireTimeMs(10 + R.find + 10 + R.select + 10 + R.readBase + 10 + R.statusOnly, 115200);
    return {
      page: `12306 add-passenger replica at ${SITE}`,
      card: `sim ${SIM_CARD} (in-process simulated reader, 115200 baud)`,
      runs: warm.length,
      readMs: pick((r) => r.readMs),
      previewMs: pick((r) => r.previewMs),
      fillToLastFieldMs: pick((r) => r.fillToLastFieldMs),
      fillToReportMs: pick((r) => r.fillToReportMs),
      cardfillMs: pick((r) => r.cardfillMs),
      wallReadClickToLastFieldMs: pick((r) => r.wallReadClickToLastFieldMs),
      readWireFloorMs: Number(wireMs.toFixed(2)),
      cold: Object.fromEntries(Object.entries(cold).map(([k, v]) => [k, Number(v.toFixed(2))])),
      backgroundHeap: {
        beforeKiB: heapBefore,
        afterFirstRunKiB: heapAfterFirst,
        afterKiB: heapAfter,
        runs: runs.length,
        perWarmRunKiB: Number(((heapAfter - (heapAfterFirst ?? heapAfter)) / (runs.length - 1)).toFixed(1)),
        note: 'Runtime.getHeapUsage usedSize after HeapProfiler.collectGarbage; the first run also connects the native port',
      },
    };
  } finally {
    await browser?.close();
    await server.close();
  }
}
