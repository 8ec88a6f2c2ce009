/**
 * Source bytes → YAML document with positions, collecting every reading and syntax
 * problem as a diagnostic. Pure: the caller reads the file.
 *
 * Most catalog files are read by the fast reader (fast-read.ts) into the same node shapes
 * without a concrete syntax tree; it declines anything outside its subset or anything with
 * a problem, and such files take the path below, the YAML library's.
 *
 * The YAML is lexed once; the token stream passes a nesting guard on its way to the
 * parser, so a hostile document (a million `[`, a deep block of `- - - -`) is refused
 * after a few hundred tokens instead of exhausting the stack or the heap in the
 * recursive composer. Duplicate keys are found here in one linear pass over the
 * composed document, because the YAML library's own check is quadratic in map size.
 */
import { Composer, LineCounter, Lexer, Parser, isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Document, type Node } from 'yaml';
import { makeExcerpt, type Diagnostic, type DiagnosticCode } from './diagnostics.js';
import type { SourcePos } from './model.js';
import { explainIndentation } from './indentation.js';

import { MAX_ALIAS_EXPANSION, MAX_FILE_BYTES, MAX_NESTING, MAX_SYNTAX_ERRORS } from './limits.js';
import { fastRead } from './fast-read.js';

export { MAX_ALIAS_EXPANSION, MAX_FILE_BYTES, MAX_NESTING, MAX_SYNTAX_ERRORS } from './limits.js';

export interface ParsedSource {
  readonly file: string;
  readonly text: string;
  readonly doc?: Document.Parsed;
  /** What each alias of `doc` refers to (the YAML library's own lookup walks the whole document per alias). */
  readonly aliases: ReadonlyMap<Alias, Node>;
  readonly lineCounter: LineCounter;
  readonly diagnostics: Diagnostic[];
  /**
   * Read by the fast reader (no concrete syntax tree, nothing to report). A caller that finds
   * a problem in it reads the file again with `{ fast: false }`, so that every diagnostic
   * comes from the YAML library.
   */
  readonly fast?: boolean;
}

export interface ParseOptions {
  /** Try the fast reader first (default true). */
  readonly fast?: boolean;
}

/** Maps an offset of `text` to a 1-based position. */
export function posAt(file: string, lc: LineCounter, offset: number): SourcePos {
  // `lc.linePos` without its intermediate object: the schema walk asks for millions of positions.
  const starts = lc.lineStarts;
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  if (starts[low] === offset) return { file, line: low + 1, col: 1 };
  if (low === 0) return { file, line: 0, col: offset };
  return { file, line: low, col: offset - starts[low - 1]! + 1 };
}

const YAML_CODE: Readonly<Record<string, DiagnosticCode>> = {
  DUPLICATE_KEY: 'yaml-duplicate-key',
  TAB_AS_INDENT: 'yaml-tab',
  RESOURCE_EXHAUSTION: 'yaml-too-deep',
};

const NEWLINE_TOKENS = new Set(['\n', '\r\n']);
const DOC_START = '\u0002';
const SCALAR_START = '\u001f';
const FLOW_ERROR_END = '\u0018';

/**
 * The lexer's tokens, fed to `parser`, stopping with `onTooDeep(offset)` once the
 * estimated nesting exceeds {@link MAX_NESTING}. The estimate is flow depth plus the
 * number of enclosing block indentation levels plus the block indicators (`-`, `?`)
 * earlier on the current line; it never underestimates by more than a factor of two.
 */
