/**
 * A reader for the Prometheus text exposition format (prometheus.io/docs/instrumenting/
 * exposition_formats) and the OpenMetrics text it grew into: `# HELP` / `# TYPE` /
 * `# UNIT` / `# EOF` and other comments, samples `name{label="value",...} value [timestamp]`
 * with `\\`, `\"` and `\n` escapes in label values, labels in any order, a trailing comma,
 * quoted UTF-8 metric names inside the braces, and OpenMetrics exemplars after ` # `.
 * Every malformed line is a diagnostic with line and column; nothing throws.
 */
import type { SourcePos } from '../../catalog/model.js';
import { diag, type ImportDiagnostic, type ImportSource } from '../model.js';

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly timestamp?: number;
  readonly pos: SourcePos;
}

/** Malformed lines reported per file before giving up on it. */
const MAX_ERRORS = 10;

const NAME_RE = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_RE = /[a-zA-Z_][a-zA-Z0-9_]*/y;

class LineError extends Error {
  constructor(readonly col: number, message: string, readonly hint?: string) {
    super(message);
  }
}

/** Parses a number the way the exposition format writes them (`+Inf`, `-Inf`, `NaN` included). */
export function parseValue(token: string): number | undefined {
  if (/^[+]?inf$/i.test(token)) return Infinity;
  if (/^-inf$/i.test(token)) return -Infinity;
  if (/^nan$/i.test(token)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(token)) return undefined;
  return Number(token);
}

export function parsePromText(source: ImportSource): { samples: Sample[]; diagnostics: ImportDiagnostic[] } {
  const samples: Sample[] = [];
  const diagnostics: ImportDiagnostic[] = [];
  const lines = source.text.split('\n');
  let errors = 0;
  lines.forEach((raw, i) => {
    if (errors > MAX_ERRORS) return;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    try {
      const s = parseLine(line);
      if (s) {
        const { col, ...sample } = s;
        samples.push({ ...sample, pos: { file: source.file, line: i + 1, col } });
      }
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      if (++errors > MAX_ERRORS) {
        diagnostics.push(diag('error', 'syntax', `more than ${MAX_ERRORS} malformed lines; stopped reading this file`, { file: source.file, line: i + 1, col: 1 }, { hint: 'is this the Prometheus text format?' }));
        return;
      }
      diagnostics.push(diag('error', 'syntax', e.message, { file: source.file, line: i + 1, col: e.col }, { ...(e.hint ? { hint: e.hint } : {}), text: source.text }));
    }
  });
  return { samples, diagnostics };
}

function parseLine(line: string): (Omit<Sample, 'pos'> & { col: number }) | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  };
  ws();
  if (i === line.length) return undefined;
  if (line[i] === '#') return undefined; // HELP, TYPE, UNIT, EOF and plain comments carry no samples
  const start = i;
  let name: string | undefined;
  NAME_RE.lastIndex = i;
  const m = NAME_RE.exec(line);
  let spaced = false;
  if (m) {
    name = m[0];
    i += name.length;
    const before = i;
    ws();
    spaced = i > before;
  } else if (line[i] !== '{') {
    throw new LineError(i + 1, `expected a metric name, found "${line[i]}"`, 'a sample line is: name{label="value"} 123');
  }
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    spaced = false;
    i++;
    for (;;) {
      ws();
      if (line[i] === '}') { i++; break; }
      if (i >= line.length) throw new LineError(i + 1, 'the label set is not closed with "}"');
      let labelName: string;
      const at = i;
      if (line[i] === '"') {
        labelName = readQuoted();
      } else {
        LABEL_RE.lastIndex = i;
        const lm = LABEL_RE.exec(line);
        if (!lm) throw new LineError(i + 1, `expected a label name, found "${line[i]}"`);
        labelName = lm[0];
        i += labelName.length;
      }
      ws();
      if (line[i] !== '=' && name === undefined && line[at] === '"') {
        name = labelName; // a quoted metric name inside the braces
      } else {
        if (line[i] !== '=') throw new LineError(i + 1, `expected "=" after label ${labelName}`);
        i++;
        ws();
        if (line[i] !== '"') throw new LineError(i + 1, `the value of label ${labelName} must be in double quotes`);
        labels[labelName] = readQuoted();
      }
      ws();
      if (line[i] === ',') { i++; continue; }
      if (line[i] === '}') { i++; break; }
      throw new LineError(i + 1, i >= line.length ? 'the label set is not closed with "}"' : `expected "," or "}" in the label set, found "${line[i]}"`);
    }
  }
  if (name === undefined) throw new LineError(start + 1, 'the sample has no metric name');
  if (!spaced && i < line.length && line[i] !== ' ' && line[i] !== '\t') throw new LineError(i + 1, `expected a space before the value, found "${line[i]}"`);
  ws();
  const vStart = i;
  while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i++;
  const token = line.slice(vStart, i);
  if (token === '') throw new LineError(vStart + 1, `${name} has no value`);
  const value = parseValue(token);
  if (value === undefined) throw new LineError(vStart + 1, `"${token}" is not a number`);
  ws();
  let timestamp: number | undefined;
  if (i < line.length && line[i] !== '#') {
    const tStart = i;
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i++;
    const t = parseValue(line.slice(tStart, i));
    if (t === undefined || !Number.isFinite(t)) throw new LineError(tStart + 1, `"${line.slice(tStart, i)}" is not a timestamp`);
    timestamp = t;
    ws();
  }
  // What is left may only be an OpenMetrics exemplar: ` # {trace_id="..."} 1 1700000000`.
  if (i < line.length && line[i] !== '#') throw new LineError(i + 1, `unexpected "${line.slice(i, i + 20)}" after the sample`);
  return { name, labels, value, ...(timestamp !== undefined ? { timestamp } : {}), col: start + 1 };

  function readQuoted(): string {
    const open = i;
    i++;
    let out = '';
    while (i < line.length && line[i] !== '"') {
      if (line[i] === '\\' && i + 1 < line.length) {
        const c = line[i + 1];
        out += c === 'n' ? '\n' : c === '\\' || c === '"' ? c : `\\${c}`;
        i += 2;
      } else out += line[i++];
    }
    if (i >= line.length) throw new LineError(open + 1, 'a quoted string is not closed', 'escape " inside label values as \\"');
    i++;
    return out;
  }
}
