/**
 * `blast fit` benchmark: the AWS 2025-10-20 scenario with four of its parameters marked
 * free (STS's warm-up, and the drain capacities of Lambda, Amazon Connect and AWS Batch:
 * the parameters docs/calibration.md calls fitted), fitted to the scenario's 15 observed
 * milestones on two worker threads. Target: under 60 s on 2 cores (issue 13).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog } from '../src/catalog/build.js';
import { fitProblem } from '../src/fit/problem.js';
import { fit } from '../src/fit/fit.js';
import { workerPool } from '../src/fit/pool.js';
import { formatParam } from '../src/fit/render.js';

const dir = 'catalogs/aws-us-east-1';
/** The four parameters made free: [file, text as written]. */
const FREE: ReadonlyArray<[string, string]> = [
  ['00-incident-core.yaml', 'time: {p50: 20m, p90: 30m}'],
  ['00-incident-core.yaml', 'capacity: {p50: 31100/min, p90: 32500/min}'],
  ['00-incident-core.yaml', 'capacity: {p50: 14800/min, p90: 16000/min}'],
  ['10-compute.yaml', 'capacity: {p50: 3000/min, p90: 3600/min}'],
];

/**
 * The same four as wide ranges, [½, 2] × the value written, whose midpoints (1.25 ×) are off:
 * the fit has to find the written values again.
 */
const WIDE: readonly string[] = [
  'time: {min: 10m, max: 40m, free: true}',
  'capacity: {min: 15550/min, max: 62200/min, free: true}',
  'capacity: {min: 7400/min, max: 29600/min, free: true}',
  'capacity: {min: 1500/min, max: 6000/min, free: true}',
];

/** The AWS catalog with the four parameters marked free (as written, or as the wide ranges). */
export function awsWithFreeParams(wide = false) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  const sources = files.map((f) => {
    let text = readFileSync(join(dir, f), 'utf8');
    FREE.forEach(([file, written], k) => {
      if (file !== f) return;
      if (text.split(written).length !== 2) throw new Error(`bench: "${written}" is not written exactly once in ${f}`);
      text = text.replace(written, wide ? WIDE[k]! : `${written.slice(0, -1)}, free: true}`);
    });
    return { file: join(dir, f), bytes: new TextEncoder().encode(text) };
  });
  const { catalog, diagnostics } = buildCatalog(sources);
  if (!catalog) throw new Error(`bench: catalog invalid: ${diagnostics[0]?.message}`);
  return catalog;
}

async function timedFit(wide: boolean) {
  const catalog = awsWithFreeParams(wide);
  const scenario = catalog.scenarios.get('2025-10-20-dynamodb-dns')!;
  const prob = fitProblem(catalog, scenario);
  const t0 = performance.now();
  const pool = workerPool(catalog, scenario.id, 2);
  try {
    const result = await fit(prob, pool, { seed: 1 });
    return { prob, scenario, result, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await pool.close();
  }
}

export async function run(): Promise<string> {
  const lines = ['## Fit', ''];
  for (const wide of [false, true]) {
    const { prob, scenario, result, seconds } = await timedFit(wide);
    lines.push(
      `\`blast fit\` on the AWS scenario 2025-10-20-dynamodb-dns, ${prob.free.length} free parameters ${wide ? 'written as wide ranges ([½, 2] × the calibrated value, midpoints 1.25 × off)' : 'written as their calibrated priors'}, ${scenario.observed!.length} observed milestones, 2 worker threads (start-up included): **${seconds.toFixed(1)} s** for ${result.evaluations.toLocaleString('en-US')} simulations (target: under 60 s). Loss ${result.optimum.fWritten.toFixed(3)} as written, ${result.optimum.f.toFixed(3)} fitted.`,
      '',
      '| parameter | as written | fitted | interval | status |',
      '|---|---:|---:|---|---|',
      ...result.params.map((p) => `| ${p.label} | ${formatParam(p.label, p.written)} | ${formatParam(p.label, p.fitted)} | ${formatParam(p.label, p.interval[0])} – ${formatParam(p.label, p.interval[1])} | ${p.status}${p.partner ? ` (${p.partner})` : ''} |`),
      '',
    );
  }
  return lines.join('\n').trimEnd();
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run()); // npx tsx bench/fit.ts
