/** Shared by the report tests: loading fixtures and building a report as `blast report` does. */
import { loadCatalog } from '../../src/catalog/load.js';
import type { Catalog } from '../../src/catalog/model.js';
import type { ScenarioInput } from '../../src/engine/index.js';
import { impactReport, type ReportOptions } from '../../src/report/index.js';

export function load(path: string): Catalog {
  const res = loadCatalog(path);
  if (!res.catalog) throw new Error(`fixture ${path} is invalid`);
  return res.catalog;
}

/** The report as `blast report` builds it, without the CLI. */
export function reportOf(catalog: Catalog, input: ScenarioInput, opts: { trials?: number; seed?: number; options?: Partial<ReportOptions> } = {}): string {
  return impactReport(catalog, input, { ...(opts.trials ? { trials: opts.trials } : {}), ...(opts.seed !== undefined ? { seed: opts.seed } : {}), ...(opts.options ? { render: opts.options } : {}) });
}
