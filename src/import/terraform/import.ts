/**
 * `terraform graph` DOT output → services and edges.
 *
 * Reads both shapes Terraform prints (developer.hashicorp.com/terraform/cli/commands/graph):
 * the default resources-only graph of Terraform 1.7+ (`"aws_instance.web" -> "aws_vpc.main"`,
 * modules as `cluster_module.x` subgraphs) and the operation graphs of `-type=plan` and
 * older versions (`"[root] aws_instance.web (expand)"`, `"[root] provider[\"registry.
 * terraform.io/hashicorp/aws\"]"`, `"[root] meta.count-boundary (EachMode fixup)"`,
 * `"[root] root"`, `(close)` nodes). An edge `A -> B` means A depends on B.
 * Managed resources become services; providers, `(close)` nodes, `root` and `meta.*`
 * are dropped; variables, locals, outputs, module and data-source nodes are passed
 * through, so `A -> local.x -> B` becomes A depends on B. Instance keys (`[0]`) and
 * the `(expand)` suffix are stripped, so every instance of a resource is one service.
 *
 * Data sources (`data.aws_ami.x`) are not services: Terraform reads them while it plans
 * (or, deferred, while it applies) and they create nothing (developer.hashicorp.com/terraform/
 * language/data-sources), so a failure of the API behind one stops a plan or an apply, not
 * the running system. A resource that reaches another resource only through a data source
 * (a policy document naming a bucket) still depends on it; one note lists them.
 */
import type { SourcePos } from '../../catalog/model.js';
import { diag, lineStarts, posAt, ServiceTable, type ImportDiagnostic, type Importer } from '../model.js';
import { parseDot } from './dot.js';

/** Words that start a non-resource address in the first position. */
const NOT_RESOURCE = new Set(['var', 'local', 'output', 'module', 'each', 'count', 'path', 'terraform', 'self', 'provider', 'meta', 'data', 'ephemeral', 'check', 'root', 'action', 'list']);

export type NodeClass =
  | { readonly kind: 'resource'; readonly address: string; readonly type: string; readonly module?: string }
  | { readonly kind: 'pass'; readonly label: string; readonly data?: true }
  | { readonly kind: 'drop' };

/** Classifies one node id of a `terraform graph` output. */
export function classifyNode(raw: string): NodeClass {
  let s = raw.trim().replace(/^\[root\]\s+/, '');
  const suffix = /^(.*?)\s+\(([^()]*)\)$/.exec(s);
  if (suffix) {
    s = suffix[1]!;
    if (suffix[2] === 'close') return { kind: 'drop' };
  }
  if (s === 'root' || s.startsWith('meta.')) return { kind: 'drop' };
  const modules: string[] = [];
  for (;;) {
    const m = /^module\.([^.[\s]+)(\[[^\]]*\])?\./.exec(s);
    if (!m) break;
    modules.push(`module.${m[1]}`);
    s = s.slice(m[0].length);
  }
  if (/^provider(\[|\.|$)/.test(s)) return { kind: 'drop' };
  // A data source, with its instance key stripped like a resource's.
  const d = /^data\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)(\[.*\])?$/.exec(s);
  if (d) return { kind: 'pass', label: [...modules, `data.${d[1]}.${d[2]}`].join('.'), data: true };
  const r = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)(\[.*\])?$/.exec(s);
  if (r && !NOT_RESOURCE.has(r[1]!)) {
    const module = modules.join('.');
    return { kind: 'resource', address: `${module ? `${module}.` : ''}${r[1]}.${r[2]}`, type: r[1]!, ...(module ? { module } : {}) };
  }
  return { kind: 'pass', label: [...modules, s].join('.') };
}

