/**
 * Compose files → services and edges.
 *
 * Follows the Compose Specification (compose-spec 05-services.md): `depends_on` in the
 * short syntax (a list of service names) and the long syntax (a map of service name →
 * `{condition, required, restart}`, condition one of service_started, service_healthy,
 * service_completed_successfully). `required: false` means Compose only warns when the
 * dependency is missing, so the edge is `soft`; every other dependency is `hard`.
 * Compose also orders start-up by `links`, `volumes_from` and `network_mode: service:x`
 * (docs.docker.com, "Control startup and shutdown order"); those become `hard` edges too.
 * Several files merge like `docker compose -f a.yml -f b.yml`: later files override.
 */
import type { Node } from 'yaml';
import type { DependencyType, SourcePos } from '../../catalog/model.js';
import { diag, ServiceTable, type ImportDiagnostic, type Importer, type ImportedEdge } from '../model.js';
import { getIn, isMap, isScalar, isSeq, mapEntries, nodePos, parseYaml, scalarString, type ParsedYaml } from '../yaml-source.js';

export const CONDITIONS = ['service_started', 'service_healthy', 'service_completed_successfully'] as const;

interface PendingEdge {
  readonly from: string;
  readonly edge: ImportedEdge;
  readonly targetPos: SourcePos;
}

