/**
 * Attack pages through the real extension (docs/architecture.md §6 never-list; reference/
 * anchors.md §B4, §C). The person does what they always do — Read, Preview, Fill in the popup — on
 * a page built to steal: hidden, invisible, tiny, off-screen, clipped, covered and password fields,
 * rows revealed out of sight, cross-origin and sandboxed frames, an http: page on a real-looking
 * name, a URL that changes between preview and fill, and input listeners that copy everything.
 * Each test asserts that no card value reached anything the person did not approve.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { launchExtension, startFixtureServer, type ExtensionBrowser, type FixtureServer } from './harness';
import { card, expectNoSecrets, SECRETS } from './leaks';

const EVIL_HOSTS = ['evil.example', 'www.12306.cn.evil.example', 'kyfw-test.12306.cn'];

let server: FixtureServer;
let other: FixtureServer;
let browser: ExtensionBrowser;
let serial = 0;

beforeAll(async () => {
  server = await startFixtureServer();
  // A second origin (another port) for the cross-origin frame.
  other = await startFixtureServer();
  browser = await launchExtension({
    sim: { card: 'resident' },
    // Real-looking names on this computer, reached over plain http (Chromium's resolver rules).
    args: [`--host-resolver-rules=${EVIL_HOSTS.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`],
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await other?.close();
});

type Values = Record<string, string>;
const values = (f: Page | Frame) => f.evaluate(() => (window as unknown as { __values(): Values }).__values());
const events = (f: Page | Frame) =>
  f.evaluate(() =>
    (window as unknown as { __events(): { type: string; name: string; value: string; key: string; data: string }[] }).__events(),
  );

/** Open a fixture page under a unique URL (the popup finds its tab by URL). */
async function open(path: string, origin = server.origin): Promise<Page> {
  const page = await browser.context.newPage();
  const sep = path.includes('?') ? '&' : '?';
  await page.goto(`${origin}${path}${sep}t=${++serial}`);
  return page;
}

/**
 * Open a page and learn its tab id by what appeared. (The harness finds tabs by URL, but the
 * extension cannot see the URL of a page it has no access to, such as an http: page elsewhere.)
 */
async function openUnseen(url: string): Promise<{ page: Page; tabId: number }> {
  const ids = () => browser.worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id!));
  const before = new Set(await ids());
  const page = await browser.context.newPage();
  await page.goto(url);
  const fresh = (await ids()).filter((id) => !before.has(id));
  expect(fresh).toHaveLength(1);
  return { page, tabId: fresh[0]! };
}

