/**
 * The cell-loss check of `blast review` (docs/review.md, "Cell loss"): for each cell name of
 * the catalog (a zone, a region, a shard), the loss of that cell in every service that has
 * it, simulated with the engine (`blast simulate --fail api@use1-az1,… --for 1h`), and one
 * finding per loss that hurts: which services go down or serve less than
 * {@link CELL_LOSS_SERVED} of their traffic, by how much, and why (no failover, failover
 * beyond the headroom, a dependency). Pure: the engine runs with its parameter medians.
 */
import type { Catalog, SourcePos } from '../catalog/model.js';
import { prepareSimulation, simulate } from '../engine/index.js';
import type { CapacityPoint, Interval, ServiceResult, SimulationResult } from '../engine/result.js';
import { severityForTier, type CellLossFinding, type CellLossImpact, type RelatedLocation, type Severity } from './findings.js';

/** A service serving less than this fraction of its traffic at some moment is reported. */
export const CELL_LOSS_SERVED = 0.99;
/** A review target serving less than this (losing more than half its traffic) counts as down. */
export const CELL_LOSS_SEVERE = 0.5;
/** How long each cell is lost for, by default. */
export const CELL_LOSS_MINUTES = 60;

/** One loss to simulate: a name (the cell's, or a group's such as a region) and its cells. */
export interface CellLoss {
  readonly name: string;
  readonly cells: readonly string[];
}

export interface CellLossOptions {
  /** How long each loss lasts (minutes; default {@link CELL_LOSS_MINUTES}). */
  readonly forMinutes?: number;
  /** Losses besides one per cell name, e.g. a region: `{name: 'us-east-1', cells: [...]}`. */
  readonly groups?: readonly CellLoss[];
}

/** Every distinct cell name of the catalog, in the order first written. */
export function cellNames(catalog: Catalog): string[] {
  const seen = new Set<string>();
  for (const s of catalog.services.values()) for (const c of s.cells?.names ?? []) seen.add(c);
  return [...seen];
}

/** The losses the check simulates: each cell name alone, then `groups`. */
export function cellLosses(catalog: Catalog, groups: readonly CellLoss[] = []): CellLoss[] {
  return [...cellNames(catalog).map((c) => ({ name: c, cells: [c] })), ...groups];
}

/**
 * Findings of the cell-loss check, one per loss that takes a service down or below
 * {@link CELL_LOSS_SERVED}; `targets` are the review's (tier 0–1 by default): one of them
 * down, or losing more than half its traffic, makes the finding as severe as its tier.
 */
export function cellLossFindings(catalog: Catalog, targets: ReadonlySet<string>, opts: CellLossOptions = {}): CellLossFinding[] {
  const losses = cellLosses(catalog, opts.groups);
  if (losses.length === 0) return [];
  const forMinutes = opts.forMinutes ?? CELL_LOSS_MINUTES;
  const prep = prepareSimulation(catalog);
  const out: CellLossFinding[] = [];
  for (const loss of losses) {
    const fail = [...catalog.services.values()].flatMap((s) => (s.cells ? s.cells.names.filter((c) => loss.cells.includes(c)).map((c) => `${s.id}@${c}`) : []));
    if (fail.length === 0) continue;
    const result = simulate(prep, { fail, forMinutes });
    const impacts = impactsOf(catalog, result, loss);
    if (impacts.length > 0) out.push(finding(catalog, loss, forMinutes, impacts, targets));
  }
  return out;
}

/** The lowest served fraction of a curve; null when the curve is empty (never changed). */
const minServed = (curve: readonly CapacityPoint[] | undefined): number | null => (curve && curve.length > 0 ? Math.min(...curve.map((p) => p.served)) : null);

/** Lowest served fraction of a curve from an interval's start to just before its end (a step at the end is the next interval's). */
function servedWithin(curve: readonly CapacityPoint[] | undefined, iv: Interval): number {
  const pts = (curve ?? []).filter((p) => p.minute >= iv.start && (iv.end === null || p.minute < iv.end));
  return pts.length > 0 ? Math.min(...pts.map((p) => p.served)) : 1;
}

/** Served fraction at its worst: from the capacity curve, else 0 when down, 1 when up, null when degraded without a curve. */
function worstServed(r: ServiceResult): number | null {
  const m = minServed(r.capacity);
  if (m !== null) return r.worstState === 'down' ? Math.min(m, 0.05) : m;
  return r.worstState === 'down' ? 0 : r.worstState === 'up' ? 1 : null;
}

/** The interval of the worst state (the first one of it). */
const worstInterval = (r: { readonly intervals: readonly Interval[]; readonly worstState: string }): Interval | undefined => r.intervals.find((i) => i.state === r.worstState) ?? r.intervals[0];

/** The service a cause points at (`api@use1-az1` → `api`). */
const serviceOf = (id: string): string => id.split('@')[0]!;

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

