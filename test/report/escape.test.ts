/**
 * Escaping: catalog text must stay text in markdown (no table broken, no HTML, no link)
 * and in mermaid (only safe characters and entity codes, no statement at a line start).
 * The markdown side is checked through `marked`, an independent GFM parser.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ganttTaskName, mdText, mermaidText, oneLine, truncate } from '../../src/report/markdown/escape.js';
import { tagNames, tables, toHtml, visibleText } from './markdown-oracle.js';

/** Names that try to break a table or a diagram, or inject HTML or links. */
export const CORPUS: readonly string[] = [
  'Pipe | in | name',
  'Back`tick ```fence``` end',
  '<script>alert(1)</script>',
  '[x](javascript:alert(1))',
  '![img](http://evil.example/x.png)',
  'Quote " double \' single "] close',
  'A --> B ==> C -.-> D',
  '%% comment %%{init: {"theme":"dark"}}%%',
  'click callback href "javascript:alert(1)"',
  'Line one\nLine two\r\nLine three\u2028four',
  '#quot; &amp; &lt;b&gt; #35;',
  'section Fake: x; y',
  '**bold** _em_ ~~strike~~ <img src=x onerror=alert(1)>',
  'see https://evil.example and www.evil.example or a@evil.example',
  '<https://evil.example>',
  'ANSI \u001b[31mred\u001b[0m bidi \u202eevil',
  '2025-01-01 date-like',
  'back\\slash \\| \\`',
  '[^1] footnote and [ref][1]\n\n[1]: https://evil.example',
  '&#60;script&#62; entity-encoded',
];

/** What a name should read as once rendered: one line, control characters made visible. */
const expected = (s: string): string => oneLine(s);

describe('mdText', () => {
  it.each(CORPUS)('keeps %j as plain text in a paragraph', (name) => {
    const html = toHtml(`Service: ${mdText(name)}`);
    expect([...tagNames(html)]).toEqual(['p']);
    expect(visibleText(html).trim()).toBe(`Service: ${expected(name)}`.trim());
  });

  it.each(CORPUS)('keeps %j in one table cell', (name) => {
    const md = `| a | b | c |\n| --- | --- | --- |\n| x | ${mdText(name)} | y |\n`;
    const [t] = tables(md);
    expect(t).toBeDefined();
    expect(t!.header).toBe(3);
    expect(t!.rows).toEqual([3]);
    expect(t!.cells[0]![1]!.trim()).toBe(expected(name).trim());
    const tags = tagNames(toHtml(md));
    for (const bad of ['a', 'script', 'img', 'iframe', 'b', 'strong', 'em', 'del', 'code']) expect(tags.has(bad), bad).toBe(false);
  });

  it('never yields a link, an HTML element or a broken table, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'|`*_[]()<>!#&:/\\@w.~"\'\n x-'.split('')), maxLength: 40 }), (s) => {
        const md = `| a | b |\n| --- | --- |\n| ${mdText(s)} | z |\n\nText ${mdText(s)} end\n`;
        const html = toHtml(md);
        const tags = [...tagNames(html)].sort();
        expect(tags.filter((t) => !['table', 'thead', 'tbody', 'tr', 'th', 'td', 'p'].includes(t))).toEqual([]);
        expect(tables(md)[0]!.rows).toEqual([2]);
      }),
      { numRuns: 400, seed: 7 },
    );
  });
});

/** Decodes mermaid's numeric entity codes (`#34;`), as mermaid does before drawing. */
const decodeMermaid = (s: string): string => s.replace(/#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)));

describe('mermaidText', () => {
  const SAFE = /^(?:[A-Za-z0-9 .,_/()'+=?!-]|#\d+;|[^\u0000-\u007f])*$/u;

  it('writes only safe characters and entity codes, and decodes back to the one-line text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (s) => {
        const t = mermaidText(s, 1000);
        expect(t).toMatch(SAFE);
        expect(decodeMermaid(t)).toBe(oneLine(s).trim());
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it.each(CORPUS)('cannot close a label, start a comment or an arrow: %j', (name) => {
    const t = mermaidText(name, 1000).replace(/#\d+;/g, ''); // entity codes are how these characters are written
    for (const bad of ['"', ']', '%%', '>', '`', ':', ';', '|', '\n', '<']) expect(t.includes(bad), bad).toBe(false);
  });

  it('shortens long text with an ellipsis, by code points', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('😀😀😀😀😀', 3)).toBe('😀😀…');
    expect(mermaidText('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('ganttTaskName', () => {
  it.each([
    ['click me', '#99;lick me'],
    ['Section A', '#83;ection A'],
    ['title x', '#116;itle x'],
    ['2025-01-01 x', '#50;025-01-01 x'],
    ['dateFormat x', '#100;ateFormat x'],
    ['Amazon EC2', 'Amazon EC2'],
    ['', '#8203;'],
  ])('%j → %j', (name, want) => {
    expect(ganttTaskName(name)).toBe(want);
  });

  it('never starts with a gantt keyword or a digit', () => {
    const kw = /^(acc|href|call|click|gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|todaymarker|weekday|weekend|title|section|displaymode|\d)/i;
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('click x', 'section y', 'Title', '9 lives', 'excludes weekends')), (s) => {
        expect(ganttTaskName(s)).not.toMatch(kw);
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