function* guardedTokens(text: string, parser: Parser, onTooDeep: (offset: number) => void): Generator<ReturnType<Parser['next']> extends Generator<infer T> ? T : never> {
  let offset = 0;
  let flow = 0;
  let lineStart = true;
  let indent = 0;
  let lineIndicators = 0;
  let scalarNext = false;
  const indents: number[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    if (scalarNext) {
      scalarNext = false; // a scalar's source: its brackets and dashes are text
    } else if (NEWLINE_TOKENS.has(lexeme)) {
      lineStart = true;
      indent = 0;
      lineIndicators = 0;
    } else if (lexeme === '[' || lexeme === '{') {
      flow++;
    } else if (lexeme === ']' || lexeme === '}') {
      if (flow > 0) flow--;
    } else if (lexeme === FLOW_ERROR_END) {
      flow = 0;
    } else {
      if (lexeme === SCALAR_START) scalarNext = true;
      if (lineStart && lexeme !== DOC_START && lexeme[0] !== '#') {
        if (/^ +$/.test(lexeme)) indent = lexeme.length;
        else {
          lineStart = false;
          if (flow === 0) {
            while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
            indents.push(indent);
          }
        }
      }
      if (flow === 0 && (lexeme === '-' || lexeme === '?')) lineIndicators++;
    }
    if (flow + indents.length + lineIndicators > MAX_NESTING) {
      onTooDeep(offset);
      return;
    }
    yield* parser.next(lexeme);
    // Control tokens (document start, scalar start, flow error end) take no source text.
    if (lexeme !== DOC_START && lexeme !== SCALAR_START && lexeme !== FLOW_ERROR_END) offset += lexeme.length;
  }
  yield* parser.end();
}

/**
 * Duplicate keys in every mapping of `doc`, compared as the catalog reads them (as
 * strings), in one pass with an explicit stack. Aliases are not followed: each mapping
 * is checked once, where it is written.
 */
function duplicateKeys(doc: Document.Parsed): Array<{ key: Node; first: Node }> {
  const dups: Array<{ key: Node; first: Node }> = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isMap(n)) {
      const seen = new Map<string, Node>();
      for (const pair of n.items) {
        const k = pair.key;
        if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number' || typeof k.value === 'boolean')) {
          const key = String(k.value);
          const first = seen.get(key);
          if (first) dups.push({ key: k, first });
          else seen.set(key, k);
        } else if (isScalar(k) && typeof k.value === 'symbol') {
          const first = seen.get('<<');
          if (first) dups.push({ key: k, first }); // a second merge key: list the sources in one `<<: [*a, *b]`
          else seen.set('<<', k);
        } else stack.push(k);
        stack.push(pair.value);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) stack.push(isPair(item) ? item.value : item);
    }
  }
  return dups;
}

/** Children of a node in document order (keys before values). */
function children(n: unknown): unknown[] {
  if (isMap(n)) return n.items.flatMap((p) => [p.key, p.value]);
  if (isSeq(n)) return n.items.map((i) => (isPair(i) ? i.value : i));
  return [];
}

/**
 * Each alias → the last node before it in document order carrying its anchor, as YAML
 * defines it, found in one pass (iterative pre-order, as the YAML library visits).
 */
function resolveAliases(doc: Document.Parsed, unresolved: Alias[]): Map<Alias, Node> {
  const anchors = new Map<string, Node>();
  const out = new Map<Alias, Node>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isAlias(n)) {
      const target = anchors.get(n.source);
      if (target) out.set(n, target);
      else unresolved.push(n);
      continue;
    }
    const anchor = (n as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.set(anchor, n as Node);
    const kids = children(n);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out;
}

/**
 * How many nodes aliases add when the document is expanded, computed without expanding
 * it (sizes memoised per node), and the alias that refers to its own ancestor, if any.
 */