function impactsOf(catalog: Catalog, result: SimulationResult, loss: CellLoss): CellLossImpact[] {
  const byId = new Map(result.services.map((r) => [r.id, r]));
  const out: CellLossImpact[] = [];
  for (const r of result.services) {
    const served = worstServed(r);
    if (r.worstState === 'up' || (served !== null && served >= CELL_LOSS_SERVED && r.worstState !== 'down')) continue;
    const svc = catalog.services.get(r.id)!;
    const base = { service: r.id, tier: svc.tier, state: r.worstState as 'down' | 'degraded', served: served === null ? null : round(served), unservedMinutes: r.unservedMinutes === undefined || r.unservedMinutes === null ? null : round(r.unservedMinutes, 1) };
    out.push({ ...base, ...causeOf(catalog, byId, r, loss) });
  }
  return out;
}

type Cause = Pick<CellLossImpact, 'cause' | 'root' | 'detail' | 'load' | 'via' | 'collapse'>;

/** Why `r` is impaired, and the service whose design is the root cause (whose `cells` to change). */
function causeOf(catalog: Catalog, byId: ReadonlyMap<string, ServiceResult>, r: ServiceResult, loss: CellLoss, depth = 0): Cause {
  const svc = catalog.services.get(r.id)!;
  const iv = worstInterval(r);
  const detail = iv?.cause.detail ?? '';
  const lost = svc.cells?.names.filter((c) => loss.cells.includes(c)) ?? [];
  if (svc.cells && lost.length > 0) {
    if (!svc.cells.failover) return { cause: 'no-failover', root: r.id, detail };
    const survivors = (r.cells ?? []).filter((c) => !loss.cells.includes(c.cell));
    const overloaded = survivors.filter((c) => c.intervals.some((i) => i.cause.kind === 'demand'));
    if (overloaded.length > 0) {
      // the load while overloaded: 1 / served over the `demand` intervals (a queue that then
      // collapses serves nothing, which is the collapse, not the load)
      const s = Math.min(...overloaded.map((c) => Math.min(...c.intervals.filter((i) => i.cause.kind === 'demand').map((i) => servedWithin(c.capacity, i)))));
      const collapsed = overloaded.some((c) => c.collapse !== null);
      return { cause: 'headroom', root: r.id, detail, load: round(1 / Math.max(s, 1e-9)), ...(collapsed ? { collapse: true as const } : {}) };
    }
    // survivors impaired for another reason: what their first cause points at
    const hurt = survivors.find((c) => c.worstState !== 'up');
    const dep = hurt ? worstInterval(hurt)?.cause : undefined;
    if (dep && (dep.kind === 'dependency' || dep.kind === 'group')) return viaDependency(catalog, byId, dep.service, loss, detail, depth, dep.service.includes('@'));
    return { cause: 'failover-delay', root: r.id, detail };
  }
  // a service without the lost cells: impaired through what it depends on
  const pointsAt = iv?.cause.kind === 'cell' ? worstInterval((r.cells ?? []).find((c) => c.id === iv.cause.service) ?? r)?.cause : iv?.cause;
  if (pointsAt && (pointsAt.kind === 'dependency' || pointsAt.kind === 'group') && serviceOf(pointsAt.service) !== r.id) {
    return viaDependency(catalog, byId, pointsAt.service, loss, detail, depth, pointsAt.service.includes('@'));
  }
  return { cause: 'other', root: r.id, detail };
}

function viaDependency(catalog: Catalog, byId: ReadonlyMap<string, ServiceResult>, dep: string, loss: CellLoss, detail: string, depth: number, local: boolean): Cause {
  const id = serviceOf(dep);
  const next = byId.get(id);
  // the root is where the chain of dependencies ends (bounded: a cycle stops at the catalog's size)
  const root = next && next.worstState !== 'up' && depth < catalog.services.size ? causeOf(catalog, byId, next, loss, depth + 1).root : id;
  return { cause: local ? 'cell-local' : 'dependency', root, detail, via: id };
}

