/**
 * Every comment that cites a document cites one in this repository (docs/architecture.md §9): never a
 * design or reference document kept elsewhere, a sibling checkout, or an issue number, which a person
 * holding only the repository cannot follow. scripts/rewrite-citations.mjs fixes most of these.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commentRanges, listCheckedFiles } from '../../scripts/lib/comments.mjs';
import { rewriteCitations } from '../../scripts/rewrite-citations.mjs';

const ROOT = path.resolve(__dirname, '../..');

/** Outside documents, wherever they appear in a file: none of these is code. */
const OUTSIDE_DOCUMENT = /\bDESIGN(?:\.md)?\b|\bSTYLE\.md\b|(?<![\w-])reference\/[\w-]+\.md|\/work\/shared\b/;
/** Inside comments only (code may name the conformance kit's default path). */
const OUTSIDE_IN_COMMENT =
  /(?:\.\.\/)+shared\/(?:conformance|reference|hooks)|\b[Ii]ssues? \d+|(?<![\w./-])(?:anchors|tooling|card-format|target-forms|readers|distribution) §/;

interface Finding {
  file: string;
  line: number;
  text: string;
}

function findings(file: string, text: string): Finding[] {
  const found: Finding[] = [];
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const report = (index: number) => {
    const line = lineOf(index);
    found.push({ file, line, text: text.split('\n')[line - 1]!.trim().slice(0, 160) });
  };
  for (const m of text.matchAll(new RegExp(OUTSIDE_DOCUMENT, 'g'))) report(m.index);
  for (const [start, end] of commentRanges(text, file)) {
    const comment = text.slice(start, end);
    for (const m of comment.matchAll(new RegExp(OUTSIDE_IN_COMMENT, 'g'))) report(start + m.index);
  }
  return found;
}

describe('citations stay inside the repository', () => {
  const files = listCheckedFiles(ROOT);

  it('checks the source, test, script and documentation files', () => {
    expect(files).toContain('src/fill/engine.ts');
    expect(files).toContain('scripts/test.mjs');
    expect(files).toContain('SECURITY.md');
    expect(files.length).toBeGreaterThan(150);
  });

  it('no comment cites an outside document or an issue number', () => {
    const all = files.flatMap((f) => findings(f, fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(all.map((f) => `${f.file}:${f.line}: ${f.text}`)).toEqual([]);
  });

  it('every cited in-repo document exists', () => {
    const missing = new Set<string>();
    for (const f of files) {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      for (const m of text.matchAll(/(?<![\w./-])docs\/([\w-]+\.md)/g)) {
        if (!fs.existsSync(path.join(ROOT, 'docs', m[1]!))) missing.add(`${f}: docs/${m[1]}`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('the finder and the codemod see what they should', () => {
    const ts = 'const a = "// DESIGN is not here"; // but issue 5 §6 is\n/* reference/card-format.md §1 */ const b = /\\/\\//;';
    expect(
      findings('x.ts', ts)
        .map((f) => f.line)
        .sort(),
    ).toEqual([1, 1, 2]);
    expect(findings('x.ts', "const kit = '../shared/conformance';")).toEqual([]);
    expect(findings('x.ts', '// the kit in ../shared/conformance')).toHaveLength(1);
    expect(findings('x.ts', '// the card issue count (签发次数)')).toEqual([]);
    const before = [
      '/** Staff mode (issue 5 §6): the host watches (`watch`, DESIGN §3). */',
      '// attack pages (issue 6 §2; reference/anchors.md §C; DESIGN.md §1: no channel)',
      '// settings (managed values win, DESIGN §7 / issue 5).',
      '// lazily (issue 7: quick start-up), see ../shared/reference/tooling.md §3',
    ].join('\n');
    const after = rewriteCitations(before, 'x.ts');
    expect(after).toBe(
      [
        '/** Staff mode: the host watches (`watch`, docs/architecture.md §3). */',
        '// attack pages (docs/prior-art.md §C; docs/architecture.md §1: no channel)',
        '// settings (managed values win, docs/architecture.md §7).',
        '// lazily (quick start-up), see docs/tooling.md §3',
      ].join('\n'),
    );
    expect(rewriteCitations(after, 'x.ts')).toBe(after);
    expect(findings('x.ts', after)).toEqual([]);
  });
});
