/**
 * Problems found in a catalog, as values: a code, a severity, a position, and a hint.
 * Loading never throws on bad input; it collects these.
 */
import type { SourcePos } from './model.js';

export const DIAGNOSTIC_CODES = [
  // reading
  'file-not-found',
  'file-unreadable',
  'file-too-large',
  'file-binary',
  'file-not-utf8',
  'no-yaml-files',
  'empty-file',
  // YAML syntax
  'yaml-syntax',
  'yaml-duplicate-key',
  'yaml-alias-limit',
  'yaml-too-deep',
  'yaml-tab',
  'yaml-indentation',
  // schema
  'unknown-field',
  'missing-field',
  'wrong-type',
  'invalid-value',
  'invalid-id',
  'invalid-duration',
  'invalid-rate',
  'invalid-tier',
  // semantics
  'duplicate-id',
  'unknown-service',
  'self-dependency',
  'duplicate-dependency',
  'group-empty',
  'group-at-least',
  'group-duplicate-member',
  'hard-cycle',
  'scenario-unknown-service',
  'fault-window',
  'no-services',
  'fraction-on-group',
  'fraction-on-async',
  // completeness (reported by `validate --strict` and `review`)
  'missing-tier',
  'backpressure-shape',
  'backlog-overloaded',
  // cells, zones and regions
  'cells-shares',
  'cell-unknown',
  'cell-shape',
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** Where the problem is; absent only when it is about a path with no content. */
  readonly pos?: SourcePos;
  /** A "try this". */
  readonly hint?: string;
  /** The source line and a caret under the column, when the source is known. */
  readonly excerpt?: string;
}

export const isError = (d: Diagnostic): boolean => d.severity === 'error';

/** Sorts diagnostics by file, line, column, then code, for stable output. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => {
    const fa = a.pos?.file ?? '';
    const fb = b.pos?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    return (a.pos?.line ?? 0) - (b.pos?.line ?? 0) || (a.pos?.col ?? 0) - (b.pos?.col ?? 0) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  });
}

// Where the lines of the last text excerpted start: diagnostics come in runs over one file, and
// scanning a large file once per diagnostic would be quadratic (splitting it into lines, a string
// per line, costs more than the few lines ever shown).
let linesOf: { text: string; starts: number[] } | undefined;

function sourceLine(text: string, line: number): string | undefined {
  if (linesOf?.text !== text) {
    const starts = [0];
    for (let j = text.indexOf('\n'); j >= 0; j = text.indexOf('\n', j + 1)) starts.push(j + 1);
    linesOf = { text, starts };
  }
  const { starts } = linesOf;
  if (line < 1 || line > starts.length) return undefined;
  const from = starts[line - 1]!;
  let to = line < starts.length ? starts[line]! - 1 : text.length;
  if (to > from && text.charCodeAt(to - 1) === 13 && line < starts.length) to--; // the \r of a \r\n
  return text.slice(from, to);
}

/** Source line `line` (1-based) of `text` with a caret under `col`, or undefined when out of range. */
export function makeExcerpt(text: string, line: number, col: number): string | undefined {
  const src = sourceLine(text, line);
  if (src === undefined) return undefined;
  const shown = src.length > 160 ? `${src.slice(0, 157)}...` : src;
  const gutter = `${line} | `;
  const caretCol = Math.min(Math.max(col - 1, 0), shown.length);
  const pad = shown.slice(0, caretCol).replace(/[^\t]/g, ' ');
  return `${gutter}${shown}\n${' '.repeat(gutter.length - 2)}| ${pad}^`;
}
