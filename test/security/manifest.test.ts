/**
 * Minimal permissions (docs/architecture.md §1): the built manifests — the development builds the
 * tests load and the release builds that ship — ask for nothing beyond the committed allow-list
 * (./permissions-allowlist.json): no <all_urls> or wildcard hosts, no externally_connectable, no
 * content_scripts (the content script is injected on demand into the tab the person chose), no
 * web-accessible resources, and a strict CSP for extension pages.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExtensions as buildReleaseExtensions } from '../../scripts/package.mjs';
import { SITE_HOST_PATTERNS } from '../../src/sites/index.js';

/** Release builds of both extensions in a staging copy (scripts/package.mjs); returns their folders. */
const buildExtensions = buildReleaseExtensions as (stage: string) => { chrome: string; firefox: string };

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  externally_connectable?: unknown;
  content_scripts?: unknown;
  web_accessible_resources?: unknown;
  content_security_policy?: { extension_pages?: string; sandbox?: string } | string;
  sandbox?: unknown;
  key?: string;
  browser_specific_settings?: { gecko?: { id?: string; data_collection_permissions?: { required?: string[] } } };
  [key: string]: unknown;
}

interface Allow {
  permissions: string[];
  optional_permissions: string[];
  optional_host_permissions: string[];
  host_permissions_release: string[];
  host_permissions_dev: string[];
  extension_pages_csp: string;
}
const committed = JSON.parse(readFileSync(resolve(import.meta.dirname, 'permissions-allowlist.json'), 'utf8')) as Allow;
/** "$SITES" in the allow-list is the site registry's host patterns: the registry is the one list of sites. */
const expandSites = (list: string[]) => list.flatMap((p) => (p === '$SITES' ? [...SITE_HOST_PATTERNS] : [p]));
const allow: Allow = {
  ...committed,
  optional_host_permissions: expandSites(committed.optional_host_permissions),
  host_permissions_dev: expandSites(committed.host_permissions_dev),
  host_permissions_release: expandSites(committed.host_permissions_release),
};

/** Match patterns that reach every site (or every site of a scheme). */
const BROAD = /^(<all_urls>|\*:\/\/\*\/.*|(https?|wss?|ftp|file|\*):\/\/\*\/.*)$/;