export const importTerraform: Importer = (sources) => {
  const diagnostics: ImportDiagnostic[] = [];
  const cls = new Map<string, NodeClass>();
  const firstPos = new Map<string, SourcePos>();
  const adj = new Map<string, Set<string>>();
  const edgePos = new Map<string, SourcePos>();
  for (const source of sources) {
    const starts = lineStarts(source.text);
    const res = parseDot(source.text);
    if ('error' in res) {
      diagnostics.push(diag('error', 'syntax', res.error.message, posAt(source.file, starts, res.error.offset), { hint: 'give the output of `terraform graph` (DOT)', text: source.text }));
      continue;
    }
    if (!res.graph.directed) diagnostics.push(diag('warning', 'wrong-shape', 'an undirected graph: edges are read as written, left depends on right', posAt(source.file, starts, 0)));
    for (const node of res.graph.nodes.values()) {
      if (!cls.has(node.id)) cls.set(node.id, classifyNode(node.id));
      if (!firstPos.has(node.id)) firstPos.set(node.id, posAt(source.file, starts, node.offset));
    }
    for (const e of res.graph.edges) {
      if (!adj.has(e.from)) adj.set(e.from, new Set());
      adj.get(e.from)!.add(e.to);
      const k = `${e.from}\u0000${e.to}`;
      if (!edgePos.has(k)) edgePos.set(k, posAt(source.file, starts, e.offset));
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { services: [], diagnostics };

  // Resource address → its node ids (a resource can appear as "x", "x (expand)", "x[0]").
  const byAddress = new Map<string, string[]>();
  for (const [id, c] of [...cls.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (c.kind !== 'resource') continue;
    byAddress.set(c.address, [...(byAddress.get(c.address) ?? []), id]);
  }
  const table = new ServiceTable();
  const servicePos = new Map<string, SourcePos>();
  for (const [address, ids] of byAddress) {
    const c = cls.get(ids[0]!) as Extract<NodeClass, { kind: 'resource' }>;
    const pos = ids.map((id) => firstPos.get(id)!).sort(comparePos)[0]!;
    servicePos.set(address, pos);
    table.add({ key: address, idHint: address, name: address, pos, labels: { 'terraform-type': c.type }, ...(c.module ? { system: c.module } : {}) });
  }
  const label = (id: string): string => {
    const c = cls.get(id);
    return c?.kind === 'resource' ? c.address : c?.kind === 'pass' ? c.label : id;
  };
  for (const [address, ids] of byAddress) {
    // Breadth-first through pass-through nodes; the first path found explains the edge.
    const parent = new Map<string, string | null>();
    const queue: string[] = [];
    for (const id of ids) { parent.set(id, null); queue.push(id); }
    const found = new Map<string, string>();
    while (queue.length) {
      const v = queue.shift()!;
      for (const w of [...(adj.get(v) ?? [])].sort()) {
        if (parent.has(w)) continue;
        const c = cls.get(w) ?? classifyNode(w);
        if (c.kind === 'drop') continue;
        parent.set(w, v);
        if (c.kind === 'resource' && c.address !== address) {
          if (!found.has(c.address)) found.set(c.address, w);
          continue;
        }
        queue.push(w);
      }
    }
    for (const [target, node] of [...found.entries()].sort()) {
      const path: string[] = [];
      for (let v: string | null | undefined = node; v != null; v = parent.get(v)) path.unshift(v);
      const hops = path.map(label).filter((l, i, all) => i === 0 || l !== all[i - 1]);
      const pos = edgePos.get(`${path[0]}\u0000${path[1]}`) ?? servicePos.get(address)!;
      const why = hops.length > 6 ? `terraform: ${hops.slice(0, 3).join(' → ')} → … → ${hops[hops.length - 1]}` : `terraform: ${hops.join(' → ')}`;
      table.addEdge(address, { target, type: 'hard', why, pos });
    }
  }
  const data = new Map<string, SourcePos>();
  for (const [id, c] of cls) {
    if (c.kind !== 'pass' || !c.data) continue;
    const pos = firstPos.get(id)!;
    const had = data.get(c.label);
    if (!had || comparePos(pos, had) < 0) data.set(c.label, pos);
  }
  if (data.size) {
    const list = [...data.keys()].sort();
    const first = [...data.values()].sort(comparePos)[0]!;
    const shown = list.length > 6 ? `${list.slice(0, 6).join(', ')} and ${list.length - 6} more` : list.join(', ');
    diagnostics.push(diag('note', 'ignored', `${list.length} data source${list.length === 1 ? ' is' : 's are'} read when Terraform plans, not services at run time; dependencies pass through ${list.length === 1 ? 'it' : 'them'}: ${shown}`, first, { hint: 'a data source that reads infrastructure managed elsewhere can be added to the catalog by hand' }));
  }
  if (byAddress.size === 0 && sources.length) {
    diagnostics.push(diag('warning', 'no-services', 'no managed resources in the graph', { file: sources[0]!.file, line: 1, col: 1 }, { hint: 'run `terraform graph` in a configuration that declares resources' }));
  }
  return { services: table.toList(), diagnostics };
};

function comparePos(a: SourcePos, b: SourcePos): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col;
}
