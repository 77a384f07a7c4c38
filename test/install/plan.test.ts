/**
 * What `install` / `uninstall` would write on macOS and Windows, checked through the pure planner
 * (these machines are not available to the test run; Linux is checked with real files in
 * ./install-linux.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { planInstall, planUninstall, type InstallAction } from '../../native-host/install/plan';
import { lastErrorPath } from '../../native-host/install/locations';
import { CardFillError } from '../../src/errors';

const DEV = 'kgmcdhopppdlggghpgbcmpgemaccdmoc';
const OTHER = 'abcdefghijklmnopabcdefghijklmnop';

const chromeManifest = (path: string, origins: string[]) =>
  `{
  "name": "cn.cardfill.host",
  "description": "CardFill card reader host: reads Chinese identity cards from a desktop reader for the CardFill browser extension",
  "path": ${JSON.stringify(path)},
  "type": "stdio",
  "allowed_origins": [
${origins.map((o) => `    ${JSON.stringify(o)}`).join(',\n')}
  ]
}
`;
const firefoxManifest = (path: string, ids: string[]) =>
  `{
  "name": "cn.cardfill.host",
  "description": "CardFill card reader host: reads Chinese identity cards from a desktop reader for the CardFill browser extension",
  "path": ${JSON.stringify(path)},
  "type": "stdio",
  "allowed_extensions": [
${ids.map((o) => `    ${JSON.stringify(o)}`).join(',\n')}
  ]
}
`;

const files = (actions: InstallAction[]) =>
  Object.fromEntries(actions.flatMap((a) => (a.kind === 'write-file' ? [[a.path, a.content]] : [])));

describe('macOS install plan', () => {
  const mac = {
    os: 'darwin' as const,
    home: '/Users/li',
    env: {},
    hostBundle: '/Users/li/cardfill/native-host/dist/cardfill-host.mjs',
    nodePath: '/opt/homebrew/bin/node',
  };

  it('writes a manifest and an executable launcher into each browser folder under ~/Library/Application Support', () => {
    const actions = planInstall(mac);
    const written = files(actions);
    const support = '/Users/li/Library/Application Support';
    const dirs = {
      chrome: `${support}/Google/Chrome/NativeMessagingHosts`,
      chromium: `${support}/Chromium/NativeMessagingHosts`,
      edge: `${support}/Microsoft Edge/NativeMessagingHosts`,
      brave: `${support}/BraveSoftware/Brave-Browser/NativeMessagingHosts`,
      firefox: `${support}/Mozilla/NativeMessagingHosts`,
    };
    expect(Object.keys(written).sort()).toEqual(
      Object.values(dirs)
        .flatMap((d) => [`${d}/cn.cardfill.host.json`, `${d}/cn.cardfill.host.sh`])
        .sort(),
    );
    for (const b of ['chrome', 'chromium', 'edge', 'brave'] as const) {
      expect(written[`${dirs[b]}/cn.cardfill.host.json`]).toBe(
        chromeManifest(`${dirs[b]}/cn.cardfill.host.sh`, [`chrome-extension://${DEV}/`]),
      );
    }
    expect(written[`${dirs.firefox}/cn.cardfill.host.json`]).toBe(
      firefoxManifest(`${dirs.firefox}/cn.cardfill.host.sh`, ['cardfill@cardfill.cn']),
    );
    expect(written[`${dirs.chrome}/cn.cardfill.host.sh`]).toBe(
      `#!/bin/sh
# CardFill native messaging launcher, written by "cardfill-host install".
# The browser starts this file; it runs the CardFill host with a fixed Node.js.
exec '/opt/homebrew/bin/node' '/Users/li/cardfill/native-host/dist/cardfill-host.mjs' "$@"
`,
    );
    // Every launcher is made executable explicitly, whatever the umask.
    const chmods = actions.filter((a) => a.kind === 'chmod').map((a) => [a.path, (a as { mode: number }).mode]);
    expect(chmods).toEqual(Object.values(dirs).map((d) => [`${d}/cn.cardfill.host.sh`, 0o755]));
  });

  it("uses the system folders with --system (Chrome's is /Library/Google/Chrome, not Application Support)", () => {
    const dirs = planInstall({ ...mac, system: true })
      .filter((a) => a.kind === 'mkdir')
      .map((a) => a.path);
    expect(dirs).toEqual([
      '/Library/Google/Chrome/NativeMessagingHosts',
      '/Library/Application Support/Chromium/NativeMessagingHosts',
      '/Library/Microsoft/Edge/NativeMessagingHosts',
      '/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts',
      '/Library/Application Support/Mozilla/NativeMessagingHosts',
    ]);
  });

  it('puts extra ids into the manifests and into the launcher environment, quoted for the shell', () => {
    const written = files(
      planInstall({
        ...mac,
        browsers: ['chrome', 'firefox'],
        extensionIds: [`chrome-extension://${OTHER}/`, 'test@example.org'],
        hostBundle: "/Users/o'neil/host.mjs",
      }),
    );
    const chromeDir = '/Users/li/Library/Application Support/Google/Chrome/NativeMessagingHosts';
    const ffDir = '/Users/li/Library/Application Support/Mozilla/NativeMessagingHosts';
    expect(written[`${chromeDir}/cn.cardfill.host.json`]).toBe(
      chromeManifest(`${chromeDir}/cn.cardfill.host.sh`, [`chrome-extension://${DEV}/`, `chrome-extension://${OTHER}/`]),
    );
    expect(written[`${ffDir}/cn.cardfill.host.json`]).toBe(
      firefoxManifest(`${ffDir}/cn.cardfill.host.sh`, ['cardfill@cardfill.cn', 'test@example.org']),
    );
    expect(written[`${ffDir}/cn.cardfill.host.sh`]).toBe(
      `#!/bin/sh
# CardFill native messaging launcher, written by "cardfill-host install".
# The browser starts this file; it runs the CardFill host with a fixed Node.js.
CARDFILL_EXTENSION_IDS='${OTHER},test@example.org'
export CARDFILL_EXTENSION_IDS
exec '/opt/homebrew/bin/node' '/Users/o'\\''neil/host.mjs' "$@"
`,
    );
  });
});

describe('Windows install plan', () => {
  const win = {
    os: 'win32' as const,
    home: 'C:\\Users\\Li',
    env: { LOCALAPPDATA: 'C:\\Users\\Li\\AppData\\Local' },
    hostBundle: 'C:\\Users\\Li\\cardfill\\native-host\\dist\\cardfill-host.mjs',
    nodePath: 'C:\\Program Files\\nodejs\\node.exe',
  };
  const dir = 'C:\\Users\\Li\\AppData\\Local\\CardFill';

  it('writes both manifests and a .bat launcher under %LOCALAPPDATA%\\CardFill and points each HKCU key at its manifest', () => {
    const actions = planInstall(win);
    expect(actions.map((a) => a.kind)).toEqual([
      'mkdir',
      'write-file',
      'write-file',
      'write-file',
      'registry-add',
      'registry-add',
      'registry-add',
      'registry-add',
      'registry-add',
    ]);
    const written = files(actions);
    expect(written[`${dir}\\cardfill-host.bat`]).toBe(
      '@echo off\r\n' +
        'rem CardFill native messaging launcher, written by "cardfill-host install".\r\n' +
        'setlocal\r\n' +
        '"C:\\Program Files\\nodejs\\node.exe" "C:\\Users\\Li\\cardfill\\native-host\\dist\\cardfill-host.mjs" %*\r\n',
    );
    expect(written[`${dir}\\cn.cardfill.host.json`]).toBe(chromeManifest(`${dir}\\cardfill-host.bat`, [`chrome-extension://${DEV}/`]));
    expect(written[`${dir}\\cn.cardfill.host.firefox.json`]).toBe(firefoxManifest(`${dir}\\cardfill-host.bat`, ['cardfill@cardfill.cn']));
    const commands = actions.flatMap((a) => (a.kind === 'registry-add' ? [a.command] : []));
    const reg = (key: string, file: string) => ['reg', 'add', key, '/ve', '/t', 'REG_SZ', '/d', `${dir}\\${file}`, '/f'];
    expect(commands).toEqual([
      reg('HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\cn.cardfill.host', 'cn.cardfill.host.json'),
      reg('HKCU\\Software\\Chromium\\NativeMessagingHosts\\cn.cardfill.host', 'cn.cardfill.host.json'),
      reg('HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\cn.cardfill.host', 'cn.cardfill.host.json'),
      reg('HKCU\\Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts\\cn.cardfill.host', 'cn.cardfill.host.json'),
      reg('HKCU\\Software\\Mozilla\\NativeMessagingHosts\\cn.cardfill.host', 'cn.cardfill.host.firefox.json'),
    ]);
  });

  it('uses HKLM and Program Files with --system, and sets the extra ids in the .bat with % escaped', () => {
    const actions = planInstall({
      ...win,
      system: true,
      browsers: ['edge'],
      extensionIds: [OTHER],
      hostBundle: 'C:\\100%\\host.mjs',
      env: { ...win.env, ProgramFiles: 'C:\\Program Files' },
    });
    const written = files(actions);
    expect(written['C:\\Program Files\\CardFill\\cardfill-host.bat']).toBe(
      '@echo off\r\n' +
        'rem CardFill native messaging launcher, written by "cardfill-host install".\r\n' +
        'setlocal\r\n' +
        `set "CARDFILL_EXTENSION_IDS=${OTHER}"\r\n` +
        '"C:\\Program Files\\nodejs\\node.exe" "C:\\100%%\\host.mjs" %*\r\n',
    );
    expect(actions.filter((a) => a.kind === 'registry-add').map((a) => (a as { command: string[] }).command)).toEqual([
      [
        'reg',
        'add',
        'HKLM\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\cn.cardfill.host',
        '/ve',
        '/t',
        'REG_SZ',
        '/d',
        'C:\\Program Files\\CardFill\\cn.cardfill.host.json',
        '/f',
      ],
    ]);
    expect(Object.keys(written)).not.toContain('C:\\Program Files\\CardFill\\cn.cardfill.host.firefox.json');
  });

  it('uninstall deletes every key and, when all browsers go, the files and the folder if empty', () => {
    const actions = planUninstall({ os: 'win32', home: win.home, env: win.env });
    expect(actions.filter((a) => a.kind === 'registry-delete').map((a) => (a as { command: string[] }).command)).toEqual(
      ['Google\\Chrome', 'Chromium', 'Microsoft\\Edge', 'BraveSoftware\\Brave-Browser', 'Mozilla'].map((k) => [
        'reg',
        'delete',
        `HKCU\\Software\\${k}\\NativeMessagingHosts\\cn.cardfill.host`,
        '/f',
      ]),
    );
    expect(actions.filter((a) => a.kind === 'remove').map((a) => a.path)).toEqual([
      `${dir}\\cn.cardfill.host.json`,
      `${dir}\\cn.cardfill.host.firefox.json`,
      `${dir}\\cardfill-host.bat`,
      `${dir}\\last-error.json`,
      dir,
    ]);
  });

  it('uninstalling one Chrome-family browser keeps the manifest the others still use', () => {
    const actions = planUninstall({ os: 'win32', home: win.home, env: win.env, browsers: ['edge'] });
    expect(actions).toEqual([
      {
        for: ['edge'],
        kind: 'registry-delete',
        key: 'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\cn.cardfill.host',
        command: ['reg', 'delete', 'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\cn.cardfill.host', '/f'],
      },
    ]);
  });
});

describe('Linux plan details', () => {
  const linux = {
    os: 'linux' as const,
    home: '/home/li',
    env: {},
    hostBundle: '/opt/cardfill/cardfill-host.mjs',
    nodePath: '/usr/bin/node',
  };

  it("sets the computer's reader in the launcher with --reader, quoted for the shell", () => {
    const launchers = Object.entries(
      files(planInstall({ ...linux, browsers: ['chromium'], reader: "sdtapi:/opt/vendor's/libsdtapi.so#1001" })),
    ).filter(([path]) => path.endsWith('.sh'));
    expect(launchers).toHaveLength(1);
    expect(launchers[0]![1]).toContain("CARDFILL_READER='sdtapi:/opt/vendor'\\''s/libsdtapi.so#1001'\nexport CARDFILL_READER\n");
    const windows = files(
      planInstall({
        os: 'win32',
        home: 'C:\\Users\\Li',
        env: { LOCALAPPDATA: 'C:\\Users\\Li\\AppData\\Local' },
        hostBundle: 'C:\\cf\\cardfill-host.mjs',
        nodePath: 'C:\\node\\node.exe',
        browsers: ['chrome'],
        reader: 'sdtapi:C:\\Reader\\100%\\sdtapi.dll#1001',
      }),
    );
    const bat = Object.entries(windows).find(([path]) => path.endsWith('.bat'))![1];
    expect(bat).toContain('set "CARDFILL_READER=sdtapi:C:\\Reader\\100%%\\sdtapi.dll#1001"\r\n');
  });

  it('honours XDG_CONFIG_HOME for Chromium-family browsers but not for Firefox', () => {
    const dirs = planInstall({ ...linux, env: { XDG_CONFIG_HOME: '/home/li/cfg' } })
      .filter((a) => a.kind === 'mkdir')
      .map((a) => a.path);
    expect(dirs).toEqual([
      '/home/li/cfg/google-chrome/NativeMessagingHosts',
      '/home/li/cfg/chromium/NativeMessagingHosts',
      '/home/li/cfg/microsoft-edge/NativeMessagingHosts',
      '/home/li/cfg/BraveSoftware/Brave-Browser/NativeMessagingHosts',
      '/home/li/.mozilla/native-messaging-hosts',
    ]);
  });

  it('writes a shared system folder once for the browsers that read it', () => {
    const actions = planInstall({ ...linux, system: true });
    const mkdirs = actions.filter((a) => a.kind === 'mkdir');
    expect(mkdirs.map((a) => [a.path, a.for])).toEqual([
      ['/etc/opt/chrome/native-messaging-hosts', ['chrome', 'brave']],
      ['/etc/chromium/native-messaging-hosts', ['chromium']],
      ['/etc/opt/edge/native-messaging-hosts', ['edge']],
      ['/usr/lib/mozilla/native-messaging-hosts', ['firefox']],
    ]);
  });

  it('--profile writes only DIR/NativeMessagingHosts, in Chrome format', () => {
    const written = files(planInstall({ ...linux, profileDir: '/tmp/prof' }));
    expect(Object.keys(written).sort()).toEqual([
      '/tmp/prof/NativeMessagingHosts/cn.cardfill.host.json',
      '/tmp/prof/NativeMessagingHosts/cn.cardfill.host.sh',
    ]);
    expect(written['/tmp/prof/NativeMessagingHosts/cn.cardfill.host.json']).toBe(
      chromeManifest('/tmp/prof/NativeMessagingHosts/cn.cardfill.host.sh', [`chrome-extension://${DEV}/`]),
    );
  });

  it('refuses what cannot work, with a typed error', () => {
    const cases: Array<[string, () => unknown]> = [
      ['relative host', () => planInstall({ ...linux, hostBundle: 'dist/cardfill-host.mjs' })],
      ['relative node', () => planInstall({ ...linux, nodePath: 'node' })],
      ['bad id', () => planInstall({ ...linux, extensionIds: ['not-an-id'] })],
      ['uppercase chrome id', () => planInstall({ ...linux, extensionIds: [DEV.toUpperCase()] })],
      ['profile + firefox', () => planInstall({ ...linux, profileDir: '/tmp/p', browsers: ['firefox'] })],
      ['relative profile', () => planInstall({ ...linux, profileDir: 'prof' })],
      ['profile + system', () => planInstall({ ...linux, profileDir: '/tmp/p', system: true })],
      [
        'profile on Windows',
        () => planInstall({ ...linux, os: 'win32', hostBundle: 'C:\\h.mjs', nodePath: 'C:\\node.exe', profileDir: 'C:\\p' }),
      ],
    ];
    for (const [name, run] of cases) {
      let error: unknown;
      try {
        run();
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(CardFillError);
      expect((error as CardFillError).code, name).toBe('BAD_REQUEST');
    }
  });
});

describe('last error file', () => {
  it('is in the per-user state folder of every OS (the host writes it, doctor reads it)', () => {
    const env = { LOCALAPPDATA: 'C:\\Users\\Li\\AppData\\Local', XDG_STATE_HOME: '/home/li/.st' };
    expect(lastErrorPath('linux', '/home/li', env)).toBe('/home/li/.st/cardfill/last-error.json');
    expect(lastErrorPath('linux', '/home/li', {})).toBe('/home/li/.local/state/cardfill/last-error.json');
    expect(lastErrorPath('darwin', '/Users/li', {})).toBe('/Users/li/Library/Application Support/CardFill/last-error.json');
    expect(lastErrorPath('win32', 'C:\\Users\\Li', env)).toBe('C:\\Users\\Li\\AppData\\Local\\CardFill\\last-error.json');
  });
});
