/**
 * Prints the calibration tables of the AWS 2025-10-20 scenario (markdown), as embedded in
 * docs/calibration.md: `npx tsx scripts/calibration.ts`.
 */
import { readFileSync } from 'node:fs';
import { loadCatalog } from '../src/catalog/load.js';
import { prepareSimulation, simulate } from '../src/engine/index.js';
import { calibrate, calibrationTable, orderViolations, type MilestoneSet } from '../src/report/calibration.js';

const dir = 'catalogs/aws-us-east-1';
const set = JSON.parse(readFileSync(`${dir}/calibration/2025-10-20-dynamodb-dns.json`, 'utf8')) as MilestoneSet;
const res = loadCatalog(dir);
if (!res.catalog) throw new Error('catalog invalid: run blast validate');
const result = simulate(prepareSimulation(res.catalog), { scenario: res.catalog.scenarios.get(set.scenario)! });
const rows = calibrate(result, set);
console.log(calibrationTable(rows));
console.log(`\nAffected: ${result.affected} of ${result.servicesTotal}; order violations: ${JSON.stringify(orderViolations(rows))}`);
console.log('\nStretch:\n' + calibrationTable(calibrate(result, set, 'stretch')));
