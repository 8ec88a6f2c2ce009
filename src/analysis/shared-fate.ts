/**
 * Shared fate (false redundancy): redundancy groups that one failure defeats, because
 * enough of their members depend, directly or transitively, on a common service (three
 * zones behind one regional control plane; three DNS Enactors reading one plan store).
 * A group "defeated" by a failure loses what it is for: a hard group its quorum (its owner
 * goes down), a soft or failOn: degraded group its quorum of healthy members.
 */
import type { Catalog } from '../catalog/model.js';
import type { CompiledGraph } from '../graph/compile.js';
import { dependencyOf, Explainer, NEED_DOWN, NEED_IMPAIRED } from './evidence.js';
import type { SharedFateFinding, Severity } from './findings.js';
import { DOWN, FailureEvaluator, MODE_FAIL_ON_DEGRADED, MODE_SOFT, UP } from './semantics.js';

/**
 * Findings for `groupCauses` (requirement index → services whose single failure defeats
 * that group), as computed by the sweep. Groups that need every member (atLeast = size) are
 * not redundant to begin with and are skipped; their members show up as SPOFs instead.
 */
export function sharedFateFindings(catalog: Catalog, cg: CompiledGraph, groupCauses: ReadonlyMap<number, readonly number[]>, ev = new FailureEvaluator(cg)): SharedFateFinding[] {
  const explainer = new Explainer(catalog, cg, ev);
  const out: SharedFateFinding[] = [];
  for (const [r, causes] of [...groupCauses].sort((a, b) => a[0] - b[0])) {
    const d = dependencyOf(catalog, cg, r);
    if (!d.group || d.atLeast >= d.of.length || causes.length === 0) continue;
    const owner = cg.ids[cg.reqOwner[r]!]!;
    const ownerSvc = catalog.services.get(owner)!;
    const members = [...d.of];
    const groupKey = [...new Set(members)].sort().join('+');
    const soft = ev.mode[r] === MODE_SOFT;
    const severity: Severity = soft ? 'low' : ownerSvc.tier <= 1 ? 'high' : 'medium';
    for (const c of causes) {
      ev.run([c]);
      const cause = cg.ids[c]!;
      const lost: string[] = [];
      const evidence = [];
      for (const m of [...new Set(members)].sort()) {
        const mi = cg.index.get(m)!;
        const onlyImpaired = soft || ev.mode[r] === MODE_FAIL_ON_DEGRADED;
        if (onlyImpaired ? ev.state[mi] === UP : ev.state[mi] !== DOWN) continue;
        lost.push(m);
        const path = mi === c ? undefined : explainer.path(mi, c, onlyImpaired ? NEED_IMPAIRED : NEED_DOWN);
        if (path) evidence.push(path);
      }
      const isMember = members.includes(cause);
      out.push({
        kind: 'shared-fate',
        severity,
        fingerprint: `shared-fate:${owner}:${groupKey}:${cause}`,
        title: `the ${d.atLeast}-of-${members.length} group of ${owner} does not survive ${cause}: ${lost.length} of ${members.length} members lost`,
        owner,
        group: { atLeast: d.atLeast, members },
        cause,
        lost,
        location: d.pos,
        related: evidence.map((p) => ({ pos: p[1]!.via!.pos, message: `${p[0]!.id} depends on ${p[1]!.id}${p.length > 2 ? ` (… ${cause})` : ''}` })),
        evidence,
        remedy: isMember
          ? `other members of the group depend on ${cause}, itself a member: remove that dependency so members fail independently`
          : `members share ${cause}: give each member its own (or a redundant) ${cause}, e.g. per zone or per region, or add a member that does not depend on it`,
      });
    }
  }
  return out;
}
