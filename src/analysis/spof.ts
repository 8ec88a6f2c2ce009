/**
 * Single points of failure: for each critical service, every service whose failure alone
 * takes it down, with redundancy groups respected exactly (a group member is a SPOF only
 * when its failure costs the group its quorum, directly or through shared dependencies).
 * The sets come from the single-failure sweep; this file turns them into findings.
 */
import type { Catalog } from '../catalog/model.js';
import type { CompiledGraph } from '../graph/compile.js';
import { Explainer } from './evidence.js';
import { severityForTier, type SpofFinding } from './findings.js';
import { FailureEvaluator } from './semantics.js';

/**
 * Findings for `causes` (target index → the services whose single failure takes it down).
 * Evidence: the shortest explaining path from the target to the cause; the finding's
 * location is the target's own dependency entry that starts that path.
 */
export function spofFindings(catalog: Catalog, cg: CompiledGraph, causes: ReadonlyMap<number, readonly number[]>, ev = new FailureEvaluator(cg)): SpofFinding[] {
  // Group by cause so each failure is evaluated once, whatever the number of targets.
  const byCause = new Map<number, number[]>();
  for (const [t, cs] of causes) for (const c of cs) (byCause.get(c) ?? byCause.set(c, []).get(c)!).push(t);
  const explainer = new Explainer(catalog, cg, ev);
  const out: SpofFinding[] = [];
  for (const [c, targets] of [...byCause].sort((a, b) => a[0] - b[0])) {
    ev.run([c]);
    explainer.towards(c);
    const cause = cg.ids[c]!;
    const causeSvc = catalog.services.get(cause)!;
    for (const t of targets) {
      const target = cg.ids[t]!;
      const svc = catalog.services.get(target)!;
      const path = explainer.path(t, c) ?? [];
      const first = path[1]?.via;
      const throughGroup = path.find((p) => p.via?.group);
      const hops = path.length - 1;
      const related = path.slice(2).map((p, i) => ({ pos: p.via!.pos, message: `${path[i + 1]!.id} depends on ${p.id}` }));
      out.push({
        kind: 'spof',
        severity: severityForTier(svc.tier),
        fingerprint: `spof:${target}:${cause}`,
        title: `${cause} is a single point of failure for ${target} (tier ${svc.tier})${hops > 1 ? `, ${hops} hops away` : ''}`,
        target,
        cause,
        location: first?.pos ?? svc.pos,
        related,
        evidence: path.length ? [path] : [],
        remedy: throughGroup
          ? `the redundancy group of ${path[path.indexOf(throughGroup) - 1]!.id} does not protect against ${cause}: give its members independent dependencies (see the shared-fate finding)`
          : `make ${cause} redundant for ${target} (a redundancy group whose members do not share a dependency), or make the dependency soft or async if ${target} can work without ${causeSvc.name}`,
      });
    }
  }
  return out;
}
