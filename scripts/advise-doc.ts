/**
 * The ranked tables of docs/advise.md: `blast advise` on the example shop and on the AWS
 * catalog, written between the doc's markers (`<!-- advise:<name>:start -->` … `end`).
 *
 *   npx tsx scripts/advise-doc.ts            # rewrite the tables in docs/advise.md
 *   npx tsx scripts/advise-doc.ts --print    # print them instead
 *
 * test/advise/docs.test.ts checks the doc's tables against a fresh run.
 */
import { readFileSync } from 'node:fs';
import { loadCatalog } from '../src/catalog/load.js';
import { advise } from '../src/advise/advise.js';
import { renderMarkdown } from '../src/advise/render.js';
import { writeFileAtomic } from '../src/cli/io.js';
import { scriptOptions } from './options.js';

export const DOC = 'docs/advise.md';

interface Block {
  readonly name: string;
  /** The command line the block shows (for the reader; the block is computed in process). */
  readonly command: string;
  readonly catalog: string;
  readonly scenarios?: readonly string[];
  readonly trials: number;
  readonly bundle: number;
  readonly rows: number;
}

export const BLOCKS: readonly Block[] = [
  { name: 'shop', command: 'blast advise catalogs/example-shop --bundle 3 --format markdown', catalog: 'catalogs/example-shop', trials: 0, bundle: 3, rows: 12 },
  { name: 'shop-push', command: 'blast advise catalogs/example-shop -s bad-config-push --bundle 3 --format markdown', catalog: 'catalogs/example-shop', scenarios: ['bad-config-push'], trials: 0, bundle: 3, rows: 12 },
  { name: 'shop-mc', command: 'blast advise catalogs/example-shop -s storage-outage --trials 1000 --format markdown', catalog: 'catalogs/example-shop', scenarios: ['storage-outage'], trials: 1000, bundle: 0, rows: 8 },
  { name: 'aws', command: 'blast advise catalogs/aws-us-east-1 --trials 200 --bundle 3 --format markdown', catalog: 'catalogs/aws-us-east-1', trials: 200, bundle: 3, rows: 12 },
];

/** The markdown of one block, as `blast advise` prints it (seed 1, the defaults otherwise). */
export async function renderBlock(b: Block): Promise<string> {
  const catalog = loadCatalog(b.catalog).catalog;
  if (!catalog) throw new Error(`${b.catalog} does not load`);
  const ids = b.scenarios ?? [...catalog.scenarios.keys()];
  const inputs = ids.map((id) => ({ label: id, input: { scenario: catalog.scenarios.get(id)! } }));
  const a = await advise(catalog, { inputs, trials: b.trials, seed: 1, screen: 12, bundle: b.bundle, runbookMinutes: 10 });
  return `\`\`\`console\n$ ${b.command}\n\`\`\`\n\n${renderMarkdown(a, { top: b.rows })}`;
}

const markers = (name: string): [string, string] => [`<!-- advise:${name}:start -->\n`, `\n<!-- advise:${name}:end -->`];

/** The text of block `name` as embedded in the doc. */
export function embeddedBlock(doc: string, name: string): string {
  const [start, end] = markers(name);
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${DOC} has no markers for ${name}`);
  return doc.slice(a + start.length, b);
}

const USAGE = `
Usage: npx tsx scripts/advise-doc.ts [--print]
The ranked tables of docs/advise.md (blast advise on the example shop and the AWS catalog).
  (no option)  rewrite them in docs/advise.md
  --print      print them instead`;

async function main(): Promise<void> {
  const print = scriptOptions(USAGE, ['--print']).has('--print');
  let doc = readFileSync(DOC, 'utf8');
  for (const b of BLOCKS) {
    const text = await renderBlock(b);
    if (print) {
      process.stdout.write(`${text}\n\n`);
      continue;
    }
    const [start, end] = markers(b.name);
    const old = embeddedBlock(doc, b.name);
    doc = doc.replace(`${start}${old}${end}`, `${start}${text}${end}`);
  }
  if (!print) writeFileAtomic(DOC, doc);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