/** The person places the card, clicks Read, then Preview; resolves with the popup showing a plan or an error. */
async function readAndPreview(page: Page, tabId?: number): Promise<Page> {
  browser.setSim({ card: 'resident' });
  let popup: Page;
  if (tabId === undefined) popup = await browser.openPopup(page);
  else {
    popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/extension/popup.html?tab=${tabId}`);
  }
  await popup.click('[data-action=read]');
  await popup.waitForSelector('.card [data-field]', { timeout: 20_000 });
  await popup.click('[data-action=preview]');
  await popup.waitForSelector('.plan, [data-error-code]', { timeout: 20_000 });
  return popup;
}

async function plannedFields(popup: Page): Promise<string[]> {
  return popup.$$eval('[data-plan-item]', (els) => els.map((e) => e.getAttribute('data-plan-item') ?? ''));
}

async function fill(popup: Page): Promise<void> {
  await popup.click('[data-action=fill]');
  await popup.waitForSelector('.report, [data-error-code]', { timeout: 20_000 });
}

describe('hidden-field phishing', () => {
  it('plans and fills only the two visible fields; every hidden, invisible, tiny, off-screen, clipped, covered or password field stays empty', async () => {
    const page = await open('/attacks/hidden.html');
    const popup = await readAndPreview(page);
    try {
      expect(await plannedFields(popup)).toEqual(expect.arrayContaining(['documentNumber']));
      // The plan offers exactly two lines: what the person sees on the page.
      expect(await popup.$$eval('[data-plan-item]', (l) => l.length)).toBe(2);
      // And lists what it refused, with the reason, so the trap is visible to the person.
      const refused = (await popup.$$eval('.refused li', (l) => l.map((e) => e.textContent ?? ''))).join('\n');
      for (const reason of ['password', 'hidden', 'invisible', 'too small', 'off-screen', 'clipped', 'covered'])
        expect(refused).toContain(reason);
      // filter: opacity(0) on an ancestor counts as invisible too (签发日期 is the trap behind it).
      expect(refused).toMatch(/签发日期[^\n]*invisible/);
      // So does an all-transparent mask (国籍 is the trap behind it).
      expect(refused).toMatch(/国籍[^\n]*invisible/);
      const planText = await popup.textContent('.plan');
      for (const hiddenValue of [card.address!, card.issuer!]) expect(planText).not.toContain(hiddenValue);
      await fill(popup);
      expect(await popup.$('.report')).not.toBeNull();
      await expectNoSecrets(page, { shown_name: card.nameZh!, shown_number: card.number });
    } finally {
      await popup.close();
      await page.close();
    }
  });

  it('password fields are never filled, even when labelled as card fields', async () => {
    const page = await open('/attacks/hidden.html');
    const popup = await readAndPreview(page);
    try {
      await fill(popup);
      const v = await values(page);
      expect(v['trap_password']).toBe('');
      expect(v['trap_name_password']).toBe('');
      const touched = (await events(page)).filter((e) => e.name === 'trap_password' || e.name === 'trap_name_password');
      expect(touched).toEqual([]);
    } finally {
      await popup.close();
      await page.close();
    }
  });

  it('rows revealed after the document type — off-screen, covered or transparent — stay empty', async () => {
    const page = await open('/attacks/reveal.html');
    const popup = await readAndPreview(page);
    try {
      expect(await plannedFields(popup)).toEqual(expect.arrayContaining(['documentType', 'documentNumber']));
      await fill(popup);
      await popup.waitForSelector('.report');
      // The page did reveal them (so this test can fail), just not where a person could see them.
      expect(await page.evaluate(() => document.getElementById('r1')!.style.display)).toBe('block');
      await expectNoSecrets(page, { shown_doc_type: '1', shown_name: card.nameZh!, shown_number: card.number });
      // The report says what was skipped, with a reason.
      expect(await popup.textContent('.report')).toMatch(/–/);
    } finally {
      await popup.close();
      await page.close();
    }
  });
});

describe('frames', () => {
  it('a cross-origin frame and sandboxed frames asking for the same fields get nothing', async () => {
    const page = await open(`/attacks/frames.html?other=${other.port}`);
    await page.waitForFunction(() => document.querySelectorAll('iframe').length === 3);
    for (const title of ['cross', 'sandboxed', 'sandboxed-same']) {
      await page.waitForFunction((t) => !!document.querySelector(`iframe[title=${t}]`), title);
    }
    const popup = await readAndPreview(page);
    try {
      // The plan names the refused frames, so the person knows why they are not filled.
      const refused = (await popup.$$eval('.refused li', (l) => l.map((e) => e.textContent ?? ''))).join('\n');
      expect(refused).toContain('cross-origin frame');
      expect(refused).toContain('sandboxed frame');
      expect(await popup.$$eval('[data-plan-item]', (l) => l.map((e) => e.getAttribute('data-plan-item')))).toHaveLength(1);
      await fill(popup);
      const frames = page.frames().filter((f) => f !== page.mainFrame());
      expect(frames.length).toBe(3);
      for (const f of frames) {
        await f.waitForFunction(() => typeof (window as unknown as { __values?: unknown }).__values === 'function');
        await expectNoSecrets(f);
      }
      expect(new URL(frames.find((f) => f.url().includes('cross'))!.url()).port).toBe(String(other.port));
      await expectNoSecrets(page, { shown_name: card.nameZh! });
    } finally {
      await popup.close();
      await page.close();
    }
  });
});

describe('insecure pages', () => {
  it.each(EVIL_HOSTS)("an http: page on %s (not this computer's loopback name) is refused before anything is planned", async (host) => {
    const { page, tabId } = await openUnseen(`http://${host}:${server.port}/attacks/hidden.html?t=${++serial}`);
    expect(page.url()).toContain(host);
    expect(await page.evaluate(() => document.title)).toBe('领取优惠券');
    const popup = await readAndPreview(page, tabId);
    try {
      expect(await popup.getAttribute('[data-error-code]', 'data-error-code')).toBe('NOT_ALLOWED');
      expect(await popup.$('.plan')).toBeNull();
      await expectNoSecrets(page);
    } finally {
      await popup.close();
      await page.close();
    }
  });
});

