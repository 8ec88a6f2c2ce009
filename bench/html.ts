/**
 * HTML page benchmarks: the page script's size (the esbuild bundle of src/web with sigma,
 * graphology and the engine), and the size and build time of HTML pages against the markdown
 * report of the same scenario (the baseline, measured in the same run): the AWS 2025-10-20
 * report and the graph view of synthetic power-law catalogs up to 20,000 services. Run alone
 * with `npx tsx bench/html.ts` or through `npm run bench -- html`.
 */
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { loadCatalog } from '../src/catalog/load.js';
import { pageScript } from '../src/cli/web-page.js';
import { htmlGraph, htmlReport } from '../src/report/html/index.js';
import { impactReport } from '../src/report/index.js';
import { syntheticCatalog } from './synthetic.js';

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

export async function run(): Promise<string> {
  let t0 = performance.now();
  const script = await pageScript();
  const bundleMs = performance.now() - t0;
  const bytes = Buffer.byteLength(script);
  const lines = [
    '## HTML page',
    '',
    `Page script (src/web bundled with sigma, graphology and the engine; minified): **${kib(bytes)}** (${kib(gzipSync(script).length)} gzipped), built by esbuild in ${bundleMs.toFixed(0)} ms.`,
    '',
    '| page | services | markdown report (ms, baseline) | HTML page (ms) | ratio | HTML size | of which script |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  const aws = loadCatalog('catalogs/aws-us-east-1').catalog!;
  const input = { scenario: aws.scenarios.get('2025-10-20-dynamodb-dns')! };
  t0 = performance.now();
  impactReport(aws, input, { trials: 1000, seed: 1 });
  const mdMs = performance.now() - t0;
  t0 = performance.now();
  const html = htmlReport(aws, input, { script, trials: 1000, seed: 1 });
  const htmlMs = performance.now() - t0;
  lines.push(`| AWS us-east-1 report, 1,000 trials | ${aws.services.size} | ${mdMs.toFixed(0)} | ${htmlMs.toFixed(0)} | ${(htmlMs / mdMs).toFixed(2)}x | ${kib(Buffer.byteLength(html))} | ${((100 * bytes) / Buffer.byteLength(html)).toFixed(0)} % |`);
  for (const n of [2_000, 20_000]) {
    const cat = syntheticCatalog(n, 7);
    t0 = performance.now();
    impactReport(cat, { fail: ['s0'], forMinutes: 60 });
    const base = performance.now() - t0;
    t0 = performance.now();
    const page = htmlGraph(cat, { script });
    const ms = performance.now() - t0;
    lines.push(`| synthetic graph view | ${n.toLocaleString('en-US')} | ${base.toFixed(0)} | ${ms.toFixed(0)} | ${(ms / base).toFixed(2)}x | ${kib(Buffer.byteLength(page))} | ${((100 * bytes) / Buffer.byteLength(page)).toFixed(0)} % |`);
  }
  lines.push('', 'The HTML page adds the layout (ForceAtlas2, fixed iterations) and the single-failure sweep behind the node sizes; the synthetic rows compare the graph view with a markdown report of failing its root.');
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await run());
