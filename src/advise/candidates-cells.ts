/**
 * Candidates for services split into cells (docs/model.md, "Cells, zones and regions"), read
 * off the baseline's per-cell results:
 *
 * - cell-failover: a service with two or more cells and no failover, one of whose cells was
 *   impaired while another was not, gets `failover: true`: a cell's traffic moves to the others
 *   while it is down, instead of failing with it. With no headroom, failover alone serves no
 *   more (each survivor serves `1 / D` of `D` times its traffic) and spreads the impairment to
 *   every cell, so the change then also sets the headroom that absorbs its largest cell;
 * - cell-headroom: a service with failover whose cells were overloaded by the traffic moved to
 *   them (cause `demand`) gets the `headroom` that absorbs the loss of its largest cell, or of the
 *   cells that were out together in the run if that is more: with `W` the share left, each
 *   surviving cell carries `1 / W` times its own traffic, which a headroom `h = 1 / W − 1` absorbs
 *   (`d = max(1, D / (1 + h)) = 1`); at most {@link HEADROOM_MAX}.
 */
import type { Catalog, Service } from '../catalog/model.js';
import type { SimulationResult } from '../engine/result.js';
import type { Candidate } from './model.js';
import { roundPatched } from './patch-catalog.js';

/** The largest headroom `cell-headroom` proposes: each cell provisioned for twice its share. */
export const HEADROOM_MAX = 1;

const label = (s: Service): string => `${s.name} (${s.id})`;
const pct = (x: number): string => `${Math.round(x * 1000) / 10} %`;

/** The headroom that absorbs the loss of a share `lost` of the traffic: 1 / (1 − lost) − 1, capped. */
export const headroomFor = (lost: number): number => (lost >= 1 ? HEADROOM_MAX : Math.min(HEADROOM_MAX, roundPatched(1 / (1 - lost) - 1)));

export function cellCandidates(catalog: Catalog, baselines: readonly SimulationResult[]): Candidate[] {
  const out = new Map<string, Candidate>();
  /** service id → the largest share of its cells out (impaired for a cause other than moved traffic) in one run. */
  const lostShare = new Map<string, number>();
  const overloaded = new Set<string>();
  const noFailover = new Set<string>();
  for (const r of baselines) {
    for (const res of r.services) {
      const s = catalog.services.get(res.id);
      const cells = s?.cells;
      if (!cells || cells.names.length < 2 || !res.cells) continue;
      const hit = res.cells.filter((c) => c.impactStartMinutes !== null);
      const own = res.cells.filter((c) => c.intervals.some((iv) => iv.cause.kind !== 'demand'));
      if (!cells.failover && hit.length > 0 && hit.length < res.cells.length) noFailover.add(s.id);
      if (cells.failover && res.cells.some((c) => c.intervals.some((iv) => iv.cause.kind === 'demand'))) {
        overloaded.add(s.id);
        const share = own.reduce((t, c) => t + cells.shares[cells.names.indexOf(c.cell)]!, 0);
        lostShare.set(s.id, Math.max(lostShare.get(s.id) ?? 0, share));
      }
    }
  }
  for (const id of noFailover) {
    const s = catalog.services.get(id)!;
    const cells = s.cells!;
    // without headroom, failover cannot raise the served share (each survivor serves 1 / D of D
    // times its traffic): it only spreads the failure, so the change includes the headroom too
    const h = cells.headroom > 0 ? undefined : headroomFor(Math.max(...cells.shares));
    out.set(`cell-failover:${id}`, {
      id: `cell-failover:${id}`,
      kind: 'cell-failover',
      title: `${label(s)} fails over: a lost cell's traffic moves to its other ${cells.names.length - 1} cells${h === undefined ? '' : `, with ${pct(h)} headroom`}`,
      description:
        `Set failover: true on ${id}: while one of its cells is down, a load balancer that health-checks the cells sends that cell's share to the others (in proportion to their shares) instead of failing it; the others absorb it up to their headroom and are overloaded beyond it. ` +
        (h === undefined
          ? `Their headroom today: ${pct(cells.headroom)}.`
          : `It has no headroom today, so the change also gives each cell ${pct(h)} spare capacity, what absorbs the loss of its largest cell (${pct(Math.max(...cells.shares))} of the traffic): it costs that much capacity, idle in normal operation.`),
      assumption: `${id}'s cells can serve each other's traffic (no data or session pinned to a cell) and something routes around a failed cell automatically.`,
      edits: h === undefined ? [{ op: 'set-failover', service: id }] : [{ op: 'set-failover', service: id }, { op: 'set-headroom', service: id, value: h }],
    });
  }
  for (const id of overloaded) {
    const s = catalog.services.get(id)!;
    const cells = s.cells!;
    const largest = Math.max(...cells.shares);
    const lost = Math.max(largest, lostShare.get(id) ?? 0);
    const h = headroomFor(lost);
    if (h <= cells.headroom) continue;
    const absorbs = h >= roundPatched(1 / (1 - lost) - 1);
    out.set(`cell-headroom:${id}`, {
      id: `cell-headroom:${id}`,
      kind: 'cell-headroom',
      title: `Headroom of ${label(s)} raised to ${pct(h)}: its cells ${absorbs ? 'absorb' : 'carry more of'} the loss of ${pct(lost)} of its traffic`,
      description: `Raise ${id}'s headroom from ${pct(cells.headroom)} to ${pct(h)} of each cell's share: with ${pct(lost)} of the traffic lost, each other cell carries ${roundPatched(1 / (1 - lost))}× its own, which ${absorbs ? `a headroom of ${pct(h)} absorbs` : `no headroom up to ${pct(HEADROOM_MAX)} absorbs; ${pct(h)} overloads them less`}. It costs spare capacity: ${pct(h)} more than each cell's own traffic, provisioned and idle in normal operation.`,
      assumption: `${id}'s dependencies can take the extra traffic of the cells that take over.`,
      edits: [{ op: 'set-headroom', service: id, value: h }],
    });
  }
  return [...out.values()];
}
