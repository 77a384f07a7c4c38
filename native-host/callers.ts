/**
 * Who may start the host in native messaging mode. The browser already enforces the manifest's
 * allowed_origins / allowed_extensions; the host checks again (docs/prior-art.md §0 lesson 4),
 * because a copied or edited manifest must not open the reader to another extension.
 */
import { CardFillError } from '../src/errors';
import { DEV_CHROME_ID, FIREFOX_ID, RELEASE_CHROME_IDS } from './install/ids';

type Caller = { browser: 'chrome'; extensionId: string } | { browser: 'firefox'; extensionId: string };

/** Parse the arguments the browser passes: Chrome `chrome-extension://ID/`; Firefox `<manifest path> <extension id>`. */
export function callerFromArgv(args: readonly string[]): Caller | null {
  const chrome = args.find((a) => a.startsWith('chrome-extension://'));
  if (chrome) {
    const m = /^chrome-extension:\/\/([a-p]{32})\/?$/.exec(chrome);
    if (!m) throw new CardFillError('NOT_ALLOWED', 'The caller is not a valid Chrome extension origin');
    return { browser: 'chrome', extensionId: m[1]! };
  }
  const manifestIndex = args.findIndex((a) => a.endsWith('.json'));
  if (manifestIndex >= 0 && args[manifestIndex + 1]) {
    return { browser: 'firefox', extensionId: args[manifestIndex + 1]! };
  }
  return null;
}

function allowedExtensionIds(env: NodeJS.ProcessEnv = process.env): Set<string> {
  const extra = (env['CARDFILL_EXTENSION_IDS'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // The development key's id only in a development build (no store ids named at build time).
  const chrome = RELEASE_CHROME_IDS.length > 0 ? RELEASE_CHROME_IDS : [DEV_CHROME_ID];
  return new Set([...chrome, FIREFOX_ID, ...extra]);
}

export function assertCallerAllowed(caller: Caller, env: NodeJS.ProcessEnv = process.env): void {
  if (!allowedExtensionIds(env).has(caller.extensionId)) {
    throw new CardFillError(
      'NOT_ALLOWED',
      `Extension ${caller.extensionId} is not allowed to use this CardFill host. ` +
        'Run "cardfill-host install --extension-id <id>" to allow it.',
    );
  }
}
