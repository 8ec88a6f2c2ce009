/**
 * A reader for the DOT language (graphviz.org/doc/info/lang.html) as far as graph
 * tools emit it: `strict`, `graph` / `digraph`, subgraphs, node and edge statements
 * with attribute lists, attribute assignments, quoted strings (with `\"` escapes,
 * line continuations and `+` concatenation), HTML strings, numerals, and `//`, `/* *\/`
 * and `#` comments. Returns nodes and edges with the offset of their first mention;
 * a syntax error is a value with an offset, never an exception.
 */

export interface DotNode {
  readonly id: string;
  readonly offset: number;
  readonly attrs: Readonly<Record<string, string>>;
}

export interface DotEdge {
  readonly from: string;
  readonly to: string;
  readonly offset: number;
}

export interface DotGraph {
  readonly directed: boolean;
  readonly nodes: ReadonlyMap<string, DotNode>;
  readonly edges: readonly DotEdge[];
}

export type DotResult = { readonly graph: DotGraph } | { readonly error: { readonly offset: number; readonly message: string } };

type TokKind = 'id' | 'punct' | 'eof';
interface Tok {
  readonly kind: TokKind;
  readonly value: string;
  readonly offset: number;
  /** True for quoted or HTML strings: never a keyword. */
  readonly quoted: boolean;
}

/**
 * Deepest nesting of subgraphs read. `terraform graph` nests one `cluster_module.x` subgraph per
 * module level, and Terraform modules rarely nest more than a handful deep.
 */
export const MAX_SUBGRAPH_DEPTH = 100;

class DotError extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = text.length;
  let lineStart = true;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') { i++; lineStart = true; continue; }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') { i++; continue; }
    if (lineStart && c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    lineStart = false;
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new DotError(i, 'a /* comment is not closed');
      i = end + 2;
      continue;
    }
    const start = i;
    if (c === '"') {
      let value = '';
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < n) {
          const d = text[i + 1]!;
          if (d === '\n') { i += 2; continue; }
          if (d === '\r' && text[i + 2] === '\n') { i += 3; continue; }
          // Only \" is an escape in DOT; \\ is read as one backslash, as Go's %q writes it.
          value += d === '"' || d === '\\' ? d : `\\${d}`;
          i += 2;
          continue;
        }
        value += text[i++];
      }
      if (i >= n) throw new DotError(start, 'a quoted string is not closed');
      i++;
      toks.push({ kind: 'id', value, offset: start, quoted: true });
      continue;
    }
    if (c === '<') {
      let depth = 0;
      while (i < n) {
        if (text[i] === '<') depth++;
        else if (text[i] === '>') { depth--; if (depth === 0) break; }
        i++;
      }
      if (i >= n) throw new DotError(start, 'an HTML string <...> is not closed');
      i++;
      toks.push({ kind: 'id', value: text.slice(start + 1, i - 1), offset: start, quoted: true });
      continue;
    }
    if (c === '-' && (text[i + 1] === '>' || text[i + 1] === '-')) {
      toks.push({ kind: 'punct', value: text.slice(i, i + 2), offset: i, quoted: false });
      i += 2;
      continue;
    }
    if ('{}[]=;,:+'.includes(c)) {
      toks.push({ kind: 'punct', value: c, offset: i, quoted: false });
      i++;
      continue;
    }
    if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      while (i < n && /[A-Za-z0-9_\u0080-\uffff]/.test(text[i]!)) i++;
      toks.push({ kind: 'id', value: text.slice(start, i), offset: start, quoted: false });
      continue;
    }
    if (/[-.0-9]/.test(c)) {
      if (c === '-') i++;
      while (i < n && /[0-9.]/.test(text[i]!)) i++;
      if (i === start + (c === '-' ? 1 : 0)) throw new DotError(start, `unexpected "${c}"`);
      toks.push({ kind: 'id', value: text.slice(start, i), offset: start, quoted: false });
      continue;
    }
    throw new DotError(i, `unexpected character "${c}"`);
  }
  toks.push({ kind: 'eof', value: '', offset: n, quoted: false });
  return toks;
}

/** Parses one graph (the first in the text). */
export function parseDot(text: string): DotResult {
  try {
    return { graph: parse(tokenize(text)) };
  } catch (e) {
    if (e instanceof DotError) return { error: { offset: e.offset, message: e.message } };
    // The depth bound should keep the stack in range; if a pathological input still exhausts it, say so.
    if (e instanceof RangeError) return { error: { offset: 0, message: 'the graph is too deeply nested or too large to read' } };
    throw e;
  }
}

