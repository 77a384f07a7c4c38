/**
 * Firefox really finds the host that `install --browser firefox` registered per user
 * (~/.mozilla/native-messaging-hosts, allowed_extensions, the launcher started with the manifest
 * path and the add-on id) — the part docs/tooling.md §5 left untested. Runs where
 * firefox-esr is installed and the host bundle is built; a minimal probe add-on with CardFill's
 * gecko id connects and reports what the host said to a local HTTP listener.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { runInstall } from '../../native-host/commands/install';
import { tempHomeIo } from './temp-home';
import { toolMissing } from '../tools';

const FIREFOX = '/usr/bin/firefox-esr';
const BUNDLE = resolve('native-host/dist/cardfill-host.mjs');
const WEB_EXT = resolve('node_modules/.bin/web-ext');

it.skipIf(toolMissing('Firefox (firefox-esr)', existsSync(FIREFOX)) || !existsSync(BUNDLE))(
  'Firefox starts the registered host and gets its hello and a status reply',
  async () => {
    const base = mkdtempSync(join(tmpdir(), 'cardfill-firefox-'));
    const home = join(base, 'home');
    mkdirSync(home);
    mkdirSync(join(base, 'tmp'));
    let output = '';
    const code = await runInstall(
      ['--browser', 'firefox'],
      tempHomeIo(home, BUNDLE, { out: (t) => void (output += t), err: (t) => void (output += t) }),
    );
    expect(code, output).toBe(0);

    const messages: unknown[] = [];
    let settle: () => void = () => undefined;
    const twoMessages = new Promise<void>((r) => (settle = r));
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const m = JSON.parse(body) as Record<string, unknown>;
        messages.push(m);
        res.end('ok');
        // Two messages, or the port closed ("No such native application …" when the manifest is not found).
        if (messages.length >= 2 || 'disconnected' in m) settle();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

    const ext = join(base, 'probe');
    mkdirSync(ext);
    // Manifest V2 so the 127.0.0.1 permission is granted at install without a prompt.
    writeFileSync(
      join(ext, 'manifest.json'),
      JSON.stringify({
        manifest_version: 2,
        name: 'CardFill native messaging probe',
        version: '1.0',
        browser_specific_settings: { gecko: { id: 'cardfill@cardfill.cn' } },
        permissions: ['nativeMessaging', 'http://127.0.0.1/*'],
        background: { scripts: ['probe.js'] },
      }),
    );
    writeFileSync(
      join(ext, 'probe.js'),
      `const report = (o) => fetch(${JSON.stringify(url)}, { method: 'POST', body: JSON.stringify(o) });
const port = browser.runtime.connectNative('cn.cardfill.host');
port.onMessage.addListener((m) => { report({ message: m }); if (m.type === 'hello') port.postMessage({ id: 1, type: 'status', reader: 'sim:resident' }); });
port.onDisconnect.addListener((p) => report({ disconnected: p.error ? p.error.message : null }));
`,
    );
    const firefox = spawn(
      WEB_EXT,
      [
        'run',
        '--source-dir',
        ext,
        '--firefox',
        FIREFOX,
        '--no-input',
        '--no-reload',
        '--profile-create-if-missing',
        '--firefox-profile',
        join(base, 'profile'),
      ],
      // HOME decides where Firefox looks for ~/.mozilla/native-messaging-hosts; TMPDIR keeps
      // web-ext's profile copy inside `base` (it is not removed when the process is killed).
      { env: { ...process.env, HOME: home, TMPDIR: join(base, 'tmp'), MOZ_HEADLESS: '1' }, stdio: 'ignore', detached: true },
    );
    try {
      await Promise.race([
        twoMessages,
        new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer from the host; got ${JSON.stringify(messages)}`)), 60_000)),
      ]);
      expect(messages[0]).toMatchObject({ message: { type: 'hello', protocol: 1 } });
      expect(messages[1]).toMatchObject({
        message: { id: 1, type: 'status', reader: { spec: 'sim:resident', kind: 'sim' }, cardPresent: true },
      });
    } finally {
      try {
        process.kill(-firefox.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      server.close();
      await new Promise((r) => setTimeout(r, 500));
      rmSync(base, { recursive: true, force: true });
    }
  },
  90_000,
);
