import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import webExtension, { readJsonFile } from 'vite-plugin-web-extension';
import { readFileSync } from 'node:fs';
import { SITE_HOST_PATTERNS } from './src/sites/index';

/**
 * One manifest.json for Chrome/Edge and Firefox (docs/tooling.md §1): `{{chrome}}.` and
 * `{{firefox}}.` keys are picked by TARGET_BROWSER. Development builds (the default, used by the
 * demo and the tests) carry the public dev key, so the extension id is fixed, and host access to
 * localhost for the fixture pages. `CARDFILL_RELEASE=1` builds what ships: no key, no localhost.
 * The site host patterns come from the site registry (src/sites/index.ts), never from a list here.
 */
const browser = process.env.TARGET_BROWSER === 'firefox' ? 'firefox' : 'chrome';
const release = process.env.CARDFILL_RELEASE === '1';
const outDir = browser === 'firefox' ? 'dist-firefox' : 'dist';
const TEST_HTTP_PATTERNS = ['http://intranet.lan/*', 'http://10.1.2.3/*', 'http://public-http.example/*'];

/**
 * CardFill's pages never render raw HTML. Preact's one innerHTML write serves
 * dangerouslySetInnerHTML, which CardFill does not use: the build replaces it with a throw, so the
 * bundles hold no HTML-injection sink (and Firefox's linter, run with warnings as errors, agrees).
 * If a Preact upgrade changes that code, the build fails here rather than shipping the sink.
 */
function noRawHtml(): Plugin {
  const sink = /\b([A-Za-z_$][\w$]*)\.innerHTML=([A-Za-z_$][\w$]*)\.__html\b/g;
  return {
    name: 'cardfill-no-raw-html',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]preact[\\/]dist[\\/]preact\.mjs$/.test(id)) return null;
      const out = code.replace(sink, '(()=>{throw new Error("CardFill renders no raw HTML")})()');
      if (out === code) throw new Error("cardfill-no-raw-html: Preact's innerHTML sink moved; update vite.config.ts");
      return { code: out, map: null };
    },
  };
}

export default defineConfig({
  root: '.',
  publicDir: 'extension/public',
  // The country table is a bundle of its own in the extension (src/fill/countries.ts).
  define: { __CARDFILL_LAZY_COUNTRIES__: 'true' },
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    minify: true,
    target: 'es2022',
  },
  plugins: [
    noRawHtml(),
    preact(),
    webExtension({
      browser,
      manifest: () => {
        const manifest = readJsonFile('manifest.json');
        manifest.version = readJsonFile('package.json').version;
        manifest.optional_host_permissions = [...SITE_HOST_PATTERNS];
        if (!release) {
          manifest['{{chrome}}.key'] = readFileSync('extension/dev-key.pub.b64', 'utf8').trim();
          // Tests and the demo open fixture pages on 127.0.0.1, and replicas served under the real
          // sites' addresses (Playwright routes them), without a toolbar click to grant activeTab.
          // The intranet and public http names are test/browser/intranet*.test.ts's (routed to the fixtures).
          manifest.host_permissions = ['http://127.0.0.1/*', 'http://localhost/*', ...SITE_HOST_PATTERNS, ...TEST_HTTP_PATTERNS];
        }
        return manifest;
      },
      // The content script's core, and the widget drivers the background adds only on pages with widgets.
      additionalInputs: ['extension/content.ts', 'extension/content-widgets.ts', 'extension/content-countries.ts'],
      disableAutoLaunch: true,
      skipManifestValidation: true,
      printSummary: false,
    }),
  ],
});
