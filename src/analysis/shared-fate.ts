/**
 * Shared fate (false redundancy): redundancy groups that one failure defeats, because
 * enough of their members depend, directly or transitively, on a common service (three
 * zones behind one regional control plane; three DNS Enactors reading one plan store).
 * A group "defeated" by a failure loses what it is for: a hard group its quorum (its owner
 * goes down), a soft or failOn: degraded group its quorum of healthy members.
 *
 * Cost: one failure evaluation per distinct cause (not per group and cause: a few hub
 * services defeat most groups), and one evidence path per lost member of each group's
 * first cause, shared by every group that member belongs to. One finding per group, so the
 * output grows with the groups, not with groups × the hubs under them.
 */
import type { Catalog } from '../catalog/model.js';
import type { CompiledGraph } from '../graph/compile.js';
import { dependencyOf, Explainer, NEED_DOWN, NEED_IMPAIRED } from './evidence.js';
import type { PathStep, RelatedLocation, SharedFateFinding, Severity } from './findings.js';
import { DOWN, FailureEvaluator, MODE_FAIL_ON_DEGRADED, MODE_SOFT, UP } from './semantics.js';

/** What every finding about one group shares. */
interface GroupFacts {
  readonly owner: string;
  readonly atLeast: number;
  readonly members: readonly string[];
  /** Distinct members, sorted by id, and their indices. */
  readonly sortedIds: readonly string[];
  readonly sortedIdx: readonly number[];
  readonly groupKey: string;
  readonly severity: Severity;
  /** Soft or failOn: degraded: a member counts as lost when it is not up (else when down). */
  readonly onlyImpaired: boolean;
  readonly location: SharedFateFinding['location'];
}

/**
 * Findings for `groupCauses` (requirement index → services whose single failure defeats
 * that group), as computed by the sweep. Groups that need every member (atLeast = size) are
 * not redundant to begin with and are skipped; their members show up as SPOFs instead.
 * One finding per group, in requirement order: every single failure that defeats it, the
 * one that loses the most members first (ties: catalog order, as the rest), with the
 * evidence of that one.
 */