describe('a page that changes its address between preview and fill', () => {
  const changes: [string, (p: Page) => Promise<unknown>][] = [
    ['history.pushState', (p) => p.evaluate(() => history.pushState({}, '', '/attacks/elsewhere.html'))],
    [
      'location.hash',
      (p) =>
        p.evaluate(() => {
          location.hash = '#step2';
        }),
    ],
    ['history.replaceState with a query', (p) => p.evaluate(() => history.replaceState({}, '', location.pathname + '?evil=1'))],
  ];
  it.each(changes)('%s: nothing is filled and the popup says so', async (_how, change) => {
    const page = await open('/attacks/plain.html');
    const popup = await readAndPreview(page);
    try {
      expect((await plannedFields(popup)).length).toBeGreaterThan(0);
      await change(page);
      await fill(popup);
      expect(await popup.$('.report')).toBeNull();
      expect(await popup.getAttribute('[data-error-code]', 'data-error-code')).toMatch(/^(BAD_REQUEST|NOT_ALLOWED)$/);
      expect(await popup.textContent('[data-error-code]')).toMatch(/preview/i);
      await expectNoSecrets(page);
    } finally {
      await popup.close();
      await page.close();
    }
  });
});

describe('a page whose listeners copy every value', () => {
  it('values the person switched off never reach the page, by any event, mirror, title or storage', async () => {
    const page = await open('/attacks/listeners.html');
    const popup = await readAndPreview(page);
    try {
      const planned = await plannedFields(popup);
      expect(planned).toEqual(expect.arrayContaining(['documentNumber', 'birthDate', 'address']));
      // The person keeps only the name.
      for (const field of planned.filter((f) => f !== 'fullName' && f !== 'nameZh')) await popup.click(`[data-plan-item=${field}]`);
      await fill(popup);
      await popup.waitForSelector('.report');
      const v = await values(page);
      expect(v['shown_name']).toBe(card.nameZh);
      // The page copied the name (it may: the person approved it) — so its listeners did run.
      expect(v['mirror']).toContain(card.nameZh);
      const seen = await page.evaluate(() =>
        [
          document.documentElement.outerHTML,
          document.title,
          JSON.stringify((window as unknown as { __leak: string[] }).__leak),
          localStorage.getItem('leak') ?? '',
        ].join('\n'),
      );
      const allEvents = JSON.stringify(await events(page));
      for (const secret of SECRETS.filter((s) => !card.nameZh!.includes(s))) {
        expect(seen, secret).not.toContain(secret);
        expect(allEvents, secret).not.toContain(secret);
      }
      for (const name of ['shown_number', 'shown_birth', 'shown_address']) expect(v[name], name).toBe('');
      // CardFill never submits: the form's submit handler and button saw nothing.
      expect(await page.evaluate(() => (window as unknown as { __submits: number }).__submits)).toBe(0);
      expect((await events(page)).filter((e) => e.type === 'click' && e.name === 'go')).toEqual([]);
    } finally {
      await popup.close();
      await page.close();
    }
  });
});