function aliasExpansion(doc: Document.Parsed, aliases: ReadonlyMap<Alias, Node>): { added: number; cycle?: Alias; largest?: Alias } {
  const size = new Map<unknown, number>();
  const open = new Set<unknown>();
  let written = 0;
  let largest: Alias | undefined;
  let largestSize = 0;
  const stack: Array<{ node: unknown; expanded: boolean }> = [{ node: doc.contents, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const { node } = top;
    if (size.has(node)) {
      stack.pop();
      continue;
    }
    if (isAlias(node)) {
      const target = aliases.get(node);
      if (target === undefined) {
        size.set(node, 1);
        stack.pop();
      } else if (open.has(target)) {
        return { added: Infinity, cycle: node };
      } else if (size.has(target)) {
        const s = size.get(target)!;
        size.set(node, s);
        if (s > largestSize) [largest, largestSize] = [node, s];
        stack.pop();
      } else {
        stack.push({ node: target, expanded: false });
      }
      continue;
    }
    const kids = children(node);
    if (!top.expanded) {
      top.expanded = true;
      open.add(node);
      // Pushed in reverse so they are sized in document order: the first of equally large aliases is reported.
      for (let i = kids.length - 1; i >= 0; i--) if (!size.has(kids[i])) stack.push({ node: kids[i], expanded: false });
      continue;
    }
    let s = 1;
    for (const k of kids) s += size.get(k) ?? 1;
    size.set(node, Math.min(s, Number.MAX_SAFE_INTEGER));
    open.delete(node);
    stack.pop();
  }
  // Nodes as written: every non-alias node once.
  for (const k of size.keys()) if (!isAlias(k)) written++;
  const total = size.get(doc.contents) ?? 0;
  return { added: Math.max(0, total - written), ...(largest ? { largest } : {}) };
}

/** Decodes and parses one catalog source. Never throws on bad input. */
export function parseSource(file: string, bytes: Uint8Array, options: ParseOptions = {}): ParsedSource {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const fail = (code: DiagnosticCode, message: string, hint?: string, pos?: SourcePos, text = ''): ParsedSource => {
    const at = pos ?? { file, line: 1, col: 1 };
    const excerpt = text ? makeExcerpt(text, at.line, at.col) : undefined;
    diagnostics.push({ code, severity: 'error', message, pos: at, ...(hint ? { hint } : {}), ...(excerpt ? { excerpt } : {}) });
    return { file, text, lineCounter, diagnostics, aliases: new Map() };
  };

  if (bytes.length > MAX_FILE_BYTES) {
    return fail(
      'file-too-large',
      `file is ${(bytes.length / 1048576).toFixed(1)} MiB, over the ${MAX_FILE_BYTES / 1048576} MiB limit for one catalog file`,
      'split the catalog into several files in one directory',
    );
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return fail('file-binary', 'file contains NUL bytes: this is a binary file, not YAML', 'point blast at the YAML catalog file or directory');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('file-not-utf8', 'file is not valid UTF-8', 'save the catalog as UTF-8');
  }
  // TextDecoder drops a leading UTF-8 BOM by default; strip one more defensively.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  if (text.trim() === '') {
    diagnostics.push({ code: 'empty-file', severity: 'warning', message: 'file is empty', pos: { file, line: 1, col: 1 }, hint: 'add a "services:" mapping, or remove the file' });
    return { file, text, lineCounter, diagnostics, aliases: new Map() };
  }

  if (options.fast !== false) {
    const quick = fastRead(text);
    if (quick) {
      // Only `contents` is read from a document that has no errors or warnings.
      const quickDoc = { contents: quick.contents, errors: [], warnings: [] } as unknown as Document.Parsed;
      return { file, text, doc: quickDoc, lineCounter: quick.lineCounter, diagnostics, aliases: quick.aliases, fast: true };
    }
  }

  let doc: Document.Parsed | undefined;
  let tooDeepAt: number | undefined;
  try {
    const parser = new Parser(lineCounter.addNewLine);
    lineCounter.addNewLine(0);
    const composer = new Composer({ uniqueKeys: false, merge: true, strict: true, stringKeys: false });
    const tokens = guardedTokens(text, parser, (offset) => (tooDeepAt = offset));
    for (const d of composer.compose(tokens, true, text.length)) {
      if (!doc) doc = d;
      else {
        const p = posAt(file, lineCounter, d.range[0]);
        const excerpt = makeExcerpt(text, p.line, p.col);
        diagnostics.push({ code: 'yaml-syntax', severity: 'error', message: 'a catalog file holds one YAML document; found a second one', pos: p, hint: 'split the documents into separate files in one directory', ...(excerpt ? { excerpt } : {}) });
        break;
      }
    }
  } catch (e) {
    if (e instanceof RangeError) {
      return fail('yaml-too-deep', 'YAML nesting is too deep to read', 'flatten the structure; catalogs need only a few levels');
    }
    // The YAML library reports bad input as errors on the document; an exception is a
    // failure inside it, still caused by this input: report it against the file.
    return fail('yaml-syntax', `the YAML parser failed on this file: ${e instanceof Error ? e.message : String(e)}`, 'check the YAML syntax near the start of the file');
  }
  if (tooDeepAt !== undefined) {
    return fail('yaml-too-deep', `YAML nesting is deeper than ${MAX_NESTING} levels`, 'flatten the structure; a catalog needs fewer than 10 levels', posAt(file, lineCounter, tooDeepAt), text);
  }
  if (!doc) return fail('yaml-syntax', 'no YAML document found', undefined, undefined, text);

  const errors = doc.errors;
  for (const err of errors.slice(0, MAX_SYNTAX_ERRORS)) {
    const pos = posAt(file, lineCounter, err.pos[0]);
    const code = YAML_CODE[err.code] ?? 'yaml-syntax';
    const excerpt = makeExcerpt(text, pos.line, pos.col);
    const firstLine = err.message.split('\n')[0] ?? err.message;
    const message =
      code === 'yaml-tab' ? 'tab characters are not allowed for YAML indentation'
      : code === 'yaml-too-deep' ? 'YAML nesting is too deep to read'
      : firstLine.replace(/ at line \d+, column \d+:?$/, '');
    const hint =
      code === 'yaml-tab' ? 'indent with spaces'
      : code === 'yaml-too-deep' ? 'flatten the structure; catalogs need only a few levels'
      : undefined;
    diagnostics.push({ code, severity: 'error', message, pos, ...(excerpt ? { excerpt } : {}), ...(hint ? { hint } : {}) });
  }
  if (errors.length > MAX_SYNTAX_ERRORS) {
    const last = posAt(file, lineCounter, errors[MAX_SYNTAX_ERRORS]!.pos[0]);
    diagnostics.push({ code: 'yaml-syntax', severity: 'error', message: `${errors.length - MAX_SYNTAX_ERRORS} more YAML syntax errors not shown`, pos: last, hint: 'fix the first errors; later ones often follow from them' });
  }
  if (errors.length === 0) {
    for (const { key, first } of duplicateKeys(doc)) {
      const pos = posAt(file, lineCounter, key.range?.[0] ?? 0);
      const at = posAt(file, lineCounter, first.range?.[0] ?? 0);
      const excerpt = makeExcerpt(text, pos.line, pos.col);
      const name = isScalar(key) && typeof key.value !== 'symbol' ? String(key.value) : '<<';
      diagnostics.push({ code: 'yaml-duplicate-key', severity: 'error', message: `key "${name}" appears twice in one mapping; first at ${file}:${at.line}:${at.col}`, pos, hint: 'remove or rename one of the keys', ...(excerpt ? { excerpt } : {}) });
    }
  }
  for (const w of doc.warnings) {
    const pos = posAt(file, lineCounter, w.pos[0]);
    diagnostics.push({ code: 'yaml-syntax', severity: 'warning', message: w.message.split('\n')[0] ?? w.message, pos });
  }
  const unresolved: Alias[] = [];
  const aliases = errors.length === 0 ? resolveAliases(doc, unresolved) : new Map<Alias, Node>();
  for (const a of unresolved) {
    const pos = posAt(file, lineCounter, a.range?.[0] ?? 0);
    const excerpt = makeExcerpt(text, pos.line, pos.col);
    diagnostics.push({ code: 'yaml-syntax', severity: 'error', message: `alias *${a.source} has no anchor &${a.source} before it`, pos, hint: `define &${a.source} on a node above this line`, ...(excerpt ? { excerpt } : {}) });
  }
  if (errors.length === 0 && aliases.size > 0) {
    const exp = aliasExpansion(doc, aliases);
    if (exp.cycle || exp.added > MAX_ALIAS_EXPANSION) {
      const at = exp.cycle ?? exp.largest;
      const pos = posAt(file, lineCounter, at?.range?.[0] ?? 0);
      const excerpt = makeExcerpt(text, pos.line, pos.col);
      diagnostics.push({
        code: 'yaml-alias-limit',
        severity: 'error',
        message: exp.cycle
          ? `alias *${exp.cycle.source} refers to a node that contains it: it would expand forever`
          : `aliases would expand this document by more than ${MAX_ALIAS_EXPANSION.toLocaleString('en')} nodes (a "billion laughs" document?)`,
        pos,
        hint: exp.cycle ? 'point the alias at a node outside the anchored one' : 'use fewer, smaller aliases',
        ...(excerpt ? { excerpt } : {}),
      });
    }
  }
  return { file, text, doc, lineCounter, diagnostics: explainIndentation(text, diagnostics), aliases };
}
