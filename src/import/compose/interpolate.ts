/**
 * Compose variable interpolation (compose-spec 12-interpolation.md, docs.docker.com
 * "Interpolation"): `$VAR`, `${VAR}`, `${VAR:-default}` (unset or empty), `${VAR-default}`
 * (unset), `${VAR:?error}` / `${VAR?error}` (required), `${VAR:+alt}` / `${VAR+alt}`
 * (alternative), nesting inside defaults, and `$$` for a literal `$`. A `$` that starts
 * neither a name nor `${` is kept as written. An unset variable with no default is empty
 * and reported, as Compose warns; a missing required one and a malformed `${...}` are errors.
 * Pure: variables come in as a lookup, never from the process environment.
 */

/** What interpolating one string gives. */
export type Interpolated =
  | { readonly value: string; readonly unset: readonly UnsetVar[] }
  | { readonly error: string; readonly offset: number };

/** A variable that was used without a value and without a default: replaced by "". */
export interface UnsetVar {
  readonly name: string;
  /** Offset of its `$` in the interpolated string. */
  readonly offset: number;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Interpolates `text`, reading variables through `lookup` (undefined = unset). */
export function interpolate(text: string, lookup: (name: string) => string | undefined): Interpolated {
  const unset: UnsetVar[] = [];
  try {
    return { value: expand(text, 0, lookup, unset), unset };
  } catch (e) {
    if (e instanceof InterpolationError) return { error: e.message, offset: e.offset };
    throw e;
  }
}

class InterpolationError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Expands `s`, whose first character is at offset `base` of the original string. */
function expand(s: string, base: number, lookup: (name: string) => string | undefined, unset: UnsetVar[]): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next !== undefined && NAME_START.test(next)) {
      let j = i + 2;
      while (j < s.length && NAME_CHAR.test(s[j]!)) j++;
      const name = s.slice(i + 1, j);
      const v = lookup(name);
      if (v === undefined) unset.push({ name, offset: base + i });
      out += v ?? '';
      i = j;
      continue;
    }
    if (next === '{') {
      const end = closingBrace(s, i + 2);
      if (end < 0) throw new InterpolationError('"${" is not closed by "}"', base + i);
      out += braced(s.slice(i + 2, end), base + i, base + i + 2, lookup, unset);
      i = end + 1;
      continue;
    }
    // Not a variable: Compose keeps the `$` as written.
    out += '$';
    i++;
  }
  return out;
}

/** Index of the `}` that closes a `${` whose body starts at `from`, counting nested `${...}`. */
function closingBrace(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '$') {
      i++;
      continue;
    }
    if (s[i] === '$' && s[i + 1] === '{') {
      depth++;
      i++;
      continue;
    }
    if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Evaluates the inside of `${...}`; `at` is the offset of its `$`, `bodyAt` of its body. */
function braced(body: string, at: number, bodyAt: number, lookup: (name: string) => string | undefined, unset: UnsetVar[]): string {
  let j = 0;
  if (j < body.length && NAME_START.test(body[j]!)) {
    j++;
    while (j < body.length && NAME_CHAR.test(body[j]!)) j++;
  }
  const name = body.slice(0, j);
  if (name === '') throw new InterpolationError(`invalid interpolation "\${${body}}": a variable name starts with a letter or "_"`, at);
  const rest = body.slice(j);
  const value = lookup(name);
  if (rest === '') {
    if (value === undefined) unset.push({ name, offset: at });
    return value ?? '';
  }
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[1];
  if (!op) throw new InterpolationError(`invalid interpolation "\${${body}}": after the name comes "}", ":-", "-", ":?", "?", ":+" or "+"`, at);
  const argText = rest.slice(op.length);
  const argAt = bodyAt + j + op.length;
  // The argument is only expanded when it is used, so an unused default raises nothing.
  const arg = (): string => expand(argText, argAt, lookup, unset);
  const empty = value === undefined || value === '';
  switch (op) {
    case ':-':
      return empty ? arg() : value;
    case '-':
      return value === undefined ? arg() : value;
    case ':?':
    case '?':
      if (op === ':?' ? empty : value === undefined) {
        const message = arg();
        throw new InterpolationError(`required variable ${name} is ${value === undefined ? 'not set' : 'empty'}${message ? `: ${message}` : ''}`, at);
      }
      return value!;
    case ':+':
      return empty ? '' : arg();
    default:
      return value === undefined ? '' : arg();
  }
}
