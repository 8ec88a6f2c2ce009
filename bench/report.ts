/**
 * Report benchmarks: rendering the markdown report, against the simulation it reports on
 * (the baseline, measured in the same run), on the AWS 2025-10-20 scenario and on a
 * synthetic power-law catalog whose root failure cascades widely. Run alone with
 * `npx tsx bench/report.ts` or with the others through `npm run bench -- report`.
 */
import { pathToFileURL } from 'node:url';
import { loadCatalog } from '../src/catalog/load.js';
import type { Catalog } from '../src/catalog/model.js';
import { buildModel, prepareSimulation, simulate, type ScenarioInput } from '../src/engine/index.js';
import { impactReport, renderReport, reportContext } from '../src/report/index.js';
import { syntheticCatalog } from './synthetic.js';
import { time } from './timing.js';


export async function run(): Promise<string> {
  const lines = [
    '## Report',
    '',
    '| catalog | services | affected | simulate (ms, baseline) | render markdown (ms) | ratio | whole report incl. review (ms) | ratio |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const aws = loadCatalog('catalogs/aws-us-east-1').catalog!;
  const cases: Array<[string, Catalog, ScenarioInput]> = [
    ['AWS us-east-1, 2025-10-20', aws, { scenario: aws.scenarios.get('2025-10-20-dynamodb-dns')! }],
    ['synthetic power-law, fail s0', syntheticCatalog(5_000, 7), { fail: ['s0'], forMinutes: 60 }],
  ];
  for (const [label, catalog, input] of cases) {
    const prep = prepareSimulation(catalog);
    const model = buildModel(prep, input);
    const context = reportContext(catalog, model);
    let result = simulate(prep, input);
    const simMs = time(() => { result = simulate(prep, input); }, 7);
    const renderMs = time(() => renderReport({ result, context }), 7);
    const wholeMs = time(() => impactReport(catalog, input, { prepared: prep }), 5);
    lines.push(
      `| ${label} | ${catalog.services.size.toLocaleString('en-US')} | ${result.affected.toLocaleString('en-US')} | ${simMs.toFixed(1)} | ${renderMs.toFixed(1)} | ${(renderMs / simMs).toFixed(2)}x | ${wholeMs.toFixed(1)} | ${(wholeMs / simMs).toFixed(2)}x |`,
    );
  }
  lines.push('', 'Ratios are to the simulation of the same scenario; the report itself adds the review (SPOFs and shared fate of the affected services) and the markdown.');
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await run());
