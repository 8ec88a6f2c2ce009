/** `blast review --cell-group <name>=<cells>`: groups of cells (regions) the cell-loss check loses together. */
import { InvalidArgumentError } from 'commander';
import type { Catalog } from '../../catalog/model.js';
import { cellNames, type CellLoss } from '../../analysis/cell-loss.js';
import { UserError } from '../io.js';
import { safeText, suggest } from '../../util/text.js';

/** `--cell-group us-east-1=use1-az1,use1-az2,use1-az3`, repeatable: a group of cells lost together. */
export const collectCellGroup = (value: string, previous: readonly CellLoss[] = []): CellLoss[] => {
  const eq = value.indexOf('=');
  const name = value.slice(0, eq).trim();
  const cells = value.slice(eq + 1).split(',').map((c) => c.trim());
  if (eq <= 0 || name === '' || cells.some((c) => c === '')) throw new InvalidArgumentError(`expected <name>=<cell>,<cell>,… such as us-east-1=use1-az1,use1-az2, got "${value}"`);
  return [...previous, { name, cells }];
};

/** Refuses a --cell-group naming a cell no service has, or a name already a cell's or another group's. */
export function checkCellGroups(catalog: Catalog, groups: readonly CellLoss[]): void {
  const known = cellNames(catalog);
  const names = new Set(known);
  for (const g of groups) {
    for (const c of g.cells) {
      if (known.includes(c)) continue;
      const [best] = suggest(c, known);
      throw new UserError(`--cell-group ${safeText(g.name)}: no service has a cell "${safeText(c)}"`, best ? `did you mean "${best}"?` : known.length ? `cells: ${known.join(', ')}` : 'this catalog has no cells');
    }
    if (names.has(g.name)) throw new UserError(`--cell-group ${safeText(g.name)}: the name is already a cell's or another group's`, 'name the group after what its cells share, e.g. a region');
    names.add(g.name);
  }
}
