/**
 * Rules of shared draws (`draw: <name>` on a distribution; docs/catalog.md, "Shared draws"):
 * the parameters of one draw take the same quantile of their own distributions in each Monte
 * Carlo trial, which is well defined only when they are of one kind (all lognormal, priors
 * included, or all uniform); and a draw is not free (`blast fit` moves each parameter on its
 * own, which would pull a draw's parameters apart).
 */
import type { Diagnostic } from './diagnostics.js';
import type { Param, SourcePos } from './model.js';
import { PRIORS, type PriorName } from '../engine/priors.js';

type Drawn = Param & { readonly draw: string; readonly drawPos: SourcePos };

/** The kind of distribution a parameter is drawn from (a prior: its table entry's). */
const kindOf = (p: Param): string => (p.kind === 'prior' ? (PRIORS[p.name as PriorName]?.dist.kind ?? 'lognormal') : p.kind);
const at = (pos: SourcePos): string => `${pos.file}:${pos.line}:${pos.col}`;

export function sharedDraws({ drawn = [] }: { readonly drawn?: readonly Param[] }, out: Diagnostic[]): void {
  // the parameters composing read with a `draw` (compose-params.ts), in reading order: no walk over
  // every service and dependency of a large catalog for a key most never use
  const first = new Map<string, Drawn>();
  for (const p of drawn as readonly Drawn[]) {
    if (p.free) {
      out.push({ code: 'invalid-value', severity: 'error', message: `draw ${p.draw}: a shared draw cannot be free (blast fit moves each parameter on its own)`, pos: p.drawPos, hint: 'remove free, or remove draw to fit this parameter alone' });
    }
    const f = first.get(p.draw);
    if (!f) { first.set(p.draw, p); continue; }
    if (kindOf(f) !== kindOf(p)) {
      out.push({ code: 'invalid-value', severity: 'error', message: `draw ${p.draw}: a ${kindOf(p)} here and a ${kindOf(f)} at ${at(f.drawPos)}; the parameters of one draw take the same quantile, so they must be of one kind`, pos: p.drawPos, hint: 'write them all as {p50, p90} or priors (lognormal), or all as {min, max} (uniform), or give them different draws' });
    }
  }
}
