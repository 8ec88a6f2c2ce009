/**
 * Env files for Compose interpolation (`.env` in the project directory, or `--env-file`), read
 * by the rules of docs.docker.com "Syntax for environment files": `VAR=VAL` lines, `#`
 * comment lines and blank lines ignored, an optional `export ` prefix, unquoted values
 * trimmed with ` #` starting an inline comment, double-quoted values with `\n \r \t \\ \"`
 * escapes (and line breaks), single-quoted values taken literally (`\'` escapes a quote).
 * Unquoted and double-quoted values are interpolated with the variables known so far.
 * Messages never quote a value or a malformed line: env files hold secrets, and the
 * shell shows an excerpt only for files the user named.
 */
import { diag, lineStarts, posAt, type ImportDiagnostic, type ImportSource } from '../model.js';
import { interpolate } from './interpolate.js';

export interface EnvFile {
  /** Variables in file order; a later line for the same name wins. */
  readonly vars: Map<string, string>;
  readonly diagnostics: ImportDiagnostic[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Parses `source`; `outer` holds variables that win over the file's own (given on the command
 * line) and that its values may refer to.
 */
export function parseEnvFile(source: ImportSource, outer: ReadonlyMap<string, string> = new Map()): EnvFile {
  const { file, text } = source;
  const starts = lineStarts(text);
  const vars = new Map<string, string>();
  const diagnostics: ImportDiagnostic[] = [];
  const at = (offset: number) => posAt(file, starts, offset);
  const lookup = (name: string): string | undefined => outer.get(name) ?? vars.get(name);
  let i = 0;
  while (i < text.length) {
    const lineEnd = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    const line = text.slice(i, lineEnd).replace(/\r$/, '');
    const trimmed = line.trimStart();
    const lead = line.length - trimmed.length;
    if (trimmed === '' || trimmed.startsWith('#')) {
      i = lineEnd + 1;
      continue;
    }
    const body = trimmed.startsWith('export ') ? trimmed.slice('export '.length).trimStart() : trimmed;
    const bodyAt = i + lead + (trimmed.length - body.length);
    const eq = body.indexOf('=');
    const key = (eq < 0 ? body : body.slice(0, eq)).trim();
    if (eq < 0 || !KEY.test(key)) {
      diagnostics.push(diag('error', 'syntax', eq < 0 ? 'this line has no "=": env file lines are NAME=value' : 'the name before "=" is not a variable name', at(bodyAt), { hint: 'write NAME=value; comment lines start with #', text }));
      i = lineEnd + 1;
      continue;
    }
    let valueAt = bodyAt + eq + 1;
    while (text[valueAt] === ' ' || text[valueAt] === '\t') valueAt++;
    const q = text[valueAt];
    let value: string;
    let interpolated = true;
    let next: number;
    if (q === '"' || q === "'") {
      const closed = readQuoted(text, valueAt, q);
      if (!closed) {
        diagnostics.push(diag('error', 'syntax', `the ${q === '"' ? 'double' : 'single'} quote of ${key} is not closed`, at(valueAt), { text }));
        break;
      }
      value = closed.value;
      interpolated = q === '"';
      const after = text.indexOf('\n', closed.end) < 0 ? text.length : text.indexOf('\n', closed.end);
      const tail = text.slice(closed.end, after).replace(/\r$/, '').trim();
      if (tail !== '' && !tail.startsWith('#')) {
        diagnostics.push(diag('error', 'syntax', `unexpected text after the quoted value of ${key}`, at(closed.end), { hint: 'an inline comment after a quoted value starts with #', text }));
      }
      next = after + 1;
    } else {
      const raw = text.slice(valueAt, lineEnd).replace(/\r$/, '');
      const comment = /\s#/.exec(raw);
      value = (comment ? raw.slice(0, comment.index) : raw).trim();
      next = lineEnd + 1;
    }
    if (interpolated) {
      const r = interpolate(value, lookup);
      if ('error' in r) {
        diagnostics.push(diag('error', 'interpolation', r.error, at(valueAt), { text }));
        value = '';
      } else value = r.value;
    }
    vars.set(key, value);
    i = next;
  }
  return { vars, diagnostics };
}

/** A quoted value starting at `start` (the quote): its unescaped text and the offset after the closing quote. */
function readQuoted(text: string, start: number, q: string): { value: string; end: number } | undefined {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      const d = text[i + 1]!;
      if (q === "'") {
        value += d === "'" ? "'" : `\\${d}`;
      } else {
        const esc: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"' };
        value += esc[d] ?? `\\${d}`;
      }
      i++;
      continue;
    }
    if (c === q) return { value, end: i + 1 };
    value += c;
  }
  return undefined;
}
