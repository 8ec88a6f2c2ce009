/**
 * Indentation mistakes, explained once at the line that has them. The YAML parser reports
 * the consequences where it meets them: one tab gives an error on every later line of the
 * mapping (blank lines included), and a key indented as far as the lines under it makes them
 * fields of the mapping above ("key "name" appears twice"). These rewrite a file's syntax
 * diagnostics into one error at the cause, with a hint about indentation. Pure.
 */
import { makeExcerpt, type Diagnostic } from './diagnostics.js';

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isBlank = (line: string): boolean => line.trim() === '' || line.trimStart().startsWith('#');
/** `key:` with nothing after it but a comment: a key whose value should follow, indented. */
const EMPTY_KEY = /^\s*([^\s#'"{[\-?][^#]*?|'[^']*'|"[^"]*"):\s*(?:#.*)?$/;
/** Any `key: ...` line, for naming the key a line should line up with. */
const KEY = /^\s*(?:- +)?([^\s#'"{[][^:#]*?|'[^']*'|"[^"]*"):(?:\s|$)/;

/** Lines searched above a duplicate key for the key that lost its contents. */
const MAX_LOOK_BACK = 400;

/** The nearest line above `index` that is neither blank nor tab-indented, with its index. */
function previousLine(lines: readonly string[], index: number): { i: number; text: string } | undefined {
  for (let i = index - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (!isBlank(l) && !/^[ ]*\t/.test(l)) return { i, text: l };
  }
  return undefined;
}

/** The hint for a tab-indented line: spaces only, and the column to line it up at. */
function tabHint(lines: readonly string[], index: number): string {
  const prev = previousLine(lines, index);
  const here = lines[index]!.trim();
  const key = KEY.exec(here)?.[1];
  const what = key !== undefined ? `"${key}:"` : 'the line';
  if (!prev) return `YAML indents with spaces only: replace the tab at the start of this line with spaces`;
  const opens = EMPTY_KEY.test(prev.text);
  const col = indentOf(prev.text) + (opens ? 2 : 0) + 1;
  const prevKey = KEY.exec(prev.text)?.[1];
  const relation = opens ? `under "${prevKey ?? 'the key'}:" on line ${prev.i + 1}, two spaces further in` : `in line with "${prevKey ?? lines[prev.i]!.trim()}${prevKey !== undefined ? ':' : ''}" on line ${prev.i + 1}`;
  return `YAML indents with spaces only, and the indentation says what belongs to what: replace the tab with spaces so that ${what} starts at column ${col}, ${relation}`;
}

/**
 * For a duplicate key at `index` (0-based line, `col` 1-based): the key above it in the same
 * mapping that has no value and is followed by lines indented no further than itself. Those
 * lines were meant to be its contents.
 */
function emptyKeyAbove(lines: readonly string[], index: number, col: number): number | undefined {
  // a service's fields are a few dozen lines: a bounded look keeps a file of many duplicates linear
  for (let i = index - 1; i >= Math.max(0, index - MAX_LOOK_BACK); i--) {
    const l = lines[i]!;
    if (isBlank(l)) continue;
    const ind = indentOf(l);
    if (ind < col - 1) return undefined; // left the mapping
    if (ind > col - 1) continue; // inside an earlier key's value
    if (!EMPTY_KEY.test(l)) continue;
    // the next line that says something is at the same indentation: the key's contents are not indented
    let j = i + 1;
    while (j < lines.length && isBlank(lines[j]!)) j++;
    if (j < lines.length && indentOf(lines[j]!) === ind && !lines[j]!.trimStart().startsWith('- ')) return i;
  }
  return undefined;
}

/** The key that owns the mapping line `index` is in: the nearest line above indented less. */
function owner(lines: readonly string[], index: number): { i: number; key: string; col: number } | undefined {
  const ind = indentOf(lines[index]!);
  for (let i = index - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (isBlank(l) || indentOf(l) >= ind) continue;
    const key = KEY.exec(l)?.[1];
    return key !== undefined ? { i, key, col: indentOf(l) + 1 } : undefined;
  }
  return undefined;
}

/** Rewrites the diagnostics of one file (`text`) so that each indentation mistake is one error at its cause. */
export function explainIndentation(text: string, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const tabs = diagnostics.filter((d) => d.code === 'yaml-tab');
  const dups = diagnostics.filter((d) => d.code === 'yaml-duplicate-key');
  if (tabs.length === 0 && dups.length === 0) return [...diagnostics];
  const lines = text.split(/\r?\n/);

  if (tabs.length > 0) {
    // Every other syntax error of the file follows from the tabs: fix them and run again.
    const seen = new Set<number>();
    const out: Diagnostic[] = [];
    for (const d of diagnostics) {
      if (d.code === 'yaml-syntax' && d.severity === 'error') continue;
      if (d.code !== 'yaml-tab' || !d.pos) {
        out.push(d);
        continue;
      }
      if (seen.has(d.pos.line)) continue;
      seen.add(d.pos.line);
      const line = lines[d.pos.line - 1] ?? '';
      const col = line.indexOf('\t') + 1 || d.pos.col;
      const excerpt = makeExcerpt(text, d.pos.line, col);
      out.push({ ...d, message: 'a tab in the indentation: YAML does not allow tabs there', pos: { ...d.pos, col }, hint: tabHint(lines, d.pos.line - 1), ...(excerpt ? { excerpt } : {}) });
    }
    return out;
  }

  // Duplicate keys caused by a key indented as far as its contents: one error at that key.
  const causes = new Map<number, Diagnostic[]>();
  const firstOf = new Map<Diagnostic, number>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const k = d.code === 'yaml-duplicate-key' && d.pos ? emptyKeyAbove(lines, d.pos.line - 1, d.pos.col) : undefined;
    if (k === undefined) {
      out.push(d);
      continue;
    }
    const list = causes.get(k);
    if (list) list.push(d);
    else {
      causes.set(k, [d]);
      firstOf.set(d, k);
      out.push(d); // placeholder, replaced below
    }
  }
  return out.map((d) => {
    const k = firstOf.get(d);
    if (k === undefined || !d.pos) return d;
    const line = lines[k]!;
    const key = EMPTY_KEY.exec(line)![1]!;
    const col = indentOf(line) + 1;
    const names = causes.get(k)!.map((x) => /key "(.*)" appears twice/.exec(x.message)?.[1] ?? '?');
    const up = owner(lines, k);
    const excerpt = makeExcerpt(text, k + 1, col);
    const fix = up
      ? `move "${key}:" back to column ${up.col}, in line with "${up.key}:" on line ${up.i + 1} (or, if it belongs inside "${up.key}", indent the lines under it two more spaces)`
      : `indent the lines under "${key}:" two more spaces than it`;
    return {
      code: 'yaml-indentation',
      severity: 'error',
      message: `"${key}:" is indented as far as the lines under it, so it is an empty field and they belong to the mapping above (where ${names.slice(0, 3).map((n) => `"${n}"`).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''} then appear twice)`,
      pos: { ...d.pos, line: k + 1, col },
      hint: `indentation says what belongs to what: a key's contents go under it, indented further; ${fix}`,
      ...(excerpt ? { excerpt } : {}),
    } satisfies Diagnostic;
  });
}
