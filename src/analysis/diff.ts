/**
 * The review view of a catalog change: findings that appear and disappear between two
 * catalogs (matched by fingerprint, so moving text around is not a change), and how each
 * service's blast radius grows or shrinks.
 */
import type { Finding, Severity } from './findings.js';
import { compareFindings, escalated, moreSevere } from './findings.js';
import type { RankRow } from './rank.js';
import type { ReviewResult } from './review.js';

export interface RadiusChange {
  readonly id: string;
  readonly name: string;
  readonly tier: number;
  /** Blast radius in the base catalog, null when the service is new. */
  readonly before: number | null;
  /** Blast radius in the head catalog, null when the service was removed. */
  readonly after: number | null;
  /** after - before (a new service counts from 0, a removed one to 0). */
  readonly delta: number;
  readonly weightedBefore: number | null;
  readonly weightedAfter: number | null;
}

export interface ReviewDiff {
  readonly base: { readonly catalog: string | null; readonly services: number };
  readonly head: { readonly catalog: string | null; readonly services: number };
  /**
   * Findings in head and not in base, and findings in both that are more severe in head
   * (marked `escalatedFrom`: a SPOF that gained a tier-0 target), most severe first.
   */
  readonly added: readonly Finding[];
  /** Findings in base and not in head, most severe first (positions are the base's). */
  readonly removed: readonly Finding[];
  /** Services whose blast radius changed (or that were added or removed), largest growth first. */
  readonly radius: readonly RadiusChange[];
  readonly addedServices: readonly string[];
  readonly removedServices: readonly string[];
}

export function diffReviews(base: ReviewResult, head: ReviewResult, baseRank: readonly RankRow[], headRank: readonly RankRow[]): ReviewDiff {
  const baseFp = new Map<string, Severity>(base.findings.map((f) => [f.fingerprint, f.severity]));
  const headFp = new Set(head.findings.map((f) => f.fingerprint));
  const added: Finding[] = [];
  for (const f of head.findings) {
    const was = baseFp.get(f.fingerprint);
    if (was === undefined) added.push(f);
    else if (moreSevere(f.severity, was)) added.push(escalated(f, was, 'before this change'));
  }
  added.sort(compareFindings);
  const removed = base.findings.filter((f) => !headFp.has(f.fingerprint)).sort(compareFindings);
  const before = new Map(baseRank.map((r) => [r.id, r]));
  const after = new Map(headRank.map((r) => [r.id, r]));
  const radius: RadiusChange[] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(id);
    const a = after.get(id);
    const delta = (a?.blastRadius ?? 0) - (b?.blastRadius ?? 0);
    if (b && a && delta === 0 && a.weighted === b.weighted) continue;
    const r = (a ?? b)!;
    radius.push({
      id,
      name: r.name,
      tier: r.tier,
      before: b?.blastRadius ?? null,
      after: a?.blastRadius ?? null,
      delta,
      weightedBefore: b?.weighted ?? null,
      weightedAfter: a?.weighted ?? null,
    });
  }
  radius.sort((x, y) => y.delta - x.delta || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return {
    base: { catalog: base.catalog, services: base.services },
    head: { catalog: head.catalog, services: head.services },
    added,
    removed,
    radius,
    addedServices: [...after.keys()].filter((id) => !before.has(id)).sort(),
    removedServices: [...before.keys()].filter((id) => !after.has(id)).sort(),
  };
}