/** CSP directives as name → sources. */
function csp(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

function problems(m: Manifest, release: boolean): string[] {
  const found: string[] = [];
  const over = (list: string[] | undefined, allowed: string[], what: string) => {
    for (const p of list ?? []) if (!allowed.includes(p)) found.push(`${what} widened: ${p}`);
  };
  if (m.manifest_version !== 3) found.push(`manifest_version ${m.manifest_version}`);
  over(m.permissions, allow.permissions, 'permissions');
  over(m.optional_permissions, allow.optional_permissions, 'optional_permissions');
  over(m.optional_host_permissions, allow.optional_host_permissions, 'optional_host_permissions');
  over(m.host_permissions, release ? allow.host_permissions_release : allow.host_permissions_dev, 'host_permissions');
  for (const p of [
    ...(m.permissions ?? []),
    ...(m.optional_permissions ?? []),
    ...(m.host_permissions ?? []),
    ...(m.optional_host_permissions ?? []),
  ]) {
    if (BROAD.test(p)) found.push(`a pattern for every site: ${p}`);
  }
  if ('externally_connectable' in m) found.push('externally_connectable lets web pages message the extension');
  if ('content_scripts' in m) found.push('content_scripts run on pages without the person asking');
  if ('web_accessible_resources' in m) found.push('web_accessible_resources expose extension files to pages');
  if ('sandbox' in m) found.push('sandboxed extension pages (their own, weaker CSP)');
  const policy = m.content_security_policy;
  if (typeof policy !== 'object' || policy === null || typeof policy.extension_pages !== 'string') {
    found.push('no MV3 content_security_policy.extension_pages');
  } else {
    const d = csp(policy.extension_pages);
    if ((d.get('script-src') ?? []).join(' ') !== "'self'")
      found.push(`script-src is "${(d.get('script-src') ?? []).join(' ')}", not 'self' only`);
    if ((d.get('object-src') ?? []).join(' ') !== "'none'") found.push("object-src is not 'none'");
    if ((d.get('base-uri') ?? []).join(' ') !== "'none'") found.push("base-uri is not 'none'");
    if ((d.get('frame-ancestors') ?? []).join(' ') !== "'none'") found.push("frame-ancestors is not 'none'");
    if (/unsafe-|https?:|\bdata:|\bblob:|\*/.test(policy.extension_pages))
      found.push(`CSP allows more than self: ${policy.extension_pages}`);
    if (policy.sandbox !== undefined) found.push('a sandbox CSP');
  }
  if (release && 'key' in m) found.push('the development key ships in a release build');
  if (release && /localhost|127\.0\.0\.1/.test(JSON.stringify(m))) found.push('release build reaches localhost');
  const gecko = m.browser_specific_settings?.gecko;
  if (gecko && !(gecko.data_collection_permissions?.required ?? []).includes('personallyIdentifyingInfo')) {
    found.push('Firefox build does not declare personallyIdentifyingInfo');
  }
  return found;
}

describe('the built manifests ask for no more than the committed allow-list', () => {
  const stage = mkdtempSync(join(tmpdir(), 'cardfill-manifest-'));
  let release: { chrome: string; firefox: string };
  beforeAll(() => {
    // The release builds, made in a staging copy so dist/ (which browser tests load) stays as is.
    release = buildExtensions(stage);
  }, 240_000);
  afterAll(() => rmSync(stage, { recursive: true, force: true }));

  const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

  it('the development builds (dist/, dist-firefox/)', () => {
    for (const dir of ['dist', 'dist-firefox']) expect(problems(read(resolve(dir)), false), dir).toEqual([]);
  });

  it('the release builds (CARDFILL_RELEASE=1) ask for no host at all until the person grants one', () => {
    for (const dir of [release.chrome, release.firefox]) {
      const m = read(dir);
      expect(problems(m, true), dir).toEqual([]);
      expect(m.host_permissions ?? []).toEqual([]);
    }
  });

  it('the site host permissions are exactly what the site registry derives', () => {
    // One list of sites (src/sites/index.ts): manifest.json carries none, the build adds the registry's.
    const source = JSON.parse(readFileSync(resolve('manifest.json'), 'utf8')) as Manifest;
    expect(source.optional_host_permissions).toBeUndefined();
    expect(source.host_permissions).toBeUndefined();
    expect(SITE_HOST_PATTERNS.length).toBeGreaterThanOrEqual(4);
    for (const dir of [resolve('dist'), resolve('dist-firefox'), release.chrome, release.firefox]) {
      expect(read(dir).optional_host_permissions, dir).toEqual([...SITE_HOST_PATTERNS]);
    }
    for (const dir of [resolve('dist'), resolve('dist-firefox')]) {
      expect(read(dir).host_permissions, dir).toEqual(allow.host_permissions_dev);
    }
    expect(committed.optional_host_permissions).toEqual(['$SITES']);
  });

  it('the CSP is the committed one, word for word', () => {
    for (const dir of [resolve('dist'), release.chrome]) {
      const policy = read(dir).content_security_policy as { extension_pages: string };
      expect(policy.extension_pages).toBe(allow.extension_pages_csp);
    }
  });

  it('the built scripts listen to no other extension and the content script to no page message', () => {
    for (const dir of ['dist', 'dist-firefox', release.chrome, release.firefox]) {
      const root = resolve(dir);
      const scripts = readdirSync(join(root, 'extension'))
        .filter((f) => f.endsWith('.js'))
        .map((f) => join(root, 'extension', f));
      scripts.push(
        ...readdirSync(root)
          .filter((f) => f.endsWith('.js') && f !== 'fill-engine.js')
          .map((f) => join(root, f)),
      );
      expect(scripts.length, dir).toBeGreaterThan(2);
      for (const file of scripts) {
        const code = readFileSync(file, 'utf8');
        // Another extension's messages arrive only through the *External events; CardFill never listens to them.
        expect(code, file).not.toMatch(/on(Message|Connect)External\s*\.\s*addListener/);
      }
      const content = readFileSync(join(root, 'extension', 'content.js'), 'utf8');
      // No window message listener in the content script (docs/prior-art.md §C: page→content-script spoofing).
      expect(content).not.toMatch(/addEventListener\(\s*[`'"]message[`'"]|\bonmessage\s*=/);
    }
  });

  it('the check itself catches each kind of widening', () => {
    const good = read(release.chrome);
    const widened: [string, Manifest][] = [
      ['<all_urls>', { ...good, host_permissions: ['<all_urls>'] }],
      ['every https site', { ...good, optional_host_permissions: [...(good.optional_host_permissions ?? []), 'https://*/*'] }],
      ['tabs', { ...good, permissions: [...(good.permissions ?? []), 'tabs'] }],
      ['externally_connectable', { ...good, externally_connectable: { matches: ['https://*.12306.cn/*'] } }],
      ['content_scripts', { ...good, content_scripts: [{ matches: ['https://*.12306.cn/*'], js: ['c.js'] }] }],
      [
        'unsafe-eval',
        {
          ...good,
          content_security_policy: {
            extension_pages: "script-src 'self' 'unsafe-eval'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
          },
        },
      ],
      [
        'a remote script host',
        {
          ...good,
          content_security_policy: {
            extension_pages: "script-src 'self' https://cdn.example; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
          },
        },
      ],
      ['no object-src', { ...good, content_security_policy: { extension_pages: "script-src 'self'" } }],
      ['the dev key', { ...good, key: 'MIIB' }],
    ];
    for (const [what, m] of widened) expect(problems(m, true), what).not.toEqual([]);
  });
});
