/**
 * Shell: what the explorer's advisor (advisor.ts) asks of the explorer's worker thread
 * (explorer-worker.ts), and how the worker answers: the advisor's steps (state/advice.ts), one
 * message each (plan, baseline, then one per candidate). What comes back is measures and
 * recovery curves, never whole simulation results (megabytes at 20,000 services).
 */
import type { Catalog } from '../catalog/model.js';
import type { ScenarioInput } from '../engine/index.js';
import { baselineMeasure, planAdvice, runCandidate, type AdvicePlan } from './state/advice.js';

/** The advisor's steps (state/advice.ts), one message each; a plan's steps name it. */
export type AdviceJob =
  | { readonly kind: 'plan'; readonly plan: number; readonly service: string; readonly input: ScenarioInput; readonly rank: Uint32Array }
  | { readonly kind: 'baseline'; readonly plan: number }
  | { readonly kind: 'candidate'; readonly plan: number; readonly k: number };

/** The worker's side: answers the advisor's steps on `catalog`, remembering the plan under way. */
export function adviceSteps(catalog: Catalog): (job: AdviceJob) => unknown {
  let current: { plan: number; input: ScenarioInput; planned: AdvicePlan } | null = null;
  return (job) => {
    if (job.kind === 'plan') {
      const planned = planAdvice(catalog, job.rank, job.service, job.input);
      current = { plan: job.plan, input: job.input, planned };
      return planned;
    }
    // a step of a plan given up (the user asked about another service): nobody waits for it
    if (current?.plan !== job.plan) return null;
    if (job.kind === 'baseline') return baselineMeasure(catalog, current.input);
    return runCandidate(catalog, current.input, current.planned.chosen[job.k]!);
  };
}
