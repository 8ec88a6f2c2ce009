/**
 * The advisor on a review's cell-loss finding (`blast review --advise`, docs/review.md, "Cell
 * loss"): the finding's own input, the loss of its cells in every service that has one of them
 * for the finding's duration (as src/analysis/cell-loss.ts simulates it), and the best ranked
 * candidate on it (a point estimate, parameters at their medians).
 */
import type { Catalog } from '../catalog/model.js';
import type { CellLossFinding } from '../analysis/findings.js';
import type { ScenarioInput } from '../engine/model.js';
import { advise } from './advise.js';
import type { Evaluated } from './model.js';

/** The faults of a cell loss: `<service>@<cell>` for every service with one of the lost cells. */
export function cellLossInput(catalog: Catalog, lost: readonly string[], forMinutes: number): ScenarioInput {
  const fail = [...catalog.services.values()].flatMap((s) => (s.cells ? s.cells.names.filter((c) => lost.includes(c)).map((c) => `${s.id}@${c}`) : []));
  return { fail, forMinutes };
}

/** "cell a", or a group's "us-east-1 (use1-az1, use1-az2 and use1-az3)", as the finding's title names it. */
export function lossText(lost: string, cells: readonly string[]): string {
  if (cells.length === 1 && cells[0] === lost) return `cell ${lost}`;
  const list = cells.length <= 1 ? cells.join('') : `${cells.slice(0, -1).join(', ')} and ${cells[cells.length - 1]}`;
  return `${lost} (${list})`;
}

/** The best ranked candidate with positive savings on the finding's cell loss (undefined: none). */
export async function bestForCellLoss(catalog: Catalog, f: CellLossFinding): Promise<Evaluated | undefined> {
  const input = cellLossInput(catalog, f.cells, f.forMinutes);
  const a = await advise(catalog, { trials: 0, seed: 1, screen: 12, bundle: 0, runbookMinutes: 10, inputs: [{ label: `lose ${lossText(f.lost, f.cells)}`, input }] });
  return a.ranked.find((e) => e.benefit.serviceHours > 0);
}
