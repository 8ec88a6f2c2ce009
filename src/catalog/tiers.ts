/**
 * Tiers left out. A service without `tier` counts as tier 2 ({@link DEFAULT_TIER}), and the
 * review's default targets are the tier 0-1 services, so a catalog without tiers (every
 * imported one) reviews nothing. These say so instead of reporting "no findings".
 */
import type { Diagnostic } from './diagnostics.js';
import { DEFAULT_TIER, type Catalog, type Service } from './model.js';

/** The highest tier the review targets by default. */
export const TARGET_TIER = 1;

export const tierDefaulted = (catalog: Catalog): Service[] => [...catalog.services.values()].filter((s) => s.tierDefaulted === true);

/** One warning per service without a tier, at its id. */
export function missingTierDiagnostics(catalog: Catalog): Diagnostic[] {
  return tierDefaulted(catalog).map((s) => ({
    code: 'missing-tier',
    severity: 'warning',
    message: `service "${s.id}" has no tier: it counts as tier ${DEFAULT_TIER}, so the review computes no single points of failure for it`,
    pos: s.pos,
    hint: 'set `tier:` 0 (most critical) to 3; review targets tier 0-1 services by default',
  }));
}

/**
 * Warnings for `blast review` about its default targets, as lines: none when the review was
 * given targets, or when every service states its tier and some are tier 0-1.
 */
export function reviewTierWarnings(catalog: Catalog, targetCount: number, explicitTargets: boolean): string[] {
  if (explicitTargets) return [];
  const out: string[] = [];
  const missing = tierDefaulted(catalog);
  if (targetCount === 0) {
    out.push(`0 targets: no service has tier ≤ ${TARGET_TIER}${missing.length ? ` (${missing.length} of ${catalog.services.size} have no tier and count as tier ${DEFAULT_TIER})` : ''}; set tiers, or name targets with --target <id>`);
  } else if (missing.length) {
    const names = missing.slice(0, 5).map((s) => s.id).join(', ');
    const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
    out.push(
      missing.length === 1
        ? `1 service has no tier and counts as tier ${DEFAULT_TIER}, so it is not a review target: ${names}; set its tier (\`blast validate --strict\` lists services without one)`
        : `${missing.length} services have no tier and count as tier ${DEFAULT_TIER}, so they are not review targets: ${names}${more}; set their tiers (\`blast validate --strict\` lists them)`,
    );
  }
  return out;
}
