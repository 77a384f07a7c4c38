import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import webExtension, { readJsonFile } from 'vite-plugin-web-extension';
import { readFileSync } from 'node:fs';

/**
 * One manifest.json for Chrome/Edge and Firefox (reference/tooling.md §1): `{{chrome}}.` and
 * `{{firefox}}.` keys are picked by TARGET_BROWSER. Development builds (the default, used by the
 * demo and the tests) carry the public dev key, so the extension id is fixed, and host access to
 * localhost for the fixture pages. `CARDFILL_RELEASE=1` builds what ships: no key, no localhost.
 */
const browser = process.env.TARGET_BROWSER === 'firefox' ? 'firefox' : 'chrome';
const release = process.env.CARDFILL_RELEASE === '1';
const outDir = browser === 'firefox' ? 'dist-firefox' : 'dist';
const DEFAULT_SITE_PATTERNS = ['https://*.12306.cn/*', 'https://*.chinatax.gov.cn/*', 'https://*.122.gov.cn/*', 'https://*.gjzwfw.gov.cn/*'];

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
      if (out === code) throw new Error('cardfill-no-raw-html: Preact\'s innerHTML sink moved; update vite.config.ts');
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
        if (!release) {
          manifest['{{chrome}}.key'] = readFileSync('extension/dev-key.pub.b64', 'utf8').trim();
          // Tests and the demo open fixture pages on 127.0.0.1, and replicas served under the real
          // sites' addresses (Playwright routes them), without a toolbar click to grant activeTab.
          manifest.host_permissions = ['http://127.0.0.1/*', 'http://localhost/*', ...DEFAULT_SITE_PATTERNS];
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
