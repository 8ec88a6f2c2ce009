/**
 * Jaeger dependencies JSON → services and edges.
 *
 * Reads the response of Jaeger's `GET /api/dependencies` (`{"data": [...], "total": ...,
 * "errors": null}`) or the bare array of dependency links, each
 * `{"parent": caller, "child": callee, "callCount": n}` (jaegertracing/jaeger
 * model/dependencies.go; `source` is ignored). Zipkin's `/api/v2/dependencies` has the
 * same shape plus `errorCount`, which is read as failed calls.
 *
 * The JSON is read one link at a time with offsets (json-scanner.ts) and the links are summed
 * per (parent, child) as they are read, so memory grows with the number of distinct edges,
 * not with the size of the file; every edge keeps the line of its first link.
 */
import type { SourcePos } from '../../catalog/model.js';
import { diag, lineStarts, MAX_IMPORT_EDGES, posAt, type ImportDiagnostic, type Importer, type ImportSource } from '../model.js';
import { servicesFromCalls, type CallObservation } from '../traces.js';
import { JsonError, JsonScanner, type JsonValue } from './json-scanner.js';

/** Thrown from inside the reader when the edges would not fit one catalog. */
class TooMany {
  constructor(readonly offset: number) {}
}

const SHAPE_HINT = 'expected the JSON of GET /api/dependencies: [{"parent": "a", "child": "b", "callCount": 1}, ...] or {"data": [...]}';

interface Edge {
  readonly client: string;
  readonly server: string;
  calls: number;
  failed: number;
  hasFailed: boolean;
  readonly pos: SourcePos;
}

export const importJaeger: Importer = (sources, options) => {
  const diagnostics: ImportDiagnostic[] = [];
  const edges = new Map<string, Edge>();
  for (const source of sources) readSource(source, edges, diagnostics);
  if (diagnostics.some((d) => d.severity === 'error')) return { services: [], diagnostics };
  const observations: CallObservation[] = [...edges.values()].map((e) => ({ client: e.client, server: e.server, calls: e.calls, ...(e.hasFailed ? { failed: e.failed } : {}), pos: e.pos }));
  return servicesFromCalls('jaeger', observations, options, diagnostics);
};

/** Reads one file's links into `edges`; problems go to `diagnostics`. */
function readSource(source: ImportSource, edges: Map<string, Edge>, diagnostics: ImportDiagnostic[]): void {
  const text = source.text;
  let starts: number[] | undefined;
  const at = (offset: number): SourcePos => posAt(source.file, (starts ??= lineStarts(text)), offset);
  const error = (code: 'wrong-shape' | 'missing-field' | 'invalid-value', message: string, offset: number, hint?: string): void => {
    diagnostics.push(diag('error', code, message, at(offset), { text, ...(hint ? { hint } : {}) }));
  };
  const s = new JsonScanner(text);
  const links = (): void => {
    s.elements((offset) => {
      if (s.peek() !== '{') {
        s.value();
        error('wrong-shape', 'expected a dependency link object {"parent", "child", "callCount"}', offset);
        return;
      }
      const fields = new Map<string, { value: JsonValue; offset: number }>();
      s.members((key, _k, valueOffset) => fields.set(key, { value: s.value(), offset: valueOffset }));
      readLink(fields, offset);
    });
  };
  const readLink = (fields: Map<string, { value: JsonValue; offset: number }>, offset: number): void => {
    const names: string[] = [];
    for (const field of ['parent', 'child']) {
      const f = fields.get(field);
      const name = typeof f?.value === 'string' ? f.value.trim() : '';
      if (!name) error(f ? 'invalid-value' : 'missing-field', f ? `"${field}" must be a non-empty string` : `"${field}" is missing`, f ? f.offset : offset);
      names.push(name);
    }
    const callsField = fields.get('callCount');
    const calls = count(callsField?.value);
    if (calls === undefined) {
      const shown = callsField === undefined ? '' : typeof callsField.value === 'number' || typeof callsField.value === 'string' ? String(callsField.value).slice(0, 40) : 'a non-number';
      error(callsField ? 'invalid-value' : 'missing-field', callsField ? `"callCount" must be a non-negative number, got ${shown}` : '"callCount" is missing', callsField ? callsField.offset : offset);
    }
    const errorField = fields.get('errorCount');
    const failed = errorField === undefined ? undefined : count(errorField.value);
    const [client, server] = names as [string, string];
    if (!client || !server || calls === undefined) return;
    const key = `${client}\u0000${server}`;
    const e = edges.get(key);
    if (e) {
      e.calls += calls;
      e.failed += failed ?? 0;
      e.hasFailed ||= failed !== undefined;
    } else {
      if (edges.size >= MAX_IMPORT_EDGES) throw new TooMany(offset);
      edges.set(key, { client, server, calls, failed: failed ?? 0, hasFailed: failed !== undefined, pos: at(offset) });
    }
  };
  try {
    const first = s.peek();
    if (first === '[') links();
    else if (first === '{') {
      const rootOffset = s.offset;
      let sawData = false;
      s.members((key, _k, valueOffset) => {
        if (key === 'data') {
          sawData = true;
          if (s.peek() === '[') links();
          else {
            s.value();
            error('wrong-shape', 'expected an array of dependency links', valueOffset, SHAPE_HINT);
          }
          return;
        }
        const value = s.value();
        if (key === 'errors' && Array.isArray(value) && value.length) {
          diagnostics.push(diag('warning', 'invalid-value', `the response lists ${value.length} error(s) from Jaeger: ${JSON.stringify(value).slice(0, 200)}`, at(valueOffset), { text }));
        }
      });
      if (!sawData) error('missing-field', 'no "data" array in this object', rootOffset, SHAPE_HINT);
    } else if (first === '') {
      error('wrong-shape', 'the file is empty', 0, SHAPE_HINT);
      return;
    } else {
      const offset = s.offset;
      s.value();
      error('wrong-shape', 'expected an array of dependency links', offset, SHAPE_HINT);
    }
    s.end();
  } catch (e) {
    if (e instanceof TooMany) {
      // Memory stays bounded by the edges kept so far, whatever the size of the file.
      diagnostics.push(diag('error', 'too-large', `more than ${MAX_IMPORT_EDGES} distinct dependencies, more than one import builds in memory; stopped reading at this link`, at(e.offset), { hint: 'import a shorter time window (the lookback of GET /api/dependencies), or filter the links first' }));
      return;
    }
    if (!(e instanceof JsonError)) throw e;
    diagnostics.push(diag('error', 'syntax', e.message, at(e.offset), { hint: 'the JSON is malformed or cut off here; download it again', text }));
  }
}

function count(v: JsonValue | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}
