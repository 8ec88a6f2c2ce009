/** Resolves `--scenario` / `--fail --for` options into an engine input, with clear errors. */
import type { Command } from 'commander';
import type { Catalog } from '../catalog/model.js';
import { collectServiceIds, parseFaultDurationOption } from './options.js';
import type { ScenarioInput } from '../engine/model.js';
import { UserError } from './io.js';
import { safeText, suggest } from '../util/text.js';

export interface ScenarioOptions {
  scenario?: string;
  fail?: string[];
  for?: number;
}

/**
 * What to simulate: `--scenario`, or `--fail` with `--for`; with `onlyByDefault` and neither
 * given, the catalog's scenario when it has exactly one (an incident of catalogs/incidents).
 */
export function resolveScenario(catalog: Catalog, opts: ScenarioOptions, onlyByDefault = false): ScenarioInput {
  if (onlyByDefault && opts.scenario === undefined && !opts.fail?.length && catalog.scenarios.size === 1) {
    return { scenario: [...catalog.scenarios.values()][0]! };
  }
  if (opts.scenario !== undefined && opts.fail?.length) {
    throw new UserError('give either --scenario or --fail, not both');
  }
  if (opts.scenario !== undefined) {
    const sc = catalog.scenarios.get(opts.scenario);
    if (!sc) {
      const [best] = suggest(opts.scenario, catalog.scenarios.keys());
      const list = [...catalog.scenarios.keys()];
      throw new UserError(
        `no scenario "${safeText(opts.scenario)}" in this catalog`,
        best ? `did you mean "${best}"?` : list.length ? `scenarios: ${list.join(', ')}` : 'this catalog defines no scenarios; use --fail <service> --for <duration>',
      );
    }
    return { scenario: sc };
  }
  if (opts.fail?.length) {
    const ids = [...opts.fail];
    for (const id of ids) {
      // one cell of a service with cells: <service>@<cell> (docs/catalog.md, "Cells, zones and regions")
      const at = id.indexOf('@');
      const cells = at > 0 ? catalog.services.get(id.slice(0, at))?.cells : undefined;
      if (cells) {
        const cell = id.slice(at + 1);
        if (!cells.names.includes(cell)) {
          const [best] = suggest(cell, cells.names);
          throw new UserError(`${safeText(id.slice(0, at))} has no cell "${safeText(cell)}"`, best ? `did you mean "${safeText(id.slice(0, at))}@${best}"? (cells: ${cells.names.join(', ')})` : `cells: ${cells.names.join(', ')}`);
        }
        continue;
      }
      if (!catalog.services.has(id)) {
        const [best] = suggest(id, catalog.services.keys());
        throw new UserError(`no service "${safeText(id)}" in this catalog`, best ? `did you mean "${best}"?` : 'run `blast show <catalog>` to list services');
      }
    }
    const forMinutes = opts.for ?? 60;
    return { fail: ids, forMinutes: Number.isFinite(forMinutes) ? forMinutes : null };
  }
  const list = [...catalog.scenarios.keys()];
  throw new UserError(
    'nothing to simulate: give --scenario <id> or --fail <service> --for <duration>',
    list.length ? `this catalog's scenarios: ${list.join(', ')}` : 'e.g. --fail dns --for 30m',
  );
}

/**
 * Adds the options that choose what fails: `--scenario`, or `--fail` with `--for`
 * (`onlyByDefault`: the command runs a catalog's only scenario when given neither).
 */
export function scenarioOptions(cmd: Command, onlyByDefault = false): Command {
  return cmd
    .option('-s, --scenario <id>', `one of the catalog's scenarios${onlyByDefault ? ' (default: its only one, if it has one)' : ''}`)
    .option('-f, --fail <service>', 'fail this service (repeat or comma-separate for several)', collectServiceIds)
    .option('--for <duration>', 'how long the --fail fault lasts, e.g. 30m, 2h, or never (default 1h)', parseFaultDurationOption);
}
