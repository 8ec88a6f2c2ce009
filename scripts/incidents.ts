/**
 * The incident library table of docs/incidents.md: replays (and fits) every catalog under
 * catalogs/incidents/*\/ (each with one scenario carrying observed: milestones) and the
 * bundled AWS 2025-10-20 scenario, and writes the table between the markers of the doc.
 *
 *   npx tsx scripts/incidents.ts            # rewrite the table in docs/incidents.md
 *   npx tsx scripts/incidents.ts --print    # print it instead
 *
 * test/replay/incidents-doc.test.ts checks the doc's table against a fresh run.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../src/catalog/load.js';
import { isError } from '../src/catalog/diagnostics.js';
import { inProcessExecutor } from '../src/fit/executor.js';
import { libraryRows, libraryTable, type LibraryEntry } from '../src/replay/library.js';
import { writeFileAtomic } from '../src/cli/io.js';

export const DOC = 'docs/incidents.md';
export const START = '<!-- incidents-table:start -->\n';
export const END = '\n<!-- incidents-table:end -->';
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

/** The table embedded in the doc, or undefined without markers. */
export function embeddedTable(doc: string): string | undefined {
  return doc.split(START)[1]?.split(END)[0];
}

async function main(): Promise<void> {
  const table = await incidentsTable();
  if (process.argv.includes('--print')) {
    console.log(table);
    return;
  }
  const doc = readFileSync(DOC, 'utf8');
  const [before, rest] = doc.split(START);
  const after = rest?.split(END)[1];
  if (before === undefined || after === undefined) throw new Error(`${DOC} has no ${START.trim()} … ${END.trim()} markers`);
  writeFileAtomic(DOC, `${before}${START}${table}${END}${after}`);
  console.log(`wrote the table of ${table.split('\n').length - 2} incident(s) into ${DOC}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
