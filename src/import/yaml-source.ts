/**
 * YAML (and JSON, which YAML reads) with positions for the importers: parse
 * errors become diagnostics with file:line:col, and every node can be traced back
 * to the line it came from. Aliases and merge keys are resolved (yaml-aliases.ts).
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node, type YAMLMap, type Pair } from 'yaml';
import type { SourcePos } from '../catalog/model.js';
import { diag, type ImportDiagnostic, type ImportSource } from './model.js';
import { resolveAliases } from './yaml-aliases.js';

export interface ParsedYaml {
  readonly source: ImportSource;
  readonly docs: readonly Document.Parsed[];
  readonly lineCounter: LineCounter;
  readonly diagnostics: ImportDiagnostic[];
}

/** Parses every document of `source`; syntax errors are diagnostics, never exceptions. */
export function parseYaml(source: ImportSource): ParsedYaml {
  const lineCounter = new LineCounter();
  const diagnostics: ImportDiagnostic[] = [];
  const text = source.text.charCodeAt(0) === 0xfeff ? source.text.slice(1) : source.text;
  let docs: Document.Parsed[] = [];
  try {
    const parsed = parseAllDocuments(text, { lineCounter, merge: true, uniqueKeys: true, prettyErrors: false });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (e) {
    const message = e instanceof RangeError ? 'nesting is too deep to read' : `cannot parse: ${(e as Error).message}`;
    diagnostics.push(diag('error', 'syntax', message, { file: source.file, line: 1, col: 1 }));
    return { source, docs: [], lineCounter, diagnostics };
  }
  for (const doc of docs) {
    for (const err of doc.errors) {
      const { line, col } = lineCounter.linePos(err.pos[0]);
      const first = (err.message.split('\n')[0] ?? err.message).replace(/ at line \d+, column \d+:?$/, '');
      diagnostics.push(diag('error', 'syntax', first, { file: source.file, line, col }, { text: source.text }));
    }
  }
  if (diagnostics.length === 0) {
    // Importers read what the YAML means: aliases are the nodes they name, merge keys are expanded.
    for (const doc of docs) {
      for (const problem of resolveAliases(doc)) {
        const { line, col } = lineCounter.linePos(problem.offset);
        diagnostics.push(diag('error', 'syntax', problem.message, { file: source.file, line, col }, { text: source.text }));
      }
    }
  }
  return { source, docs, lineCounter, diagnostics };
}

/** Position of `node` (its start), or of the file start when the node has no range. */
export function nodePos(p: ParsedYaml, node: Node | Pair | null | undefined): SourcePos {
  const n = isPair(node) ? (node.key as Node | null) : node;
  const offset = n && n.range ? n.range[0] : 0;
  const { line, col } = p.lineCounter.linePos(offset);
  return { file: p.source.file, line, col };
}

/** The pair for `key` in a map node, matching the key's string form. */
export function pairOf(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item as Pair<Node, Node | null>;
  }
  return undefined;
}

/** The value node for `key` in `node` when `node` is a map. */
export function getIn(node: Node | null | undefined, key: string): Node | null | undefined {
  if (!isMap(node)) return undefined;
  const pair = pairOf(node, key);
  return pair ? nullish(pair.value) : undefined;
}

/** An empty value (`key:`) or an explicit `null` reads as null, like in the JSON data model. */
function nullish(node: Node | null | undefined): Node | null {
  if (node === undefined || node === null) return null;
  return isScalar(node) && node.value === null ? null : node;
}

/** A scalar's value as a string (numbers and booleans as written), else undefined. */
export function scalarString(node: Node | null | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return node.source ?? String(v);
  return undefined;
}

/** Pairs of a map node with their key as a string, in source order. */
export function mapEntries(node: Node | null | undefined): Array<{ key: string; keyNode: Node; value: Node | null; pair: Pair<Node, Node | null> }> {
  if (!isMap(node)) return [];
  const out: Array<{ key: string; keyNode: Node; value: Node | null; pair: Pair<Node, Node | null> }> = [];
  for (const item of node.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    out.push({ key: String(item.key.value), keyNode: item.key, value: nullish(item.value as Node | null), pair: item as Pair<Node, Node | null> });
  }
  return out;
}

export { isMap, isSeq, isScalar };
