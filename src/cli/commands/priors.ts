/**
 * `blast priors`: the documented priors a catalog can name instead of inventing a number
 * (`{prior: <name>}`; docs/model.md, "Priors"): the table, or one prior with its basis.
 */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { UserError } from '../io.js';
import { PRIORS, PRIOR_NAMES, priorDistributionText, type Prior, type PriorName } from '../../engine/priors.js';
import { hang, TEXT_WIDTH } from '../../util/wrap.js';
import { safeText, suggest } from '../../util/text.js';

const entry = (name: PriorName): Prior => PRIORS[name] as Prior;

const asJson = (name: PriorName): object => {
  const p = entry(name);
  return { name, unit: p.unit ?? 'minutes', distribution: p.dist, measures: p.measures, use: p.use, incidents: p.incidents, basis: p.basis };
};

function renderTable(): string {
  const width = Math.max(...PRIOR_NAMES.map((n) => n.length));
  const lines = PRIOR_NAMES.flatMap((n) => [hang(`${n.padEnd(width)}  `, `${priorDistributionText(n)}: ${entry(n).measures}`, TEXT_WIDTH)]);
  return [
    hang('', 'Priors: write {prior: <name>} in a catalog where the post-mortem gives no number (docs/model.md, "Priors"). Durations go wherever a duration does; a multiple (×) only in a backlog\'s capacity, times its arrival.', TEXT_WIDTH),
    '',
    ...lines,
    '',
    'blast priors <name> for one prior\'s sources and reasoning; --json for all of it.',
  ].join('\n');
}

function renderOne(name: PriorName): string {
  const p = entry(name);
  const row = (label: string, text: string): string => hang(`${label.padEnd(12)}`, text, TEXT_WIDTH);
  return [
    name,
    row('measures', p.measures),
    row('value', priorDistributionText(name)),
    row('use', p.use),
    row('incidents', p.incidents.length ? `${p.incidents.join(', ')} (leave-one-incident-out marks these as predicted with their own data)` : 'none of the incident library (sources outside it, or reasoning)'),
    row('basis', p.basis),
  ].join('\n');
}

export function registerPriors(program: Command, ctx: Context): void {
  program
    .command('priors')
    .description('the documented priors a catalog can name instead of inventing a number ({prior: <name>}): the table, or one with its sources')
    .argument('[name]', 'one prior, shown with its sources and reasoning')
    .option('--json', 'the priors (or the one named) as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ blast priors                     # the table: name, distribution, what it measures
  $ blast priors restart-fleet       # one prior with its sources
  $ blast priors --json

In a catalog:
  recovery: {time: {prior: restart-fleet}}                       # a duration
  restart: {units: 5, over: {prior: restore-per-tb, times: 5}}   # per unit of size, × 5
  backlog: {arrival: 4.9k/min, capacity: {prior: catch-up}}      # a multiple of the arrival`,
    )
    .action((name: string | undefined, opts: { json?: boolean }) => {
      if (name !== undefined && !(PRIOR_NAMES as readonly string[]).includes(name)) {
        const [near] = suggest(name, PRIOR_NAMES);
        throw new UserError(`no prior named "${safeText(name)}"`, near ? `did you mean "${near}"? (blast priors lists them all)` : 'blast priors lists them all');
      }
      const one = name as PriorName | undefined;
      if (opts.json) ctx.print(JSON.stringify(one ? asJson(one) : PRIOR_NAMES.map(asJson), null, 2));
      else ctx.print(one ? renderOne(one) : renderTable());
    });
}
