#!/usr/bin/env node
// Redraws the extension icons from store/icon-source/*.svg with rsvg-convert (Debian librsvg2-bin):
// 16 and 32 px from the simplified drawing, 48 and 128 px from the full one. The PNGs are
// committed; run this only after changing a drawing.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { root } from './common.mjs';

const src = path.join(root, 'store/icon-source');
const out = path.join(root, 'extension/public/icons');
/** @type {[number, string][]} */
const ICONS = [
  [16, 'icon-small.svg'],
  [32, 'icon-small.svg'],
  [48, 'icon.svg'],
  [128, 'icon.svg'],
];
for (const [size, svg] of ICONS) {
  execFileSync('rsvg-convert', ['-w', String(size), '-h', String(size), path.join(src, svg), '-o', path.join(out, `icon-${size}.png`)]);
  process.stdout.write(`icons: extension/public/icons/icon-${size}.png\n`);
}
