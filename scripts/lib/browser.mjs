// Launches Debian Chromium with the built extension, the real host registered in a throw-away
// profile (through `cardfill-host install --profile`), and the simulated reader behind it
// (docs/tooling.md §2–§3). Shared by the demo (`npm start`) and the browser tests.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, 'dist');
export const HOST_BIN = path.join(ROOT, 'native-host/dist/cardfill-host.mjs');
export const ARTIFACTS = path.join(ROOT, 'artifacts');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};
const FIXTURES = path.join(ROOT, 'test/fixtures');
const NODE_MODULES = path.join(ROOT, 'node_modules');

/** The file a fixture URL path names: test/fixtures/ at /, node_modules at /node_modules/; null outside them or missing. */
export function resolveFixturePath(urlPath) {
  const p = decodeURIComponent(urlPath.split('?')[0]);
  const [base, rel] = p.startsWith('/node_modules/') ? [NODE_MODULES, p.slice('/node_modules/'.length)] : [FIXTURES, p.slice(1)];
  const file = path.resolve(base, rel);
  if (!file.startsWith(base + path.sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

export function contentType(file) {
  return TYPES[path.extname(file)] ?? 'application/octet-stream';
}
/** The Chromium to drive: $CHROMIUM, else the first usual install location that exists. */
export function findChromium() {
  const candidates = [
    process.env.CHROMIUM,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error('No Chromium found. Install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM=/path/to/chrome.');
  }
  return found;
}

/** Serves test/fixtures/ at / and the project's node_modules at /node_modules/ on 127.0.0.1. */
export async function startFixtureServer() {
  const server = createServer((req, res) => {
    const file = resolveFixturePath(new URL(req.url ?? '/', 'http://x').pathname);
    if (!file) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': contentType(file), 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  return { origin: `http://127.0.0.1:${port}`, port, close: () => new Promise((r) => server.close(() => r())) };
}

/** Registers the host for this profile with the host's own installer. */
export function registerHost(profileDir) {
  const r = spawnSync(process.execPath, [HOST_BIN, 'install', '--browser', 'chromium', '--profile', profileDir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cardfill-host install failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export async function launchExtension(options = {}) {
  const base = path.join(ROOT, '.tmp');
  mkdirSync(base, { recursive: true });
  const work = mkdtempSync(path.join(base, 'browser-'));
  const profileDir = path.join(work, 'profile');
  mkdirSync(profileDir);
  // register: false → a fresh profile with no per-user host manifest (the system-wide one is used).
  if (options.register !== false) registerHost(profileDir);
  const controlFile = path.join(work, 'sim.json');
  let placed = 0;
  const setSim = (control) => {
    placed = control.placed ?? placed + 1;
    writeFileSync(controlFile, JSON.stringify({ ...control, fault: control.fault ?? null, placed }));
  };
  setSim(options.sim ?? { card: 'foreign-2023' });
  const headless = options.headless ?? true;
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: options.chromium ?? findChromium(),
    headless,
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport: options.viewport ?? { width: 1100, height: 800 },
    ...(options.locale ? { locale: options.locale } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      ...(options.locale ? [`--lang=${options.locale}`] : []),
      ...(options.args ?? []),
    ],
    // Chromium starts the host, and the host inherits this environment (tooling.md §3).
    env: { ...process.env, CARDFILL_READER: 'sim', CARDFILL_SIM_CONTROL: controlFile, ...(options.env ?? {}) },
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    profileDir,
    workDir: work,
    setSim,
    /** The tab id of `page`, as the extension sees it. */
    async tabIdOf(page) {
      const url = page.url();
      const id = await worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null, url);
      if (id === null) throw new Error(`no tab for ${url}`);
      return id;
    },
    /** Opens the popup as a tab acting on `target` (popup.html?tab=ID), as keyboard users can. */
    async openPopup(target, popupOptions = {}) {
      const tabId = await this.tabIdOf(target);
      const popup = await context.newPage();
      if (popupOptions.viewport) await popup.setViewportSize(popupOptions.viewport);
      await popup.goto(`chrome-extension://${extensionId}/extension/popup.html?tab=${tabId}`);
      return popup;
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export function artifactPath(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}
