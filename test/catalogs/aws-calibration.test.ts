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
import { DOC, embedded, fittedTable, FITTED, priorsOnly, runAws, summary } from '../../scripts/calibration.js';

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

  it('docs/calibration.md shows the current tables: priors only (first), calibrated, fitted before and after', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(embedded(doc, 'calibration-table')).toBe(calibrationTable(rows));
    const prior = runAws(priorsOnly(catalog!), set);
    expect(embedded(doc, 'priors-only-table')).toBe(`${calibrationTable(prior.rows)}\n\n${summary(prior.result, prior.rows)}`);
    expect(embedded(doc, 'fitted-table')).toBe(fittedTable());
    expect(doc.indexOf('<!-- priors-only-table:start -->')).toBeLessThan(doc.indexOf('<!-- calibration-table:start -->'));
  });

  it("the table of fitted parameters matches the scenario's `fitted:` list, and each still fitted has its prior or default", () => {
    const sc = catalog!.scenarios.get(set.scenario)!;
    const still = FITTED.filter((f) => f.fittedAfter);
    expect(new Set((sc.fitted ?? []).map((f) => f.service))).toEqual(new Set(still.map((f) => f.services[0]!)));
    for (const f of still) expect(f.prior, f.param).toBeDefined();
    // the parameters no longer fitted are at their priors or defaults in the catalog itself
    expect(catalog!.services.get('sts')!.recovery!.time).toEqual({ kind: 'prior', name: 'restart-service' });
    expect(catalog!.services.get('lambda-capacity-replacement')!.restart!.over).toEqual({ kind: 'prior', name: 'scale-out' });
    for (const id of ['lambda', 'batch']) {
      const b = catalog!.services.get(id)!.backlog!;
      expect(b.capacity, id).toEqual({ kind: 'const', value: 2 * (b.arrival as { value: number }).value });
    }
  });

  it('the retry and replacement loops end where their documented durations put them', () => {
    const rec = (id: string) => result.services.find((x) => x.id === id)!.recoveredMinutes;
    // EC2 is held degraded by its request throttles until operators finish relaxing them:
    // 11:35 after T0 (23:48) is minute 695, + 2h27m = 842.
    expect(rec('ec2')).toBe(842);
    // each loop restarts when EC2 is back, evenly over its duration:
    expect(rec('ecs-task-launches')).toBe(842 + 27); // ECS service throttle logic, at most 27 min
    expect(rec('eks-node-launches')).toBe(842 + 30); // Cluster Autoscaler max node-group backoff, 30 min
    expect(rec('lambda-capacity-replacement')).toBe(842 + 20); // scale-out prior, median 20 min
    expect(rec('ecs')).toBe(869);
    expect(rec('fargate')).toBe(869); // through its soft edge on ECS
    expect(rec('eks')).toBe(872);
    // STS: NLB's data plane is back when operators disable its AZ failover at 9h48m = 588,
    // then the restart-service prior's median warm-up, 5 min
    expect(rec('nlb')).toBe(588);
    expect(rec('sts')).toBe(593);
    // the time to full recovery is the last of them, EKS
    expect(result.fullRecoveryMinutes).toBe(872);
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
