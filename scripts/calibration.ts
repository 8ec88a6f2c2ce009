/**
 * Prints the calibration table of the AWS 2025-10-20 scenario (markdown), as in
 * docs/calibration.md: `npx tsx scripts/calibration.ts`.
 */
import { readFileSync } from 'node:fs';
import { loadCatalog } from '../src/catalog/load.js';
import { prepareSimulation, simulate } from '../src/engine/index.js';
import { calibrate, orderViolations, type MilestoneSet } from '../src/report/calibration.js';

const dir = 'catalogs/aws-us-east-1';
const set = JSON.parse(readFileSync(`${dir}/calibration/2025-10-20-dynamodb-dns.json`, 'utf8')) as MilestoneSet;
const res = loadCatalog(dir);
if (!res.catalog) throw new Error('catalog invalid: run blast validate');
const result = simulate(prepareSimulation(res.catalog), { scenario: res.catalog.scenarios.get(set.scenario)! });
const fmt = (x: number | null): string => (x === null ? '-' : String(Math.round(x)));
const table = (rows: ReturnType<typeof calibrate>): string[] => [
  '| milestone | published (min) | simulated (min) | error (min) | allowed (min) | within |',
  '|---|---:|---:|---:|---:|:-:|',
  ...rows.map((r) => `| ${r.milestone.label} | ${r.milestone.published} | ${fmt(r.simulated)} | ${r.error === null ? '-' : (r.error >= 0 ? '+' : '') + Math.round(r.error)} | ${Math.round(r.allowed)} | ${r.ok ? 'yes' : '**no**'} |`),
];
const rows = calibrate(result, set);
console.log(table(rows).join('\n'));
console.log(`\nAffected: ${result.affected} of ${result.servicesTotal}; order violations: ${JSON.stringify(orderViolations(rows))}`);
console.log('\nStretch:\n' + table(calibrate(result, set, 'stretch')).join('\n'));
