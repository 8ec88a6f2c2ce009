/**
 * `blast fit` benchmark: the AWS 2025-10-20 scenario with three of its parameters marked
 * free (Amazon Connect's drain capacity, the one parameter docs/calibration.md calls fitted,
 * and the two priors the catalog uses, STS's `restart-service` warm-up and Lambda's
 * `scale-out` capacity replacement), fitted to the scenario's observed milestones on two
 * worker threads. Target: under 60 s on 2 cores (issue 13).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog } from '../src/catalog/build.js';
import { fitProblem } from '../src/fit/problem.js';
import { fit } from '../src/fit/fit.js';
import { workerPool } from '../src/fit/pool.js';
import { formatParam } from '../src/fit/render.js';

const dir = 'catalogs/aws-us-east-1';
/**
 * The parameters made free: [file, text as written, free around what is written, free as a
 * wide range]. The wide range of Connect's capacity is [½, 2] × the value written, whose
 * midpoint (1.25 ×) is off: the fit has to find the written value again; a prior stays a
 * prior (the fit searches around its median either way).
 */
const FREE: ReadonlyArray<readonly [string, string, string, string]> = [
  ['00-incident-core.yaml', 'capacity: {p50: 14800/min, p90: 16000/min}', 'capacity: {p50: 14800/min, p90: 16000/min, free: true}', 'capacity: {min: 7400/min, max: 29600/min, free: true}'],
  ['00-incident-core.yaml', 'time: {prior: restart-service}', 'time: {prior: restart-service, free: true}', 'time: {prior: restart-service, free: true}'],
  ['00-incident-core.yaml', 'over: {prior: scale-out}', 'over: {prior: scale-out, free: true}', 'over: {prior: scale-out, free: true}'],
];

/** The AWS catalog with the parameters of FREE marked free (around what is written, or as the wide ranges). */
export function awsWithFreeParams(wide = false) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  const sources = files.map((f) => {
    let text = readFileSync(join(dir, f), 'utf8');
    for (const [file, written, free, wideText] of FREE) {
      if (file !== f) continue;
      if (text.split(written).length !== 2) throw new Error(`bench: "${written}" is not written exactly once in ${f}`);
      text = text.replace(written, wide ? wideText : free);
    }
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
      `\`blast fit\` on the AWS scenario 2025-10-20-dynamodb-dns, ${prob.free.length} free parameters ${wide ? 'with Connect\'s capacity written as a wide range ([½, 2] × the calibrated value, midpoint 1.25 × off)' : 'free around what is written'}, ${scenario.observed!.length} observed milestones, 2 worker threads (start-up included): **${seconds.toFixed(1)} s** for ${result.evaluations.toLocaleString('en-US')} simulations (target: under 60 s). Loss ${result.optimum.fWritten.toFixed(3)} as written, ${result.optimum.f.toFixed(3)} fitted.`,
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
