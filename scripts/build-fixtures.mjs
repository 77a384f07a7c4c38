#!/usr/bin/env node
// Bundles the fixture pages that need a bundler (React + antd) into test/fixtures/dist/ (git-ignored).
// The test command runs this before the browser tests. Pages that use UMD builds (jQuery, Vue, Element UI,
// Element Plus, layui) load them straight from /node_modules/ and need nothing here.
//   hotel.js        test/fixtures/src/hotel.jsx with React 19 + antd 6 (the versions in package.json)
//   hotel-antd4.js  the same source with React 18 + antd 4 (installed as the aliases react18, react-dom18, antd4;
//                   antd 4 needs React ≤ 18 and moment, which takes dayjs's place: the fixture uses only
//                   `x(string)`, `.format()` and `.year()`, which both libraries have)
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** @type {import("esbuild").BuildOptions} */
const common = {
  bundle: true,
  format: 'iife',
  minify: true,
  jsx: 'automatic',
  jsxImportSource: 'react',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  legalComments: 'none',
};
/** antd 4 keeps its locales under lib/locale. */
const antd4Locale = {
  name: 'antd4-locale',
  setup(b) {
    b.onResolve({ filter: /^antd\/locale\/zh_CN$/ }, () => ({ path: path.join(root, 'node_modules/antd4/lib/locale/zh_CN.js') }));
  },
};
const builds = [
  { out: 'hotel', entry: 'test/fixtures/src/hotel.jsx' },
  {
    out: 'hotel-antd4',
    entry: 'test/fixtures/src/hotel.jsx',
    alias: { react: 'react18', 'react-dom': 'react-dom18', antd: 'antd4', dayjs: 'moment' },
    plugins: [antd4Locale],
  },
];

const started = Date.now();
await Promise.all(
  builds.map((b) =>
    build({
      ...common,
      entryPoints: { [b.out]: path.join(root, b.entry) },
      outdir: path.join(root, 'test/fixtures/dist'),
      alias: b.alias ?? {},
      plugins: b.plugins ?? [],
    }),
  ),
);
console.log(`fixtures built in ${Date.now() - started} ms: ${builds.map((b) => b.out).join(', ')}`);
