/**
 * Jaeger dependencies JSON → services and edges.
 *
 * Reads the response of Jaeger's `GET /api/dependencies` (`{"data": [...], "total": ...,
 * "errors": null}`) or the bare array of dependency links, each
 * `{"parent": caller, "child": callee, "callCount": n}` (jaegertracing/jaeger
 * model/dependencies.go; `source` is ignored). Zipkin's `/api/v2/dependencies` has the
 * same shape plus `errorCount`, which is read as failed calls.
 * JSON is parsed as YAML so every entry keeps its line and column.
 */
import { isMap, isSeq, type Node } from 'yaml';
import { diag, type ImportDiagnostic, type Importer } from '../model.js';
import { servicesFromCalls, type CallObservation } from '../traces.js';
import { getIn, nodePos, parseYaml, scalarString } from '../yaml-source.js';
import { isScalar } from '../yaml-source.js';

export const importJaeger: Importer = (sources, options) => {
  const diagnostics: ImportDiagnostic[] = [];
  const observations: CallObservation[] = [];
  for (const source of sources) {
    const p = parseYaml(source);
    // The reader is a YAML parser (JSON is YAML, with positions); say what went wrong in JSON terms.
    diagnostics.push(...p.diagnostics.map((d) => ({ ...d, hint: 'the JSON is malformed or cut off here; download it again' })));
    if (p.diagnostics.length) continue;
    const root = p.docs[0]?.contents as Node | null | undefined;
    const hint = 'expected the JSON of GET /api/dependencies: [{"parent": "a", "child": "b", "callCount": 1}, ...] or {"data": [...]}';
    let links: Node | null | undefined = root;
    if (isMap(root)) {
      links = getIn(root, 'data');
      const errors = getIn(root, 'errors');
      if (isSeq(errors) && errors.items.length) {
        diagnostics.push(diag('warning', 'invalid-value', `the response lists ${errors.items.length} error(s) from Jaeger: ${JSON.stringify(errors.toJSON()).slice(0, 200)}`, nodePos(p, errors), { text: source.text }));
      }
      if (links === undefined) {
        diagnostics.push(diag('error', 'missing-field', 'no "data" array in this object', nodePos(p, root), { hint, text: source.text }));
        continue;
      }
    }
    if (!isSeq(links)) {
      diagnostics.push(diag('error', 'wrong-shape', root === null || root === undefined ? 'the file is empty' : 'expected an array of dependency links', nodePos(p, links ?? root), { hint, text: source.text }));
      continue;
    }
    for (const item of links.items as Array<Node | null>) {
      const pos = nodePos(p, item);
      if (!isMap(item)) {
        diagnostics.push(diag('error', 'wrong-shape', 'expected a dependency link object {"parent", "child", "callCount"}', pos, { text: source.text }));
        continue;
      }
      const parent = getIn(item, 'parent');
      const child = getIn(item, 'child');
      const parentName = isScalar(parent) && typeof parent.value === 'string' ? parent.value.trim() : undefined;
      const childName = isScalar(child) && typeof child.value === 'string' ? child.value.trim() : undefined;
      let ok = true;
      for (const [field, node, value] of [['parent', parent, parentName], ['child', child, childName]] as const) {
        if (!value) {
          diagnostics.push(diag('error', node === undefined ? 'missing-field' : 'invalid-value', node === undefined ? `"${field}" is missing` : `"${field}" must be a non-empty string`, node ? nodePos(p, node) : pos, { text: source.text }));
          ok = false;
        }
      }
      const calls = readCount(getIn(item, 'callCount'));
      if (calls === undefined) {
        const node = getIn(item, 'callCount');
        diagnostics.push(diag('error', node === undefined ? 'missing-field' : 'invalid-value', node === undefined ? '"callCount" is missing' : `"callCount" must be a non-negative number, got ${scalarString(node) ?? 'a non-number'}`, node ? nodePos(p, node) : pos, { text: source.text }));
        ok = false;
      }
      const errorNode = getIn(item, 'errorCount');
      const failed = errorNode === undefined ? undefined : readCount(errorNode);
      if (!ok) continue;
      observations.push({ client: parentName!, server: childName!, calls: calls!, ...(failed !== undefined ? { failed } : {}), pos });
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { services: [], diagnostics };
  return servicesFromCalls('jaeger', observations, options, diagnostics);
};

function readCount(node: Node | null | undefined): number | undefined {
  if (!isScalar(node)) return undefined;
  const v = typeof node.value === 'bigint' ? Number(node.value) : node.value;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}
