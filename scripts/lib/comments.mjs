// @ts-check
// Where the comments are in a source file, and which files carry comments at all. Shared by
// scripts/rewrite-citations.mjs (which rewrites citations inside comments) and
// test/repo/citations.test.ts (which fails on a citation of a document outside the repository).
import { execFileSync } from 'node:child_process';

/** Files whose comments are found by the lexer below; every other listed file counts as all comment. */
const LEXED = /\.(?:[cm]?[jt]sx?|c|h|css)$/;
/** Files that carry prose or comments worth checking. */
const CHECKED = /(?:\.(?:[cm]?[jt]sx?|c|h|css|html|json|md|sh|ya?ml)|(?:^|\/)\.ci\/run|(?:^|\/)\.editorconfig)$/;
/**
 * Never checked: third-party pages kept verbatim (their own comments cite their own trackers), generated
 * data and lock files, and the three files that must spell out the citations they rewrite or refuse.
 */
const SKIPPED = [
  /^package-lock\.json$/,
  /^bench\/results\//,
  /^test\/fixtures\/real\//,
  /^node_modules\//,
  /^scripts\/rewrite-citations\.mjs$/,
  /^scripts\/lib\/comments\.mjs$/,
  /^test\/repo\/citations\.test\.ts$/,
];

/**
 * The repository's files that carry comments or prose: tracked files plus new files not ignored
 * (so a file not yet committed is checked too).
 * @param {string} root
 * @returns {string[]} paths relative to root, with forward slashes
 */
export function listCheckedFiles(root) {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
  const seen = new Set(out.split('\0').filter(Boolean));
  return [...seen].filter((f) => CHECKED.test(f) && !SKIPPED.some((re) => re.test(f))).sort();
}

/** Tokens after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = new Set([
  '',
  '(',
  ',',
  '=',
  ':',
  '[',
  '!',
  '&',
  '|',
  '?',
  '{',
  '}',
  ';',
  '+',
  '-',
  '*',
  '%',
  '<',
  '>',
  '~',
  '^',
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'void',
  'yield',
  'await',
  'delete',
  'throw',
  'new',
]);

/**
 * The [start, end) ranges of the comments in a file. For a JavaScript/TypeScript/C/CSS file these are
 * the `//` and block comments, found by a small lexer that skips strings, template literals and
 * regular expression literals; for any other file (HTML, Markdown, JSON, shell) the whole text.
 * @param {string} text
 * @param {string} file
 * @returns {Array<[number, number]>}
 */
export function commentRanges(text, file) {
  if (!LEXED.test(file)) return [[0, text.length]];
  /** @type {Array<[number, number]>} */
  const ranges = [];
  const n = text.length;
  let i = 0;
  let last = ''; // the last significant token: a punctuation character or a whole word
  while (i < n) {
    const c = text.charAt(i);
    const next = text.charAt(i + 1);
    if (c === '/' && next === '/') {
      const j = text.indexOf('\n', i);
      const end = j < 0 ? n : j;
      ranges.push([i, end]);
      i = end;
    } else if (c === '/' && next === '*') {
      const j = text.indexOf('*/', i + 2);
      const end = j < 0 ? n : j + 2;
      ranges.push([i, end]);
      i = end;
    } else if (c === '"' || c === "'" || c === '`') {
      i = skipQuoted(text, i, c, c !== '`');
      last = c;
    } else if (c === '/' && BEFORE_REGEX.has(last)) {
      i = skipRegex(text, i);
      last = '/';
    } else if (/[\w$]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w$]/.test(text.charAt(j))) j++;
      last = text.slice(i, j);
      i = j;
    } else {
      if (!/\s/.test(c)) last = c;
      i++;
    }
  }
  return ranges;
}

/**
 * @param {string} text @param {number} start @param {string} quote
 * @param {boolean} stopAtNewline a quoted string cannot span lines: stop there so one odd quote cannot hide the file
 */
function skipQuoted(text, start, quote, stopAtNewline) {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) return i + 1;
    if (stopAtNewline && c === '\n') return i;
    i++;
  }
  return i;
}

/** @param {string} text @param {number} start */
function skipRegex(text, start) {
  let i = start + 1;
  let inClass = false;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '\n') return i;
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    else if (c === '/') return i + 1;
    i++;
  }
  return i;
}
