/**
 * Tier inversions: a service depending hard (or failOn: degraded) on a service two or more
 * tiers less critical (tier 0 on tier 2–3, tier 1 on tier 3), so the critical service is
 * only as available as something nobody promised to keep available. Direct plain
 * dependencies only: a redundancy group of less critical members is a deliberate design,
 * and transitive effects are what the SPOF findings report.
 */
import type { Catalog } from '../catalog/model.js';
import type { CompiledGraph } from '../graph/compile.js';
import { memberPos, step } from './evidence.js';
import type { TierInversionFinding } from './findings.js';
import { isBlocking, requirementModes } from './semantics.js';

export function tierInversionFindings(catalog: Catalog, cg: CompiledGraph, mode = requirementModes(cg)): TierInversionFinding[] {
  const out: TierInversionFinding[] = [];
  for (let s = 0; s < cg.n; s++) {
    for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++) {
      if (!isBlocking(mode[r]!) || cg.memberStart[r + 1]! - cg.memberStart[r]! !== 1) continue;
      const x = cg.reqMembers[cg.memberStart[r]!]!;
      const fromTier = cg.tier[s]!;
      const toTier = cg.tier[x]!;
      if (toTier - fromTier < 2) continue;
      const from = cg.ids[s]!;
      const to = cg.ids[x]!;
      const dep = catalog.services.get(from)!.dependsOn[r - cg.reqStart[s]!]!;
      const pos = memberPos(catalog, cg, r, to);
      out.push({
        kind: 'tier-inversion',
        severity: fromTier === 0 ? 'medium' : 'low',
        fingerprint: `tier-inversion:${from}:${to}`,
        title: `${from} (tier ${fromTier}) depends ${dep.failOn === 'degraded' ? 'with failOn: degraded' : 'hard'} on ${to} (tier ${toTier})`,
        from,
        fromTier,
        to,
        toTier,
        location: pos,
        related: [{ pos: catalog.services.get(to)!.pos, message: `${to} is declared tier ${toTier}` }],
        evidence: [[step(catalog, from), step(catalog, to, { type: dep.type, failOn: dep.failOn, pos })]],
        remedy: `raise ${to} to tier ${fromTier + 1} or better, or make the dependency soft or async if ${from} can work without it`,
      });
    }
  }
  return out;
}
