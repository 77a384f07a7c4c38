/**
 * No data left behind (docs/architecture.md §7): card data lives in the background's memory and
 * storage.session only. After a read and fill, and after a read left unfilled when the browser
 * closes, nothing of either card is in storage.local or storage.sync, in any file of the browser
 * profile or of the home folder the browser and the host ran with, in UTF-8 or UTF-16LE.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, ROOT, startFixtureServer, type ExtensionBrowser, type FixtureServer } from './harness';
import type { CardRecord } from '../../src/card/record';

/** Every file under `dir` (symlinks not followed), as bytes. */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      let st;
      try {
        st = statSync(p, { throwIfNoEntry: false });
      } catch {
        continue;
      }
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && st.size < 64 * 1024 * 1024) out.push({ path: p, bytes: readFileSync(p) });
    }
  };
  walk(dir);
  return out;
}

/** Where `needle` occurs in UTF-8 or UTF-16LE, as "file (encoding)". */
function traces(files: { path: string; bytes: Buffer }[], needle: string): string[] {
  const forms: [string, Buffer][] = [
    ['utf8', Buffer.from(needle, 'utf8')],
    ['utf16le', Buffer.from(needle, 'utf16le')],
  ];
  return files.flatMap((f) => forms.filter(([, b]) => f.bytes.includes(b)).map(([enc]) => `${f.path} (${enc})`));
}

/** What would identify the person, in the forms a file might hold it. */
function secretsOf(card: CardRecord): string[] {
  const s = [
    card.number,
    card.number.slice(0, 12),
    card.birthDate.replaceAll('-', ''),
    card.nameZh,
    card.nameEn,
    card.address,
    card.passNumber,
    card.previousNumber,
  ];
  if (card.photo) s.push(card.photo.base64.slice(200, 260));
  return s.filter((v): v is string => typeof v === 'string' && v.length >= 2);
}

describe('no card data is left behind', () => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;
  const home = mkdtempSync(join(ROOT, '.tmp', 'no-trace-home-'));
  const canary = `金丝雀-cardfill-canary-${process.pid}`;
  const cards: { filled: CardRecord | null; unfilled: CardRecord | null } = { filled: null, unfilled: null };
  let profileDir = '';
  let workDir = '';

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchExtension({
      sim: { card: 'foreign-2023' },
      // A home of its own, so every file the browser and the host write can be searched.
      env: {
        HOME: home,
        XDG_STATE_HOME: join(home, '.local/state'),
        XDG_CACHE_HOME: join(home, '.cache'),
        XDG_CONFIG_HOME: join(home, '.config'),
        CARDFILL_DEBUG: '1',
      },
    });
    profileDir = browser.profileDir;
    workDir = browser.workDir;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(home, { recursive: true, force: true });
  });

  async function readCard(page: Page): Promise<Page> {
    const popup = await browser.openPopup(page);
    await popup.click('[data-action=read]');
    await popup.waitForSelector('.card [data-field]', { timeout: 20_000 });
    return popup;
  }

  it('reads and fills a card; afterwards storage.local, storage.sync and storage.session hold nothing of it', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/attacks/plain.html?no-trace`);
    const popup = await readCard(page);
    cards.filled = (await browser.worker.evaluate(
      async () => ((await chrome.storage.session.get('card'))['card'] as { card?: unknown } | undefined)?.card ?? null,
    )) as CardRecord | null;
    expect(cards.filled?.kind).toBe('foreign-permanent-2023');
    await popup.click('[data-action=preview]');
    await popup.waitForSelector('.plan', { timeout: 20_000 });
    await popup.click('[data-action=fill]');
    await popup.waitForSelector('.report', { timeout: 20_000 });
    const stored = await browser.worker.evaluate(async () => ({
      local: await chrome.storage.local.get(null),
      sync: await chrome.storage.sync.get(null),
      session: await chrome.storage.session.get(null),
    }));
    const json = JSON.stringify(stored);
    for (const secret of secretsOf(cards.filled!)) expect(json, secret).not.toContain(secret);
    await popup.close();
    await page.close();
  });

  it('reads a second card and leaves it unfilled in the session when the browser closes', async () => {
    browser.setSim({ card: 'foreign-2017' });
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/attacks/plain.html?no-trace-2`);
    const popup = await readCard(page);
    cards.unfilled = (await browser.worker.evaluate(
      async () => ((await chrome.storage.session.get('card'))['card'] as { card?: unknown } | undefined)?.card ?? null,
    )) as CardRecord | null;
    expect(cards.unfilled?.kind).toBe('foreign-permanent-2017');
    const local = await browser.worker.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
    for (const secret of secretsOf(cards.unfilled!)) expect(local).not.toContain(secret);
    // Read again without lifting the card: the host answers CARD_NOT_REPRESENTED and records that
    // code in its state file, so the search below covers a file the host really wrote.
    await popup.click('[data-action=read]');
    await expect.poll(() => filesUnder(join(home, '.local/state')).length, { timeout: 10_000 }).toBeGreaterThan(0);
    // A canary the search below must find: storage.local does reach the disk.
    await browser.worker.evaluate(async (c) => chrome.storage.local.set({ canary: c }), canary);
    await popup.close();
    await page.close();
    // Close the browser (not the work folder): the profile stays for the search below.
    await browser.context.close();
  });

  it('no file of the profile, the home folder or the host holds any trace of either card', () => {
    const files = [...filesUnder(profileDir), ...filesUnder(home), ...filesUnder(workDir).filter((f) => !f.path.startsWith(profileDir))];
    expect(files.length).toBeGreaterThan(50);
    // The search works: the canary written to storage.local is found on disk.
    expect(traces(files, canary).length).toBeGreaterThan(0);
    const secrets = [...secretsOf(cards.filled!), ...secretsOf(cards.unfilled!)];
    expect(secrets.length).toBeGreaterThan(10);
    // The filled page's values are the page's (and Chromium's session restore may keep a page's
    // form state); this page is gone, and nothing of either card may remain anywhere.
    const found = secrets.flatMap((s) => traces(files, s).map((where) => `${s} → ${where}`));
    expect(found).toEqual([]);
  });

  it('the host wrote no card data: its only file holds an error code and a time', () => {
    const stateFiles = filesUnder(join(home, '.local/state'));
    expect(stateFiles.length).toBeGreaterThan(0);
    for (const f of stateFiles) {
      const parsed = JSON.parse(f.bytes.toString('utf8')) as Record<string, unknown>;
      expect(Object.keys(parsed).sort(), f.path).toEqual(['at', 'code']);
    }
  });
});

