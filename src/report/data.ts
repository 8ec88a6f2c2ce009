/**
 * The report's data: what `blast report` renders, as one value (`report --json`). The
 * simulation result is the `simulate --json` contract (docs/model.md); the rest is what the
 * report adds: the trigger and the operators' actions at their median times, each affected
 * service's system and owner, the architecture findings that touch the affected services,
 * Monte Carlo percentiles, the comparison with observed milestones, and (with `--advise`) the
 * advisor's ranked changes with their patches. Pure.
 */
import type { ReportInput } from './markdown/input.js';
import { adviceData } from '../advise/render.js';

/** The first key of every JSON report: lets `-o` recognise a file it wrote before. */
export const JSON_REPORT_MARKER = '{\n  "generatedBy": "blast report"';

/** The report's data as a plain value (non-finite numbers are left to the serializer). */
export function reportData(input: ReportInput): Record<string, unknown> {
  const affected = new Set(input.result.services.filter((s) => s.impactStartMinutes !== null).map((s) => s.id));
  return {
    generatedBy: 'blast report',
    catalog: input.context.catalogName,
    scenarioDescription: input.context.scenarioDescription,
    faults: input.context.faults,
    actions: input.context.actions,
    // system and owner of each affected service, in catalog order, for grouping
    services: [...input.context.services.entries()].filter(([id]) => affected.has(id)).map(([id, info]) => ({ id, system: info.system, owner: info.owner })),
    simulation: input.result,
    monteCarlo: input.monteCarlo ?? null,
    findings: input.findings ?? [],
    observed: input.replay ?? null,
    // only with --advise: the advisor's result as `blast advise --json` writes it, and the patches shown
    ...(input.advice ? { advice: { ...adviceData(input.advice.advice), rows: input.advice.rows, patches: input.advice.patches } } : {}),
  };
}