function parse(toks: Tok[]): DotGraph {
  let k = 0;
  const peek = (o = 0): Tok => toks[Math.min(k + o, toks.length - 1)]!;
  const next = (): Tok => toks[Math.min(k++, toks.length - 1)]!;
  const isKw = (t: Tok, kw: string): boolean => t.kind === 'id' && !t.quoted && t.value.toLowerCase() === kw;
  const isP = (t: Tok, p: string): boolean => t.kind === 'punct' && t.value === p;
  const describe = (t: Tok): string => (t.kind === 'eof' ? 'the end of the file' : `"${t.value}"`);
  const expectP = (p: string, what: string): Tok => {
    const t = next();
    if (!isP(t, p)) throw new DotError(t.offset, `expected "${p}" ${what}, found ${describe(t)}`);
    return t;
  };
  const nodes = new Map<string, DotNode>();
  const edges: DotEdge[] = [];

  const readId = (what: string): Tok => {
    const t = next();
    if (t.kind !== 'id') throw new DotError(t.offset, `expected ${what}, found ${describe(t)}`);
    if (!t.quoted) return t;
    // "a" + "b" concatenation of quoted strings
    let value = t.value;
    while (isP(peek(), '+') && peek(1).kind === 'id' && peek(1).quoted) {
      k++;
      value += next().value;
    }
    return { ...t, value };
  };
  const touch = (id: string, offset: number, attrs: Record<string, string> = {}): void => {
    const prev = nodes.get(id);
    if (prev) nodes.set(id, { ...prev, attrs: { ...prev.attrs, ...attrs } });
    else nodes.set(id, { id, offset, attrs });
  };
  const attrList = (): Record<string, string> => {
    const attrs: Record<string, string> = {};
    while (isP(peek(), '[')) {
      k++;
      while (!isP(peek(), ']')) {
        const key = readId('an attribute name');
        let value = 'true';
        if (isP(peek(), '=')) {
          k++;
          value = readId(`a value for ${key.value}`).value;
        }
        attrs[key.value] = value;
        if (isP(peek(), ',') || isP(peek(), ';')) k++;
      }
      expectP(']', 'to close the attribute list');
    }
    return attrs;
  };
  const nodeId = (): Tok => {
    const t = readId('a node id');
    // Ports (node:port:compass) name parts of a node; the node is what matters here.
    while (isP(peek(), ':')) {
      k++;
      readId('a port');
    }
    return t;
  };
  const stmtList = (): string[] => {
    const declared: string[] = [];
    while (!isP(peek(), '}')) {
      if (peek().kind === 'eof') throw new DotError(peek().offset, 'the graph is not closed with "}"');
      for (const id of stmt()) declared.push(id);
      if (isP(peek(), ';')) k++;
    }
    return declared;
  };
  let depth = 0;
  const subgraph = (): string[] => {
    if (isKw(peek(), 'subgraph')) {
      k++;
      if (peek().kind === 'id') readId('a subgraph name');
    }
    const open = expectP('{', 'to open the subgraph');
    // The parser recurses per level; a bound keeps hostile input (thousands of `{`) off the stack's end.
    if (++depth > MAX_SUBGRAPH_DEPTH) throw new DotError(open.offset, `subgraphs nest deeper than ${MAX_SUBGRAPH_DEPTH} levels`);
    const declared = stmtList();
    expectP('}', 'to close the subgraph');
    depth--;
    return declared;
  };
  const endpoint = (): { ids: string[]; offset: number } => {
    const t = peek();
    if (isKw(t, 'subgraph') || isP(t, '{')) return { ids: subgraph(), offset: t.offset };
    const id = nodeId();
    touch(id.value, id.offset);
    return { ids: [id.value], offset: id.offset };
  };
  const stmt = (): string[] => {
    const t = peek();
    if ((isKw(t, 'graph') || isKw(t, 'node') || isKw(t, 'edge')) && isP(peek(1), '[')) {
      k++;
      attrList();
      return [];
    }
    if (t.kind === 'id' && isP(peek(1), '=') && !isKw(t, 'subgraph')) {
      k += 2;
      readId(`a value for ${t.value}`);
      return [];
    }
    if (t.kind !== 'id' && !isP(t, '{')) throw new DotError(t.offset, `expected a statement, found ${describe(t)}`);
    const first = endpoint();
    const declared = [...first.ids];
    if (peek().kind === 'punct' && (peek().value === '->' || peek().value === '--')) {
      let left = first;
      const chain: Array<{ from: string[]; to: string[]; offset: number }> = [];
      while (peek().kind === 'punct' && (peek().value === '->' || peek().value === '--')) {
        const op = next();
        const right = endpoint();
        for (const id of right.ids) declared.push(id);
        chain.push({ from: left.ids, to: right.ids, offset: op.offset });
        left = right;
      }
      attrList();
      for (const c of chain) for (const f of c.from) for (const to of c.to) edges.push({ from: f, to, offset: c.offset });
      return declared;
    }
    if (first.ids.length === 1 && !isKw(t, 'subgraph') && !isP(t, '{')) touch(first.ids[0]!, t.offset, attrList());
    return declared;
  };

  if (isKw(peek(), 'strict')) k++;
  const head = next();
  if (!isKw(head, 'digraph') && !isKw(head, 'graph')) throw new DotError(head.offset, `expected "digraph" or "graph", found ${describe(head)}`);
  if (peek().kind === 'id') readId('a graph name');
  expectP('{', 'to open the graph');
  stmtList();
  expectP('}', 'to close the graph');
  return { directed: isKw(head, 'digraph'), nodes, edges };
}