describe('card data is forgotten when docs/architecture.md §7 says so', () => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;
  let page: Page;
  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchExtension({ sim: { card: 'resident' } });
    page = await browser.context.newPage();
    await page.goto(`${server.origin}/attacks/plain.html?lifetime`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const sessionCard = () => browser.worker.evaluate(async () => JSON.stringify(await chrome.storage.session.get(null)));

  async function read(): Promise<Page> {
    browser.setSim({ card: 'resident' });
    const popup = await browser.openPopup(page);
    await popup.click('[data-action=read]');
    await popup.waitForSelector('.card [data-field]', { timeout: 20_000 });
    expect(await sessionCard()).toContain('330106');
    return popup;
  }

  it('when the machine locks', async () => {
    const popup = await read();
    // What Chrome delivers when the screen locks (chrome.idle), dispatched to the real listener.
    await browser.worker.evaluate(() => (chrome.idle.onStateChanged as unknown as { dispatch(s: string): void }).dispatch('locked'));
    await expect.poll(sessionCard, { timeout: 5000 }).toBe('{}');
    await popup.waitForSelector('.card', { state: 'detached', timeout: 5000 });
    await popup.close();
  });

  it('on Clear', async () => {
    const popup = await read();
    await popup.click('[data-action=clear]');
    await expect.poll(sessionCard, { timeout: 5000 }).toBe('{}');
    await popup.close();
  });

  it('when its time is up (clearAfterSeconds)', async () => {
    await browser.worker.evaluate(() => chrome.storage.local.set({ settings: { clearAfterSeconds: 2 } }));
    const popup = await read();
    await expect.poll(sessionCard, { timeout: 8000 }).toBe('{}');
    await popup.waitForSelector('.card', { state: 'detached', timeout: 5000 });
    await browser.worker.evaluate(() => chrome.storage.local.remove('settings'));
    await popup.close();
  });
});
