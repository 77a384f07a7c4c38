// Facts the release scripts share with the host, read from the host's own sources so that they
// cannot drift: the host name, the extension ids, the version.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, lstatSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;

function constantOf(file, name) {
  const text = readFileSync(path.join(root, file), 'utf8');
  const m = new RegExp(`export const ${name}(?::[^=]+)? = '([^']+)'`).exec(text);
  if (!m) throw new Error(`${name} not found in ${file}`);
  return m[1];
}

export const HOST_NAME = constantOf('src/protocol/messages.ts', 'HOST_NAME');
export const DEV_CHROME_ID = constantOf('native-host/install/ids.ts', 'DEV_CHROME_ID');
export const FIREFOX_ID = constantOf('native-host/install/ids.ts', 'FIREFOX_ID');
export const MANIFEST_DESCRIPTION =
  'CardFill card reader host: reads Chinese identity cards from a desktop reader for the CardFill browser extension';

/**
 * Store ids named at build time (comma-separated): RELEASE_CHROME_IDS (Chrome Web Store) and
 * RELEASE_EDGE_IDS (Edge Add-ons). Without any, the build is a development build.
 */
export function storeIds(env = process.env) {
  const parse = (v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const chrome = parse(env.RELEASE_CHROME_IDS);
  const edge = parse(env.RELEASE_EDGE_IDS);
  for (const id of [...chrome, ...edge]) {
    if (!/^[a-p]{32}$/.test(id))
      throw new Error(`"${id}" in RELEASE_CHROME_IDS/RELEASE_EDGE_IDS is not a Chrome extension id (32 letters a to p)`);
  }
  return { chrome, edge, all: [...new Set([...chrome, ...edge])], development: chrome.length + edge.length === 0 };
}

/** The ids the installers' manifests allow: the store ids, or the development id in a development build. */
export function allowedChromeIds(env = process.env) {
  const ids = storeIds(env);
  return ids.development ? [DEV_CHROME_ID] : ids.all;
}

export function hostManifest(flavour, programPath, env = process.env) {
  const common = { name: HOST_NAME, description: MANIFEST_DESCRIPTION, path: programPath, type: 'stdio' };
  const manifest =
    flavour === 'firefox'
      ? { ...common, allowed_extensions: [FIREFOX_ID] }
      : { ...common, allowed_origins: allowedChromeIds(env).map((id) => `chrome-extension://${id}/`) };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Build time for reproducible archives: SOURCE_DATE_EPOCH, else the last commit's time. */
export function sourceDateEpoch() {
  if (process.env.SOURCE_DATE_EPOCH) return Number(process.env.SOURCE_DATE_EPOCH);
  try {
    return Number(execFileSync('git', ['log', '-1', '--format=%ct'], { cwd: root, encoding: 'utf8' }).trim());
  } catch {
    return 1767225600; // 2026-01-01, when there is no git history (a source archive)
  }
}

/** Every path under dir (files, links and folders), sorted, relative to dir. */
export function walk(dir, rel = '') {
  const out = [];
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    const r = path.join(rel, name);
    out.push(r);
    const st = lstatSync(path.join(dir, r));
    if (st.isDirectory()) out.push(...walk(dir, r));
  }
  return out;
}

/** Chrome's and Edge's update URLs, for pointing the browser at the store extension. */
export const STORE_UPDATE_URLS = {
  chrome: 'https://clients2.google.com/service/update2/crx',
  edge: 'https://edge.microsoft.com/extensionwebstorebase/v1/crx',
};
