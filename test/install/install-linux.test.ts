/**
 * `install` and `uninstall` on this Linux machine, for real, in a temporary HOME: the files each
 * browser reads, their exact text, the exec bit, and that the launcher really starts a host the
 * way a browser does (absolute path, the caller origin as the argument).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInstall, runUninstall, type CommandIo } from '../../native-host/commands/install';
import { makeTempHome, tempHomeIo } from './temp-home';

const DEV = 'kgmcdhopppdlggghpgbcmpgemaccdmoc';
const OTHER = 'abcdefghijklmnopabcdefghijklmnop';
const BUNDLE = resolve('native-host/dist/cardfill-host.mjs');

let home: string;
let output: string;
let errors: string;
let fakeHost: string;

const io = (overrides: Partial<CommandIo> = {}): CommandIo =>
  tempHomeIo(home, fakeHost, { out: (t) => void (output += t), err: (t) => void (errors += t) }, overrides);

const folders = () => ({
  chrome: join(home, '.config/google-chrome/NativeMessagingHosts'),
  chromium: join(home, '.config/chromium/NativeMessagingHosts'),
  edge: join(home, '.config/microsoft-edge/NativeMessagingHosts'),
  brave: join(home, '.config/BraveSoftware/Brave-Browser/NativeMessagingHosts'),
  firefox: join(home, '.mozilla/native-messaging-hosts'),
});

function expectedManifest(dir: string, allow: Record<string, string[]>): string {
  return `${JSON.stringify(
    {
      name: 'cn.cardfill.host',
      description: 'CardFill card reader host: reads Chinese identity cards from a desktop reader for the CardFill browser extension',
      path: join(dir, 'cn.cardfill.host.sh'),
      type: 'stdio',
      ...allow,
    },
    null,
    2,
  )}\n`;
}

/** Start the launcher the way Chrome does on Linux: the absolute path, one argument, the origin. */
function startAsBrowser(manifestFile: string, args: string[]): { argv: string[]; ids: string | null } {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { path: string };
  const out = execFileSync(manifest.path, args, { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
  return JSON.parse(out) as { argv: string[]; ids: string | null };
}

beforeEach(() => {
  ({ home, fakeHost } = makeTempHome('cardfill-install-'));
  output = '';
  errors = '';
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('install on Linux (per user, temporary HOME)', () => {
  it('registers every browser: exact manifest text, executable launcher, and the launcher starts the host', async () => {
    expect(await runInstall([], io())).toBe(0);
    for (const [browser, dir] of Object.entries(folders())) {
      const manifestFile = join(dir, 'cn.cardfill.host.json');
      const allow: Record<string, string[]> =
        browser === 'firefox' ? { allowed_extensions: ['cardfill@cardfill.cn'] } : { allowed_origins: [`chrome-extension://${DEV}/`] };
      expect(readFileSync(manifestFile, 'utf8'), browser).toBe(expectedManifest(dir, allow));
      expect(statSync(join(dir, 'cn.cardfill.host.sh')).mode & 0o777, browser).toBe(0o755);
      const args = browser === 'firefox' ? [manifestFile, 'cardfill@cardfill.cn'] : [`chrome-extension://${DEV}/`];
      // No --extension-id: the launcher sets no extra ids, and passes the browser's arguments through.
      expect(startAsBrowser(manifestFile, args), browser).toEqual({ argv: args, ids: null });
    }
    expect(output).toContain('CardFill is registered for: Google Chrome, Chromium, Microsoft Edge, Brave, Mozilla Firefox.');
    expect(output).toContain('已为以下浏览器注册 CardFill：');
    expect(output).toContain(`Wrote ${join(folders().chrome, 'cn.cardfill.host.json')}`);
    expect(output).toContain(`Extensions allowed / 允许的扩展: chrome-extension://${DEV}/, cardfill@cardfill.cn\n`);
    expect(errors).toBe('');
  });

  it('--extension-id allows that extension in the manifest and tells the host through the launcher', async () => {
    expect(await runInstall(['--browser', 'chromium', '--extension-id', OTHER], io())).toBe(0);
    const dir = folders().chromium;
    expect(readFileSync(join(dir, 'cn.cardfill.host.json'), 'utf8')).toBe(
      expectedManifest(dir, { allowed_origins: [`chrome-extension://${DEV}/`, `chrome-extension://${OTHER}/`] }),
    );
    expect(startAsBrowser(join(dir, 'cn.cardfill.host.json'), [`chrome-extension://${OTHER}/`])).toEqual({
      argv: [`chrome-extension://${OTHER}/`],
      ids: OTHER,
    });
    // Only the browser asked for.
    expect(existsSync(folders().chrome)).toBe(false);
    expect(existsSync(folders().firefox)).toBe(false);
  });

  it('--profile registers inside a Chromium user-data folder only', async () => {
    const profile = join(home, 'profile');
    expect(await runInstall(['--profile', profile], io())).toBe(0);
    expect(readdirSync(join(profile, 'NativeMessagingHosts')).sort()).toEqual(['cn.cardfill.host.json', 'cn.cardfill.host.sh']);
    expect(existsSync(join(home, '.config'))).toBe(false);
    expect(await runUninstall(['--profile', profile], io())).toBe(0);
    expect(readdirSync(join(profile, 'NativeMessagingHosts'))).toEqual([]);
  });

  it('is safe to run twice and repairs a launcher that lost its exec bit', async () => {
    expect(await runInstall(['--browser', 'chrome'], io())).toBe(0);
    const launcher = join(folders().chrome, 'cn.cardfill.host.sh');
    chmodSync(launcher, 0o644);
    expect(await runInstall(['--browser', 'chrome'], io())).toBe(0);
    expect(statSync(launcher).mode & 0o777).toBe(0o755);
    expect(readdirSync(folders().chrome).sort()).toEqual(['cn.cardfill.host.json', 'cn.cardfill.host.sh']);
  });

  it('--dry-run prints every path and changes nothing', async () => {
    expect(await runInstall(['--dry-run'], io())).toBe(0);
    expect(readdirSync(home)).toEqual(['app']);
    for (const dir of Object.values(folders())) {
      expect(output).toContain(`Would write ${join(dir, 'cn.cardfill.host.json')} (mode 644)`);
      expect(output).toContain(`Would make ${join(dir, 'cn.cardfill.host.sh')} executable (mode 755)`);
    }
    expect(output).toContain('试运行');
  });

  it('names only the extensions of the browsers it registered', async () => {
    expect(await runInstall(['--browser', 'firefox'], io())).toBe(0);
    expect(output).toContain('Extensions allowed / 允许的扩展: cardfill@cardfill.cn\n');
  });

  it('says plainly what failed, and exits 1, when a folder cannot be created', async () => {
    writeFileSync(join(home, '.mozilla'), 'a file where a folder should be');
    expect(await runInstall(['--browser', 'firefox'], io())).toBe(1);
    expect(errors).toContain(`Could not create the folder ${folders().firefox}`);
    expect(errors).toContain('无法完成');
  });

  it('refuses a host it cannot run, and bad options, with exit code 2', async () => {
    expect(await runInstall([], io({ scriptPath: join(home, 'native-host/main.ts') }))).toBe(2);
    expect(errors).toContain('Run install from the built host');
    expect(await runInstall(['--browser', 'netscape'], io())).toBe(2);
    expect(errors).toContain('Unknown browser "netscape"');
    expect(await runInstall(['--extension-id'], io())).toBe(2);
    expect(await runInstall(['--bogus'], io())).toBe(2);
    expect(existsSync(join(home, '.config'))).toBe(false);
  });

  it("uninstall removes the manifests and launchers, leaves the browsers' folders and other hosts alone", async () => {
    expect(await runInstall([], io())).toBe(0);
    const other = join(folders().chrome, 'org.example.other.json');
    writeFileSync(other, '{}');
    output = '';
    expect(await runUninstall([], io())).toBe(0);
    for (const dir of Object.values(folders())) {
      expect(existsSync(join(dir, 'cn.cardfill.host.json'))).toBe(false);
      expect(existsSync(join(dir, 'cn.cardfill.host.sh'))).toBe(false);
    }
    expect(existsSync(other)).toBe(true);
    expect(output).toContain('CardFill is no longer registered for: Google Chrome, Chromium, Microsoft Edge, Brave, Mozilla Firefox.');
    // Again: nothing left to remove is not an error.
    expect(await runUninstall([], io())).toBe(0);
  });

  it("warns when the host runs from npx's temporary cache, which npm may clear", async () => {
    const cached = join(home, '.npm/_npx/1a2b3c/node_modules/cardfill-host/cardfill-host.mjs');
    mkdirSync(join(cached, '..'), { recursive: true });
    writeFileSync(cached, readFileSync(fakeHost));
    expect(await runInstall(['--browser', 'chrome'], io({ scriptPath: cached }))).toBe(0);
    expect(output).toContain("Note: this host runs from npx's temporary cache.");
    output = '';
    expect(await runInstall(['--browser', 'chrome'], io())).toBe(0);
    expect(output).not.toContain('npx');
  });

  it.skipIf(!existsSync(BUNDLE))('the launcher runs the real bundled host: --version prints the version', async () => {
    expect(await runInstall(['--browser', 'chrome'], io({ scriptPath: BUNDLE }))).toBe(0);
    const launcher = join(folders().chrome, 'cn.cardfill.host.sh');
    const out = execFileSync(launcher, ['--version'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
    expect(out).toMatch(/\d+\.\d+\.\d+/);
  });
});