const listText = (xs: readonly string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
const pct = (x: number): string => `${Math.round(x * 100)} %`;

/** Why, in a few words: "no failover", "failover beyond its headroom (167 % of the surviving cells' capacity)". */
export function causeText(i: CellLossImpact): string {
  switch (i.cause) {
    case 'no-failover':
      return 'no failover';
    case 'headroom':
      return `failover beyond its headroom (${pct(i.load ?? 1)} of the surviving cells' capacity${i.collapse ? '; their queues collapse' : ''})`;
    case 'cell-local':
      return `cell-local dependency on ${i.via!}`;
    case 'dependency':
      return `depends on ${i.via!}`;
    case 'failover-delay':
      return 'fails until failover moves the traffic';
    case 'other':
      return i.detail;
  }
}

/** "network (tier 0): 80 % served, no failover". */
export function impactText(i: CellLossImpact): string {
  const how = i.state === 'down' ? `down${i.unservedMinutes === null ? ' and never recovers' : ''}` : i.served === null ? 'degraded' : `${pct(i.served)} served`;
  const lost = i.unservedMinutes === null ? '' : `, ${i.unservedMinutes} unserved min`;
  return `${i.service} (tier ${i.tier}): ${how}${lost}, ${causeText(i)}`;
}

function finding(catalog: Catalog, loss: CellLoss, forMinutes: number, impacts: CellLossImpact[], targets: ReadonlySet<string>): CellLossFinding {
  const severe = (i: CellLossImpact): boolean => targets.has(i.service) && (i.state === 'down' || (i.served !== null && i.served < CELL_LOSS_SEVERE));
  const rank = (i: CellLossImpact): number => (severe(i) ? i.tier : 10 + (i.state === 'down' ? 0 : 1) * 10 + i.tier);
  const sorted = [...impacts].sort((a, b) => rank(a) - rank(b) || (a.served ?? 0) - (b.served ?? 0) || (a.service < b.service ? -1 : 1));
  const first = sorted[0]!;
  const severity: Severity = severe(first) ? severityForTier(first.tier) : 'medium';
  const what = loss.cells.length === 1 && loss.cells[0] === loss.name ? `cell ${loss.name}` : `${loss.name} (${listText(loss.cells)})`;
  const down = sorted.filter((i) => i.state === 'down').map((i) => i.service);
  const degraded = sorted.filter((i) => i.state !== 'down').map((i) => (i.served === null ? i.service : `${i.service} (${pct(i.served)} served)`));
  const parts = [...(down.length ? [`takes ${listText(down)} down`] : []), ...(degraded.length ? [`degrades ${listText(degraded)}`] : [])];
  const posOf = (id: string): SourcePos => {
    const s = catalog.services.get(id)!;
    return s.cells?.pos ?? s.pos;
  };
  const roots = [...new Set(sorted.map((i) => i.root))];
  const related: RelatedLocation[] = roots.slice(1).map((id) => ({ pos: posOf(id), message: `the cells of ${id}, root cause for ${listText(sorted.filter((i) => i.root === id).map((i) => i.service))}` }));
  return {
    kind: 'cell-loss',
    severity,
    // the services down and those degraded are part of it: a baseline that accepts "zone a
    // degrades storage" does not accept "zone a takes front down" after a change
    fingerprint: `cell-loss:${loss.name}:${[...down].sort().join('+')}:${sorted.filter((i) => i.state !== 'down').map((i) => i.service).sort().join('+')}`,
    title: `losing ${what} for ${forMinutes} min ${parts.join(' and ')}`,
    lost: loss.name,
    cells: [...loss.cells],
    forMinutes,
    impacts: sorted,
    location: posOf(first.root),
    related,
    evidence: [],
    remedy: remedyFor(catalog, sorted, loss),
  };
}

/** What would absorb the loss, service by service: failover, enough headroom, or the dependency's cells. */
function remedyFor(catalog: Catalog, impacts: readonly CellLossImpact[], loss: CellLoss): string {
  const out: string[] = [];
  const roots = [...new Set(impacts.map((i) => i.root))];
  for (const root of roots) {
    // the root's own impact says what its cells lack; a service impaired only through it says nothing more
    const i = impacts.find((x) => x.service === root) ?? impacts.find((x) => x.root === root)!;
    const cells = catalog.services.get(root)?.cells;
    if (!cells) continue;
    const w = cells.names.reduce((a, c, k) => a + (loss.cells.includes(c) ? 0 : cells.shares[k]!), 0);
    // failover carries D = 1 / W times each survivor's traffic; it is absorbed when 1 + h ≥ D
    const need = w > 0 ? 1 / w - 1 : Infinity;
    const queued = catalog.services.get(root)?.backlog !== undefined;
    if (!Number.isFinite(need)) out.push(`${root}: every cell is lost, nothing to fail over to`);
    // a cell with a queue has no headroom: its spare capacity is its capacity over its arrival
    else if (queued && (i.cause === 'headroom' || i.cause === 'no-failover')) out.push(`${root}: a capacity of ${round(need + 1, 2)} × the arrival in each cell${cells.failover ? '' : ', with failover,'} would absorb it`);
    else if (i.cause === 'no-failover') out.push(`${root}: failover with headroom ≥ ${round(need, 2)} would absorb it, if its cells can serve each other's traffic`);
    else if (i.cause === 'headroom') out.push(`${root}: headroom ≥ ${round(need, 2)} (now ${cells.headroom}) would absorb it`);
    // a gradual failover (`failover: {after, over}`): its unserved minutes count the drain too
    else if (i.cause === 'failover-delay' && cells.failoverOver) out.push(`${root}: the lost share fails until failover has moved it all, gradually; a quicker failover (health checks, DNS TTLs) or a shorter drain (\`over\`) shortens that`);
    else if (i.cause === 'failover-delay') out.push(`${root}: the lost share fails until failover moves it; a quicker failover (health checks, DNS TTLs) shortens that`);
  }
  return out.length > 0 ? out.join('; ') : 'spread the services over cells that fail independently';
}
