/**
 * Cells, zones and regions (docs/model.md, "Cells, zones and regions"): the plan that
 * expands each service with `cells:` into one slot per cell plus an aggregate slot.
 *
 * Cell slots are ordinary services to every mechanism of the engine (faults, requirements,
 * warm-up, staged restart, crash loop, queue, collapse, capacity): a copy of the service
 * whose queue rates and clients are its share of the service's, whose cell-local
 * dependencies point at the cell of the same name of the dependency, and whose parameters
 * are the service's own (one draw per service in Monte Carlo, not one per cell). The
 * aggregate slot keeps the service's index, so every dependent, anchor and result that
 * names the service reads it: its served fraction is the traffic-weighted sum over its
 * cells (cells-run.ts). Cell slots come after every service of the catalog, so slots
 * 0 .. nServices − 1 are the catalog's services in catalog order, as without cells.
 */
import type { Catalog, Dependency, Param, Service } from '../catalog/model.js';
import { compileGraph, type CompiledGraph } from '../graph/compile.js';

/** The id of a cell slot: `<service>@<cell>` (`@` is never part of a catalog id). */
export const cellSlotId = (service: string, cell: string): string => `${service}@${cell}`;

export interface CellPlan {
  /** The catalog as the engine runs it: aggregates depend on their cells; cell slots appended. */
  readonly catalog: Catalog;
  readonly graph: CompiledGraph;
  /** Services of the catalog: slots 0 .. nServices − 1. */
  readonly nServices: number;
  /** Per slot: 1 for the aggregate of a service with cells, 2 for a cell slot, 0 otherwise. */
  readonly role: Uint8Array;
  /** Per slot: the aggregate a cell slot belongs to, −1 for other slots. */
  readonly parent: Int32Array;
  /** Per slot: the cell's name ('' for other slots). */
  readonly cellName: readonly string[];
  /** Per slot: the cell's traffic share (shares normalised to sum to 1); 1 for other slots. */
  readonly share: Float64Array;
  /** Cells of aggregate a: cellSlots[cellStart[a] .. cellStart[a + 1] − 1] (0-length for others). */
  readonly cellStart: Int32Array;
  readonly cellSlots: Int32Array;
  /** Per slot: failover on (aggregates with two cells or more that say `failover: true`). */
  readonly failover: Uint8Array;
  /** Per slot: headroom of the cells of this slot's service (0 when none). */
  readonly headroom: Float64Array;
}

/** The cell plan of a catalog, or null when no service has cells (the engine then runs as always). */
export function planCells(catalog: Catalog): CellPlan | null {
  let any = false;
  for (const s of catalog.services.values()) if (s.cells) { any = true; break; }
  if (!any) return null;
  const nServices = catalog.services.size;
  const services = new Map<string, Service>();
  const cellEntries: Array<{ id: string; parent: string; cell: string; share: number; service: Service }> = [];
  for (const s of catalog.services.values()) {
    const c = s.cells;
    if (!c) { services.set(s.id, s); continue; }
    const total = c.shares.reduce((a, x) => a + x, 0);
    const ids = c.names.map((n) => cellSlotId(s.id, n));
    // the aggregate: what dependents read; it depends on its cells (so that they wake it)
    const toCells: Dependency = { of: ids, atLeast: 1, group: true, type: 'hard', failOn: 'down', failover: false, pos: c.pos, memberPos: ids.map(() => c.pos) };
    services.set(s.id, { ...s, dependsOn: [toCells] });
    c.names.forEach((name, k) => {
      const dependsOn = s.dependsOn.map((d): Dependency => (d.cell === 'local' ? { ...d, of: d.of.map((t) => cellSlotId(t, name)) } : d));
      cellEntries.push({ id: ids[k]!, parent: s.id, cell: name, share: c.shares[k]! / total, service: { ...s, id: ids[k]!, name: `${s.name} (${name})`, dependsOn, partial: true } });
    });
  }
  for (const e of cellEntries) services.set(e.id, e.service);
  const expanded: Catalog = { ...catalog, services };
  const graph = compileGraph(expanded);
  const n = graph.n;
  const role = new Uint8Array(n);
  const parent = new Int32Array(n).fill(-1);
  const cellName: string[] = new Array<string>(n).fill('');
  const share = new Float64Array(n).fill(1);
  const failover = new Uint8Array(n);
  const headroom = new Float64Array(n);
  const cellStart = new Int32Array(nServices + 1);
  const cellSlots = new Int32Array(cellEntries.length);
  const byParent = new Map<number, number[]>();
  for (const e of cellEntries) {
    const j = graph.index.get(e.id)!;
    const a = graph.index.get(e.parent)!;
    role[j] = 2;
    role[a] = 1;
    parent[j] = a;
    cellName[j] = e.cell;
    share[j] = e.share;
    const c = catalog.services.get(e.parent)!.cells!;
    headroom[j] = headroom[a] = c.headroom;
    failover[j] = failover[a] = c.failover && c.names.length > 1 ? 1 : 0;
    let list = byParent.get(a);
    if (!list) byParent.set(a, (list = []));
    list.push(j);
  }
  let m = 0;
  for (let a = 0; a < nServices; a++) {
    cellStart[a] = m;
    for (const j of byParent.get(a) ?? []) cellSlots[m++] = j;
  }
  cellStart[nServices] = m;
  return { catalog: expanded, graph, nServices, role, parent, cellName, share, cellStart, cellSlots, failover, headroom };
}

