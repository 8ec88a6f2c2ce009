/**
 * The incident library table of docs/incidents.md: replays (and fits) every catalog under
 * catalogs/incidents/*\/ (each with one scenario carrying observed: milestones) and the
 * bundled AWS 2025-10-20 scenario, and writes the table between the markers of the doc.
 *
 *   npx tsx scripts/incidents.ts            # rewrite the table in docs/incidents.md
 *   npx tsx scripts/incidents.ts --print    # print it instead
 *   npx tsx scripts/incidents.ts --priors   # the shared priors each incident is predicted with (leave-one-incident-out)
 *
 * It also writes the Monte Carlo coverage table (src/replay/coverage.ts) between its own markers.
 * test/replay/incidents-doc.test.ts checks both tables against a fresh run.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../src/catalog/load.js';
import { isError } from '../src/catalog/diagnostics.js';
import { inProcessExecutor } from '../src/fit/executor.js';
import { libraryRows, libraryTable, type LibraryEntry } from '../src/replay/library.js';
import { coverageRow, coverageTable } from '../src/replay/coverage.js';
import { writeFileAtomic } from '../src/cli/io.js';
import { PRIORS, formatPriorValue, type PriorName } from '../src/engine/priors.js';
import type { Distribution } from '../src/catalog/model.js';
import { scriptOptions } from './options.js';

const median = (d: Distribution): number => (d.kind === 'lognormal' ? d.p50 : d.kind === 'uniform' ? (d.min + d.max) / 2 : d.value);

export const DOC = 'docs/incidents.md';
export const START = '<!-- incidents-table:start -->\n';
export const END = '\n<!-- incidents-table:end -->';
export const COVERAGE_START = '<!-- incidents-coverage:start -->\n';
export const COVERAGE_END = '\n<!-- incidents-coverage:end -->';
const INCIDENTS = 'catalogs/incidents';
const AWS = { path: 'catalogs/aws-us-east-1', scenario: '2025-10-20-dynamodb-dns' };

/** The library: the AWS scenario, then every incident catalog in directory order (dates first). */
export function discoverIncidents(root = '.'): LibraryEntry[] {
  const entries: LibraryEntry[] = [];
  const load = (path: string) => {
    const res = loadCatalog(join(root, path));
    if (!res.catalog) {
      const d = res.diagnostics.find(isError);
      throw new Error(`${path} is not a valid catalog: ${d ? `${d.pos?.file}:${d.pos?.line}:${d.pos?.col}: ${d.message}` : 'unknown problem'} (run blast validate ${path})`);
    }
    return res.catalog;
  };
  const aws = load(AWS.path);
  entries.push({ path: AWS.path, catalog: aws, scenario: aws.scenarios.get(AWS.scenario)! });
  const dir = join(root, INCIDENTS);
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).filter((n) => !n.startsWith('.') && statSync(join(dir, n)).isDirectory()).sort()) {
      const path = `${INCIDENTS}/${name}`;
      const catalog = load(path);
      const observed = [...catalog.scenarios.values()].filter((s) => s.observed?.length);
      if (observed.length !== 1) throw new Error(`${path}: expected exactly one scenario with observed: milestones, found ${observed.length}`);
      entries.push({ path, catalog, scenario: observed[0]! });
    }
  }
  return entries;
}

/** The table for the current library. */
export async function incidentsTable(root = '.'): Promise<string> {
  return libraryTable(await libraryRows(discoverIncidents(root), (prob) => inProcessExecutor(prob)));
}

/** The Monte Carlo coverage table (docs/incidents.md, "Are the ranges honest?") for the current library. */
export function incidentsCoverage(root = '.'): string {
  return coverageTable(discoverIncidents(root).map((e) => coverageRow(e)));
}

/** The table embedded in the doc between `start` and `end` (the library table by default), or undefined without markers. */
export function embeddedTable(doc: string, start = START, end = END): string | undefined {
  return doc.split(start)[1]?.split(end)[0];
}

/** `doc` with the text between `start` and `end` replaced by `table`. */
function embed(doc: string, start: string, end: string, table: string): string {
  const [before, rest] = doc.split(start);
  const after = rest?.split(end)[1];
  if (before === undefined || after === undefined) throw new Error(`${DOC} has no ${start.trim()} … ${end.trim()} markers`);
  return `${before}${start}${table}${end}${after}`;
}

const USAGE = `
Usage: npx tsx scripts/incidents.ts [--print | --priors]
Replays (and fits) every incident under catalogs/incidents/ and the bundled AWS 2025-10-20 scenario.
  (no option)  rewrite the library and coverage tables in docs/incidents.md
  --print      print the tables instead
  --priors     the shared priors each incident is predicted with (leave-one-incident-out)`;

async function main(): Promise<void> {
  const opts = scriptOptions(USAGE, ['--print', '--priors']);
  if (opts.has('--priors')) {
    for (const r of await libraryRows(discoverIncidents(), (prob) => inProcessExecutor(prob))) {
      if (r.loioPriors.length) console.log(`${r.scenario}: ${r.loioPriors.map(([k, v]) => `${k} ${formatPriorValue(k, v)}`).join(', ')} (fitted on the other incidents; defaults: ${r.loioPriors.map(([k]) => `${k} ${formatPriorValue(k, median(PRIORS[k as PriorName].dist))}`).join(', ')})`);
    }
    return;
  }
  const table = await incidentsTable();
  const coverage = incidentsCoverage();
  if (opts.has('--print')) {
    console.log(`${table}\n\n${coverage}`);
    return;
  }
  const doc = readFileSync(DOC, 'utf8');
  writeFileAtomic(DOC, embed(embed(doc, START, END, table), COVERAGE_START, COVERAGE_END, coverage));
  console.log(`wrote the tables of ${table.split('\n').length - 2} incident(s) into ${DOC}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
