/**
 * What `blast --help` lists of each command, without loading it: its name, its arguments,
 * whether it has options (shown as `[options]`) and its description, in the order of the
 * help. Each command module registers the full command (src/cli/commands/*); the top-level
 * help needs only these lines, and loading every command module for them (the engine, the
 * reports, the analyses) was most of what `blast --help` cost. test/cli/command-summaries.test.ts
 * checks this table against the commands the modules register, and the help printed from it
 * against the help printed from them.
 */
export interface CommandSummary {
  readonly name: string;
  /** The arguments as commander's `.arguments()` reads them ('' for none). */
  readonly args: string;
  readonly options: boolean;
  readonly description: string;
}

export const COMMAND_SUMMARIES: readonly CommandSummary[] = [
  { name: 'validate', args: '<catalog>', options: true, description: 'check a catalog: schema, references, redundancy groups, cycles; every problem with file:line:col' },
  { name: 'show', args: '<catalog> [service]', options: true, description: "a catalog summary, or a service's dependencies and dependents as trees" },
  { name: 'simulate', args: '<catalog>', options: true, description: 'replay a failure in time: the cascade, the time to full recovery, and why (critical path)' },
  { name: 'report', args: '<catalog>', options: true, description: 'an impact report (summary, critical path, timeline, diagrams, recommendations): markdown for GitHub, or an interactive HTML page' },
  { name: 'replay', args: '<catalog>', options: true, description: "compare a scenario's simulation with what was observed (its observed: milestones)" },
  { name: 'fit', args: '<catalog>', options: true, description: "fit the catalog's free parameters (free: true) to a scenario's observed milestones" },
  { name: 'priors', args: '[name]', options: true, description: 'the documented priors a catalog can name instead of inventing a number ({prior: <name>}): the table, or one with its sources' },
  { name: 'review', args: '<catalog>', options: true, description: 'architecture review: single points of failure, shared fate (false redundancy), cold-start cycles, tier inversions, minimal cut sets, cell loss (zones and regions lost, simulated)' },
  { name: 'rank', args: '<catalog>', options: true, description: 'rank services by blast radius: how many others their failure alone takes down or degrades, tier-weighted' },
  { name: 'advise', args: '<catalog>', options: true, description: 'which change to the catalog buys the most recovery: candidate fixes, each simulated, ranked by impact removed' },
  { name: 'diff', args: '<base> [head]', options: true, description: 'compare two catalogs for review: new and removed SPOFs, shared fate, cycles, and blast-radius growth per service' },
  { name: 'graph', args: '<catalog>', options: true, description: 'the dependency graph as Graphviz DOT, mermaid, GraphML, GEXF or graphology JSON, whole or narrowed, optionally coloured by a scenario' },
  { name: 'compare', args: '<catalog>', options: true, description: 'compare two simulations: two scenarios, or one scenario on two catalogs (another directory, or a git revision)' },
  { name: 'merge', args: '<partials...>', options: false, description: 'combine the partial results of a sharded run (simulate --trials --shard i/n, or rank --for --shard i/n) into the output of one run' },
  { name: 'explore', args: '<catalog>', options: true, description: 'browse a catalog in the terminal: search services, fail one, watch the cascade on a timeline' },
  { name: 'import', args: '<format> <input...>', options: true, description: 'build a catalog from Backstage, Compose, Jaeger, OpenTelemetry service graphs or terraform graph' },
  { name: 'start', args: '', options: true, description: 'the main job on the bundled AWS us-east-1 catalog (what `npm start` runs): the explorer playing the 2025-10-20 scenario in a terminal, else its simulation summary' },
];

/** True when `argv` gets the top-level help and nothing else: no arguments, or only -h, --help and --no-color. */
export const asksTopLevelHelp = (argv: readonly string[]): boolean => argv.every((a) => a === '--help' || a === '-h' || a === '--no-color');
