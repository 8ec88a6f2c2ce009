/**
 * Architecture findings for a report: the SPOF and shared-fate findings of the review
 * analyses (src/analysis) that touch the affected services, regrouped for a reader of an
 * incident: one entry per single point of failure (with every affected service it takes
 * down alone), one per redundancy group that a single failure defeats. Pure.
 */
import { severityForTier, severityRank, sharedFateRemedy, spofTargetTier, type Finding, type Severity } from '../analysis/index.js';
import type { ReportFinding } from './markdown/input.js';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Regroups review findings: SPOFs by their cause, keeping the affected targets; shared
 * fate when its owner, cause or lost members include an affected service. Other kinds are
 * left out. Order: most severe first, then widest, then by id.
 */
export function reportFindings(findings: readonly Finding[], affected: ReadonlySet<string>): ReportFinding[] {
  const spofs = new Map<string, { severity: Severity; targets: string[] }>();
  const out: ReportFinding[] = [];
  for (const f of findings) {
    if (f.kind === 'spof') {
      // One finding per cause, targets most critical first: the first affected one sets the severity.
      const hit = f.targets.flatMap((t, i) => (affected.has(t) ? [i] : []));
      if (hit.length > 0) spofs.set(f.cause, { severity: severityForTier(spofTargetTier(f, hit[0]!)), targets: hit.map((i) => f.targets[i]!) });
    } else if (f.kind === 'shared-fate') {
      // One row per defeating failure that touches the affected services.
      f.causes.forEach((cause, i) => {
        const lost = f.lostBy[i]!;
        if (![f.owner, cause, ...lost].some((s) => affected.has(s))) return;
        out.push({
          kind: 'shared-fate',
          severity: f.severity,
          owner: f.owner,
          atLeast: f.group.atLeast,
          members: [...f.group.members],
          cause,
          lost: [...lost].sort(byString),
          remedy: sharedFateRemedy(cause, f.group.members.includes(cause)),
        });
      });
    }
  }
  for (const [cause, { severity, targets }] of spofs) out.push({ kind: 'spof', severity, cause, targets: targets.sort(byString) });
  const width = (f: ReportFinding): number => (f.kind === 'spof' ? f.targets.length : f.lost.length);
  return out.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || width(b) - width(a) || byString(a.kind, b.kind) || byString(a.cause, b.cause) || byString(a.kind === 'shared-fate' ? a.owner : '', b.kind === 'shared-fate' ? b.owner : ''));
}