/**
 * Completes the per-slot service models of a plan: each cell slot shares its service's
 * model (the same parameter slots), named "<service name> (<cell>)" and partial (its
 * service's aggregate carries its impact); the aggregate runs no mechanism of its own.
 */
export function cellServices<T>(plan: CellPlan, services: T[], names: string[], partial: Uint8Array, aggregate: T): void {
  for (let j = plan.nServices; j < plan.graph.n; j++) {
    const a = plan.parent[j]!;
    services.push(services[a]!);
    names.push(plan.catalog.services.get(plan.graph.ids[j]!)!.name);
    partial[j] = 1;
  }
  for (let a = 0; a < plan.nServices; a++) if (plan.role[a] === 1) services[a] = aggregate;
}

/**
 * Fraction flags of a plan: the aggregate reads every cell's served fraction; cells that can
 * take moved traffic derive their label from it (an overloaded cell is degraded), as do the
 * cells of a service that uses capacity fractions, and the aggregate of such cells.
 */
export function markCells(plan: CellPlan, fracMode: Uint8Array, fracNotify: Uint8Array): void {
  for (let j = plan.nServices; j < plan.graph.n; j++) {
    const a = plan.parent[j]!;
    fracNotify[j] = 1;
    if (plan.failover[j] || fracMode[a]) fracMode[j] = 1;
  }
  for (let j = plan.nServices; j < plan.graph.n; j++) if (fracMode[j]) fracMode[plan.parent[j]!] = 1;
}

/**
 * Parameter slots of the failover delays (`failover: 2m`, or a distribution or a prior), per
 * aggregate slot (−1: at once). `add` registers a parameter of the model and returns its slot.
 */
export function cellDelays(plan: CellPlan, add: (label: string, p: Param) => number): Int32Array {
  const out = new Int32Array(plan.graph.n).fill(-1);
  for (let a = 0; a < plan.nServices; a++) {
    if (plan.role[a] !== 1 || !plan.failover[a]) continue;
    const id = plan.graph.ids[a]!;
    const after = plan.catalog.services.get(id)!.cells!.failoverAfter;
    if (after) out[a] = add(`${id}.failover`, after);
  }
  return out;
}

/**
 * Parameter slots of the drain durations (`failover: {over}`), per aggregate slot (−1: all at
 * once), or null when no service drains. `add` registers a parameter and returns its slot.
 */
export function cellDrains(plan: CellPlan, add: (label: string, p: Param) => number): Int32Array | null {
  let out: Int32Array | null = null;
  for (let a = 0; a < plan.nServices; a++) {
    if (plan.role[a] !== 1 || !plan.failover[a]) continue;
    const id = plan.graph.ids[a]!;
    const over = plan.catalog.services.get(id)!.cells!.failoverOver;
    if (!over || (over.kind === 'const' && !(over.value > 0))) continue; // over 0: the step failover
    out ??= new Int32Array(plan.graph.n).fill(-1);
    out[a] = add(`${id}.failover.over`, over);
  }
  return out;
}