export const importCompose: Importer = (sources) => {
  const diagnostics: ImportDiagnostic[] = [];
  const table = new ServiceTable();
  const pending: PendingEdge[] = [];
  for (const source of sources) {
    const p = parseYaml(source);
    diagnostics.push(...p.diagnostics);
    if (p.diagnostics.length) continue;
    if (p.docs.length > 1) diagnostics.push(diag('warning', 'ignored', 'a Compose file holds one YAML document; the documents after the first are ignored', nodePos(p, p.docs[1]!.contents as Node), { text: source.text }));
    const root = p.docs[0]?.contents as Node | null | undefined;
    if (!isMap(root)) {
      diagnostics.push(diag('error', 'wrong-shape', root == null ? 'the file is empty' : 'a Compose file is a mapping with a "services:" key', nodePos(p, root), { text: source.text }));
      continue;
    }
    const services = getIn(root, 'services');
    if (services === undefined || services === null) {
      diagnostics.push(diag('warning', 'no-services', 'no "services:" in this file', nodePos(p, root), { hint: 'Compose file format 1 (services at the top level) is not read; use the Compose Specification layout', text: source.text }));
      continue;
    }
    if (!isMap(services)) {
      diagnostics.push(diag('error', 'wrong-shape', '"services" must be a mapping of service name → definition', nodePos(p, services), { text: source.text }));
      continue;
    }
    for (const { key: name, keyNode, value } of mapEntries(services)) {
      const pos = nodePos(p, keyNode);
      if (value !== null && !isMap(value)) {
        diagnostics.push(diag('error', 'wrong-shape', `service "${name}" must be a mapping`, nodePos(p, value), { text: source.text }));
        continue;
      }
      const image = scalarString(getIn(value, 'image'));
      // A service defined again in a later file keeps its first position; a later image wins.
      if (!table.add({ key: name, idHint: name, name, pos, labels: image ? { image } : {} }) && image) table.update(name, { labels: { image } });
      readDependsOn(p, name, getIn(value, 'depends_on'), pending, diagnostics);
      readOtherOrdering(p, name, value, pending, diagnostics);
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { services: [], diagnostics };
  for (const { from, edge, targetPos } of pending) {
    if (!table.has(edge.target)) {
      diagnostics.push(diag('warning', 'unknown-ref', `${from} depends on "${edge.target}", which is not a service in these files; the dependency is dropped`, targetPos, { hint: 'give every Compose file of the project (e.g. the override files) in one import' }));
      continue;
    }
    if (edge.target === from) {
      diagnostics.push(diag('warning', 'self-edge', `${from} depends on itself; dropped`, targetPos));
      continue;
    }
    table.addEdge(from, edge, true);
  }
  return { services: table.toList(), diagnostics };
};

function readDependsOn(p: ParsedYaml, from: string, node: Node | null | undefined, out: PendingEdge[], diagnostics: ImportDiagnostic[]): void {
  if (node === undefined || node === null) return;
  const text = p.source.text;
  const push = (target: string, targetPos: SourcePos, type: DependencyType, why: string): void => {
    out.push({ from, edge: { target, type, why, pos: targetPos }, targetPos });
  };
  if (isSeq(node)) {
    for (const item of node.items as Array<Node | null>) {
      const target = isScalar(item) && typeof item.value === 'string' ? item.value : undefined;
      if (!target) {
        diagnostics.push(diag('error', 'wrong-shape', 'depends_on (short syntax) lists service names', nodePos(p, item), { text }));
        continue;
      }
      push(target, nodePos(p, item), 'hard', 'compose: depends_on (condition: service_started)');
    }
    return;
  }
  if (!isMap(node)) {
    diagnostics.push(diag('error', 'wrong-shape', 'depends_on is a list of service names or a mapping of service name → {condition, required, restart}', nodePos(p, node), { text }));
    return;
  }
  for (const { key: target, keyNode, value } of mapEntries(node)) {
    const targetPos = nodePos(p, keyNode);
    let condition = 'service_started';
    let required = true;
    let restart = false;
    if (value !== null) {
      if (!isMap(value)) {
        diagnostics.push(diag('error', 'wrong-shape', `depends_on.${target} must be a mapping such as {condition: service_healthy}`, nodePos(p, value), { text }));
        continue;
      }
      const c = getIn(value, 'condition');
      if (c !== undefined) {
        const s = scalarString(c);
        if (!s || !(CONDITIONS as readonly string[]).includes(s)) {
          diagnostics.push(diag('error', 'invalid-value', `depends_on.${target}.condition is "${s ?? '?'}"`, nodePos(p, c), { hint: `use one of ${CONDITIONS.join(', ')}`, text }));
          continue;
        }
        condition = s;
      }
      const r = getIn(value, 'required');
      if (r !== undefined) {
        if (!isScalar(r) || typeof r.value !== 'boolean') {
          diagnostics.push(diag('error', 'invalid-value', `depends_on.${target}.required must be true or false`, nodePos(p, r), { text }));
          continue;
        }
        required = r.value;
      }
      const rs = getIn(value, 'restart');
      if (rs !== undefined && isScalar(rs) && rs.value === true) restart = true;
    }
    const parts = [`condition: ${condition}`];
    if (!required) parts.unshift('required: false');
    if (restart) parts.push('restart: true');
    const note = condition === 'service_completed_successfully' ? '; a one-shot job that must finish before start' : '';
    push(target, targetPos, required ? 'hard' : 'soft', `compose: depends_on (${parts.join(', ')})${note}`);
  }
}

/** `links`, `volumes_from` and `network_mode: service:x` also order start-up. */
function readOtherOrdering(p: ParsedYaml, from: string, svc: Node | null, out: PendingEdge[], diagnostics: ImportDiagnostic[]): void {
  const add = (target: string, node: Node, why: string): void => {
    const pos = nodePos(p, node);
    out.push({ from, edge: { target, type: 'hard', why, pos }, targetPos: pos });
  };
  const links = getIn(svc, 'links');
  if (isSeq(links)) {
    for (const item of links.items as Array<Node | null>) {
      const s = scalarString(item);
      if (s) add(s.split(':')[0]!, item!, 'compose: links');
    }
  }
  const volumesFrom = getIn(svc, 'volumes_from');
  if (isSeq(volumesFrom)) {
    for (const item of volumesFrom.items as Array<Node | null>) {
      const s = scalarString(item);
      // `container:<name>` refers to a container outside the project, not a service.
      if (s && !s.startsWith('container:')) add(s.replace(/^service:/, '').split(':')[0]!, item!, 'compose: volumes_from');
    }
  }
  const networkMode = getIn(svc, 'network_mode');
  const nm = scalarString(networkMode);
  if (nm?.startsWith('service:')) add(nm.slice('service:'.length), networkMode!, `compose: network_mode: ${nm}`);
  else if (networkMode !== undefined && networkMode !== null && nm === undefined) {
    diagnostics.push(diag('warning', 'invalid-value', 'network_mode should be a string', nodePos(p, networkMode)));
  }
}
