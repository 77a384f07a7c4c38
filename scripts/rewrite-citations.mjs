#!/usr/bin/env node
// @ts-check
/**
 * Rewrites citations of documents that live outside the repository into citations of documents inside it,
 * and removes citations of issue numbers. Idempotent: what it writes matches none of its patterns, so a
 * second run changes nothing. Run it after merging a branch that added comments:
 *
 *     node scripts/rewrite-citations.mjs            rewrite in place, print each changed file
 *     node scripts/rewrite-citations.mjs --check    change nothing; exit 1 if anything would change
 *
 * Mapping (the section numbers of the in-repo documents follow the originals, so `§N` is kept):
 *
 *     DESIGN.md §N, DESIGN §N, ../shared/DESIGN.md   → docs/architecture.md §N
 *     STYLE.md (the code-style examples)            → docs/architecture.md §9
 *     reference/card-format.md §N                   → docs/card-format.md §N
 *     reference/target-forms.md §N                  → docs/target-forms.md §N
 *     reference/tooling.md §N                       → docs/tooling.md §N
 *     reference/anchors.md §X                       → docs/prior-art.md §X
 *     reference/readers.md §N                       → docs/readers.md        (its own numbering: § dropped)
 *     reference/distribution.md §N                  → docs/release.md        (its own numbering: § dropped)
 *     any of these with a ../shared/ or /work/shared/ prefix, or short ("anchors §B4"): the same
 *     ../shared/conformance (in comments)           → `$CARDFILL_CONFORMANCE` (the kit's location)
 *     issue N, issue N §M, issue N §M–§K (in comments) → removed with the bracket or separator around it:
 *         "x (issue 5 §6)."        → "x."
 *         "(issue 6 §2; DESIGN §1)" → "(docs/architecture.md §1)"
 *         "(issue 7: quick start)"  → "(quick start)"
 *         "DESIGN §7 / issue 5"     → "docs/architecture.md §7"
 *
 * Document names are rewritten anywhere in a file (they are never code); the conformance path and issue
 * numbers only inside comments (scripts/lib/comments.mjs), because code may use the path. Whatever the
 * patterns cannot fix cleanly (a sentence built around an issue number) is left for a person:
 * test/repo/citations.test.ts lists it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commentRanges, listCheckedFiles } from './lib/comments.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const PREFIX = String.raw`(?:(?:\.\.\/)+shared\/|\/work\/shared\/)?`;
/** One section reference: §6, § 6, §2.4, §A1, §0.3, with an optional range (§2–§3, §2.2–2.6). */
const SECTION = String.raw`§\s?[0-9A-Z](?:[0-9.]*[0-9])?(?:\s?[–-]\s?§?\s?[0-9A-Z](?:[0-9.]*[0-9])?)?`;
const SECTIONS = String.raw`(?:\s?${SECTION}(?:(?:,\s?|\s(?:and|&)\s)${SECTION})*)`;

/** @type {Array<[RegExp, string | ((...m: string[]) => string)]>} */
const DOCUMENT_RULES = [
  [
    new RegExp(String.raw`${PREFIX}reference\/(readers|distribution)\.md${SECTIONS}?`, 'g'),
    (_m, name) => `docs/${name === 'readers' ? 'readers' : 'release'}.md`,
  ],
  [
    new RegExp(String.raw`${PREFIX}reference\/(card-format|target-forms|tooling|anchors)\.md`, 'g'),
    (_m, name) => `docs/${name === 'anchors' ? 'prior-art' : name}.md`,
  ],
  [new RegExp(String.raw`${PREFIX}DESIGN\.md`, 'g'), 'docs/architecture.md'],
  [new RegExp(String.raw`\bDESIGN(?=\s?§)`, 'g'), 'docs/architecture.md'],
  [new RegExp(String.raw`${PREFIX}STYLE\.md`, 'g'), 'docs/architecture.md §9'],
  // Short forms: "anchors §B4", "card-format §1.5".
  [/(?<![\w./-])(anchors|tooling|card-format|target-forms)(?= §)/g, (_m, name) => `docs/${name === 'anchors' ? 'prior-art' : name}.md`],
];

const ISSUE = String.raw`[Ii]ssues? \d+${SECTIONS}?`;
/** @type {Array<[RegExp, string]>} */
const COMMENT_RULES = [
  [/`?\.\.\/shared\/conformance`?/g, '`$CARDFILL_CONFORMANCE`'],
  // A parenthesis holding only issue citations: drop it and the space before it.
  [new RegExp(String.raw`\s?\(\s?${ISSUE}(?:\s?[;,]\s?${ISSUE})*\s?\)`, 'g'), ''],
  // First in a list: "(issue 6 §2; X" → "(X"; "(issue 7: words" → "(words".
  [new RegExp(String.raw`\(\s?${ISSUE}\s?[;,:]\s?`, 'g'), '('],
  // Later in a list: "X; issue 4" / "X, issue 4" / "X / issue 5" → "X".
  [new RegExp(String.raw`\s?[;,/]\s?${ISSUE}(?![\w'’])`, 'g'), ''],
];

/**
 * @param {string} text
 * @param {string} file
 * @returns {string}
 */
export function rewriteCitations(text, file) {
  let out = text;
  for (const [re, to] of DOCUMENT_RULES) out = out.replace(re, /** @type {any} */ (to));
  const ranges = commentRanges(out, file);
  if (ranges.length === 0) return out;
  let result = '';
  let at = 0;
  for (const [start, end] of ranges) {
    result += out.slice(at, start);
    let comment = out.slice(start, end);
    for (const [re, to] of COMMENT_RULES) comment = comment.replace(re, to);
    result += comment;
    at = end;
  }
  return result + out.slice(at);
}

function main() {
  const check = process.argv.includes('--check');
  let changed = 0;
  for (const file of listCheckedFiles(ROOT)) {
    const full = path.join(ROOT, file);
    const before = fs.readFileSync(full, 'utf8');
    const after = rewriteCitations(before, file);
    if (after === before) continue;
    changed++;
    console.log(`${check ? 'would rewrite' : 'rewrote'} ${file}`);
    if (!check) fs.writeFileSync(full, after);
  }
  console.log(`${changed} file(s) ${check ? 'to rewrite' : 'rewritten'}`);
  if (check && changed > 0) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
