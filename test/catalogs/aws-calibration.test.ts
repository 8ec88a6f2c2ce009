/**
 * The AWS us-east-1 catalog's 2025-10-20 scenario against the published milestones
 * (catalogs/aws-us-east-1/calibration/2025-10-20-dynamodb-dns.json, from the AWS
 * post-event summary and Health Dashboard): each within max(20 min, 10%), in order.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadCatalog } from '../../src/catalog/load.js';
import { prepareSimulation, simulate } from '../../src/engine/index.js';
import { calibrate, calibrationTable, orderViolations, type MilestoneSet } from '../../src/report/calibration.js';

const dir = 'catalogs/aws-us-east-1';
const set = JSON.parse(readFileSync(`${dir}/calibration/2025-10-20-dynamodb-dns.json`, 'utf8')) as MilestoneSet;
const { catalog } = loadCatalog(dir);
const result = simulate(prepareSimulation(catalog!), { scenario: catalog!.scenarios.get(set.scenario)! });
const rows = calibrate(result, set);

describe('AWS 2025-10-20 calibration', () => {
  it('the catalog is valid and has the scenario', () => {
    expect(catalog).toBeDefined();
    expect(catalog!.scenarios.has(set.scenario)).toBe(true);
  });

  it.each(rows.map((r) => [r.milestone.label, r] as const))('%s is within tolerance', (_label, row) => {
    expect(row.simulated).not.toBeNull();
    expect(Math.abs(row.error!)).toBeLessThanOrEqual(row.allowed);
  });

  it('docs/calibration.md shows the current table', () => {
    const doc = readFileSync('docs/calibration.md', 'utf8');
    const embedded = doc.split('<!-- calibration-table:start -->\n')[1]?.split('\n<!-- calibration-table:end -->')[0];
    expect(embedded).toBe(calibrationTable(rows));
  });

  it('recoveries come in the published order', () => {
    expect(orderViolations(rows)).toEqual([]);
  });

  it('the Redshift tail is a partial impact near its published end that does not hold back full recovery', () => {
    const [tail] = calibrate(result, set, 'stretch');
    expect(tail!.ok).toBe(true);
    expect(result.fullRecoveryMinutes!).toBeLessThan(tail!.simulated!);
  });

  it('the blast radius is 142 ± 5 services, and every unaffected service depends only on unaffected ones', () => {
    expect(Math.abs(result.affected - 142)).toBeLessThanOrEqual(5);
    const affected = new Set(result.services.filter((s) => s.impactStartMinutes !== null).map((s) => s.id));
    const unaffected = [...catalog!.services.values()].filter((s) => !affected.has(s.id));
    expect(unaffected.length).toBeGreaterThan(50);
    for (const s of unaffected) {
      for (const d of s.dependsOn) if (d.type !== 'async' && !d.group) expect(affected.has(d.of[0]!), `${s.id} -> ${d.of[0]}`).toBe(false);
    }
  });

  it('the trigger is the only fault, and the time to full recovery is far longer than the fault', () => {
    const sc = catalog!.scenarios.get(set.scenario)!;
    expect(sc.faults.map((f) => f.service)).toEqual(['dynamodb-endpoint-dns']);
    expect(result.fullRecoveryMinutes!).toBeGreaterThan(5 * 157);
  });
});

describe('AWS catalog hygiene', () => {
  it('every dependency carries a one-line justification', () => {
    const missing = [...catalog!.services.values()].flatMap((s) => s.dependsOn.filter((d) => !d.why).map((d) => `${s.id} -> ${d.of.join(',')}`));
    expect(missing).toEqual([]);
  });
});
