/**
 * The reader section's link to docs/readers.md: the document ships inside the extension (bundled
 * as text at build time) and opens in place, so it is there with no network and no repository.
 * A small Markdown subset is rendered as Preact elements — headings, paragraphs, lists, tables,
 * code — never as HTML, so nothing in the text can become markup.
 */
import type { ComponentChildren } from 'preact';
import readersMarkdown from '../../docs/readers.md?raw';
import { t } from '../shared/i18n';

/** `code`, **bold** and [text](target) inside a line; links become their text. */
function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\([^)]*\)/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index! > last) out.push(text.slice(last, m.index));
    if (m[1] !== undefined) out.push(<code>{m[1]}</code>);
    else if (m[2] !== undefined) out.push(<strong>{m[2]}</strong>);
    else out.push(m[3]);
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Split a table row on unescaped pipes; `\|` stays a pipe in the cell. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
}

export function renderMarkdown(source: string): ComponentChildren[] {
  const lines = source.split(/\r?\n/);
  const blocks: ComponentChildren[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    if (heading) {
      // The document's own levels sit below the options page's h2.
      const level = Math.min(heading[1]!.length + 2, 6);
      const Tag = `h${level}` as 'h3';
      blocks.push(<Tag>{inline(heading[2]!)}</Tag>);
      i++;
      continue;
    }
    if (line.startsWith('```')) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.startsWith('```')) body.push(lines[i++]!);
      i++;
      blocks.push(<pre class="command">{body.join('\n')}</pre>);
      continue;
    }
    if (line.trim().startsWith('|')) {
      const rows: string[][] = [];
      while (i < lines.length && lines[i]!.trim().startsWith('|')) {
        if (!/^\s*\|[\s|:-]+\|\s*$/.test(lines[i]!)) rows.push(cells(lines[i]!));
        i++;
      }
      const [head, ...body] = rows;
      blocks.push(
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                {head!.map((c, i) => (
                  <th key={i} scope="col">
                    {inline(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {body.map((r, i) => (
                <tr key={i}>
                  {r.map((c, j) => (
                    <td key={j}>{inline(c)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>,
      );
      continue;
    }
    const item = /^\s*(?:[-*]|\d+\.)\s+(.*)$/.exec(line);
    if (item) {
      const ordered = /^\s*\d+\./.test(line);
      const items: string[] = [];
      while (i < lines.length) {
        const m = /^\s*(?:[-*]|\d+\.)\s+(.*)$/.exec(lines[i]!);
        if (m) items.push(m[1]!);
        else if (/^\s{2,}\S/.test(lines[i]!) && items.length) items[items.length - 1] += ` ${lines[i]!.trim()}`;
        else break;
        i++;
      }
      const List = ordered ? 'ol' : 'ul';
      blocks.push(
        <List>
          {items.map((x, i) => (
            <li key={i}>{inline(x)}</li>
          ))}
        </List>,
      );
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && !/^(#|```|\s*\||\s*(?:[-*]|\d+\.)\s)/.test(lines[i]!))
      para.push(lines[i++]!.trim());
    blocks.push(<p>{inline(para.join(' '))}</p>);
  }
  return blocks;
}

export function ReadersDoc() {
  return (
    <details class="readers-doc" id="readers-doc" data-readers-doc>
      <summary>{t('readerDocsLink')}</summary>
      <div class="doc" lang="en">
        {renderMarkdown(readersMarkdown)}
      </div>
    </details>
  );
}
