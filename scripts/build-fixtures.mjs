#!/usr/bin/env node
// Bundles the fixture pages that need a bundler (React + antd) into test/fixtures/dist/ (git-ignored).
// The test command runs this before the browser tests. Pages that use UMD builds (jQuery, Vue, Element Plus,
// layui) load them straight from /node_modules/ and need nothing here.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entries = { hotel: 'test/fixtures/src/hotel.jsx' };

const started = Date.now();
await build({
  entryPoints: Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, path.join(root, v)])),
  outdir: path.join(root, 'test/fixtures/dist'),
  bundle: true,
  format: 'iife',
  minify: true,
  jsx: 'automatic',
  jsxImportSource: 'react',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  legalComments: 'none',
});
console.log(`fixtures built in ${Date.now() - started} ms: ${Object.keys(entries).join(', ')}`);