export function sharedFateFindings(catalog: Catalog, cg: CompiledGraph, groupCauses: ReadonlyMap<number, readonly number[]>, ev = new FailureEvaluator(cg)): SharedFateFinding[] {
  const groups: GroupFacts[] = [];
  // For each cause, the findings it explains: pairs (group, slot in the output).
  const byCause = new Map<number, number[]>();
  for (const [r, causes] of [...groupCauses].sort((a, b) => a[0] - b[0])) {
    const d = dependencyOf(catalog, cg, r);
    if (!d.group || d.atLeast >= d.of.length || causes.length === 0) continue;
    const owner = cg.ids[cg.reqOwner[r]!]!;
    const sortedIds = [...new Set(d.of)].sort();
    const soft = ev.mode[r] === MODE_SOFT;
    const g = groups.length;
    groups.push({
      owner,
      atLeast: d.atLeast,
      members: [...d.of],
      sortedIds,
      sortedIdx: sortedIds.map((m) => cg.index.get(m)!),
      groupKey: sortedIds.join('+'),
      severity: soft ? 'low' : catalog.services.get(owner)!.tier <= 1 ? 'high' : 'medium',
      onlyImpaired: soft || ev.mode[r] === MODE_FAIL_ON_DEGRADED,
      location: d.pos,
    });
    for (const c of causes) {
      const list = byCause.get(c);
      if (list) list.push(g, 0);
      else byCause.set(c, [g, 0]);
    }
  }
  // First pass: for each group, every cause's lost-member count; the primary cause is the one
  // that loses the most members (ties: the first in catalog order).
  const best = groups.map(() => ({ cause: -1, lost: -1 }));
  const causesOf: number[][] = groups.map(() => []);
  const lostOf: string[][][] = groups.map(() => []);
  const sortedCauses = [...byCause.keys()].sort((a, b) => a - b);
  for (const c of sortedCauses) {
    ev.run([c]);
    const list = byCause.get(c)!;
    for (let k = 0; k < list.length; k += 2) {
      const gi = list[k]!;
      const g = groups[gi]!;
      const lost: string[] = [];
      for (let j = 0; j < g.sortedIdx.length; j++) {
        const mi = g.sortedIdx[j]!;
        if (g.onlyImpaired ? ev.state[mi] !== UP : ev.state[mi] === DOWN) lost.push(g.sortedIds[j]!);
      }
      causesOf[gi]!.push(c);
      lostOf[gi]!.push(lost);
      if (lost.length > best[gi]!.lost) best[gi] = { cause: c, lost: lost.length };
    }
  }
  // Second pass: the evidence of each group's primary cause, one evaluation per distinct cause.
  const byPrimary = new Map<number, number[]>();
  groups.forEach((_, gi) => (byPrimary.get(best[gi]!.cause) ?? byPrimary.set(best[gi]!.cause, []).get(best[gi]!.cause)!).push(gi));
  const out = new Array<SharedFateFinding>(groups.length);
  const explainer = new Explainer(catalog, cg, ev);
  // Evidence of the current cause, by member and need (index·2 + need); null: no path.
  const paths = new Map<number, { path: readonly PathStep[]; related: RelatedLocation } | null>();
  for (const c of [...byPrimary.keys()].sort((a, b) => a - b)) {
    ev.run([c]);
    explainer.towards(c);
    paths.clear();
    const cause = cg.ids[c]!;
    for (const gi of byPrimary.get(c)!) {
      const g = groups[gi]!;
      const lost: string[] = [];
      const evidence: (readonly PathStep[])[] = [];
      const related: RelatedLocation[] = [];
      const need = g.onlyImpaired ? NEED_IMPAIRED : NEED_DOWN;
      for (let j = 0; j < g.sortedIdx.length; j++) {
        const mi = g.sortedIdx[j]!;
        if (g.onlyImpaired ? ev.state[mi] === UP : ev.state[mi] !== DOWN) continue;
        lost.push(g.sortedIds[j]!);
        if (mi === c) continue;
        const key = mi * 2 + need;
        let e = paths.get(key);
        if (e === undefined) {
          const p = explainer.path(mi, c, need);
          e = p ? { path: p, related: { pos: p[1]!.via!.pos, message: `${p[0]!.id} depends on ${p[1]!.id}${p.length > 2 ? ` (… ${cause})` : ''}` } } : null;
          paths.set(key, e);
        }
        if (e) {
          evidence.push(e.path);
          related.push(e.related);
        }
      }
      const isMember = g.members.includes(cause);
      const all = causesOf[gi]!;
      const first = all.indexOf(c);
      const causes = [cause, ...all.filter((x) => x !== c).map((x) => cg.ids[x]!)];
      const lostBy = [lostOf[gi]![first]!, ...lostOf[gi]!.filter((_, i) => i !== first)];
      const others = causes.length - 1;
      out[gi] = {
        kind: 'shared-fate',
        severity: g.severity,
        fingerprint: `shared-fate:${g.owner}:${g.groupKey}`,
        title: `the ${g.atLeast}-of-${g.members.length} group of ${g.owner} does not survive ${cause}${others ? ` or ${others} other single failure${others === 1 ? '' : 's'}` : ''}: ${lost.length} of ${g.members.length} members lost`,
        owner: g.owner,
        group: { atLeast: g.atLeast, members: g.members },
        cause,
        causes,
        lostBy,
        lost,
        location: g.location,
        related,
        evidence,
        remedy: sharedFateRemedy(cause, isMember, others),
      };
    }
  }
  return out;
}

/** What to do about a group that `cause` defeats (`others`: how many more single failures also do). */
export function sharedFateRemedy(cause: string, isMember: boolean, others = 0): string {
  return isMember
    ? `other members of the group depend on ${cause}, itself a member: remove that dependency so members fail independently`
    : `members share ${cause}${others ? ` (and ${others} other service${others === 1 ? '' : 's'})` : ''}: give each member its own (or a redundant) ${cause}, e.g. per zone or per region, or add a member that does not depend on it`;
}
