/**
 * Review findings on small catalogs whose answers are derived by hand (see the comments),
 * and the textbook cases of the two bundled catalogs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reviewCatalog } from '../../src/analysis/review.js';
import { countBySeverity, type Finding } from '../../src/analysis/findings.js';
import { explainSpof } from '../../src/analysis/spof.js';
import { compileGraph } from '../../src/graph/compile.js';
import { FIXTURES, load } from './load.js';

/**
 * Fingerprints, a SPOF finding (one per cause) written as its (target, cause) pairs
 * `spof:<target>:<cause>`, a cut-set finding (one per set) as its (target, set) pairs
 * `cut-set:<target>:<set>`.
 */
const pairs = (f: Finding): string[] =>
  f.kind === 'spof' ? f.targets.map((t) => `spof:${t}:${f.cause}`) : f.kind === 'cut-set' ? f.targets.map((t) => `cut-set:${t}:${f.set.join('+')}`) : [f.fingerprint];
const fps = (fs: readonly Finding[], kind?: Finding['kind']): string[] => fs.filter((f) => !kind || f.kind === kind).flatMap(pairs).sort();

describe('review of test/fixtures/analysis/review-small.yaml', () => {
  const catalog = load(`${FIXTURES}/review-small.yaml`);
  const review = reviewCatalog(catalog);

  it('targets the tier 0-1 services', () => {
    expect(review.targets).toEqual(['front', 'api', 'db-a', 'db-b', 'control-plane']);
  });

  it('finds every single point of failure, respecting the 1-of-2 group', () => {
    // front needs api (hard); api needs logs and 1 of [db-a, db-b]; both dbs need
    // control-plane, so control-plane defeats the group; one db alone does not.
    // search is soft for front, so neither search nor index takes it down.
    expect(fps(review.findings, 'spof')).toEqual([
      'spof:api:control-plane',
      'spof:api:logs',
      'spof:db-a:control-plane',
      'spof:db-b:control-plane',
      'spof:front:api',
      'spof:front:control-plane',
      'spof:front:logs',
    ]);
    // One finding per failing service, as severe as its most critical target (front is tier 0).
    expect(review.findings.filter((f) => f.kind === 'spof').map((f) => f.fingerprint).sort()).toEqual(['spof:api', 'spof:control-plane', 'spof:logs']);
    const cp = review.findings.find((f) => f.fingerprint === 'spof:control-plane')!;
    expect(cp).toMatchObject({ severity: 'critical', targets: ['front', 'api', 'db-a', 'db-b'], tierCounts: [1, 3, 0, 0] });
    expect(cp.title).toBe('control-plane is a single point of failure for 4 targets (1 tier 0, 3 tier 1)');
    // Evidence: one path from each of the three most critical targets.
    expect(cp.evidence.map((p) => p[0]!.id)).toEqual(['front', 'api', 'db-a']);
  });

  it('explains one SPOF target by target', () => {
    const cg = compileGraph(catalog);
    const targets = review.targets.map((id) => cg.index.get(id)!);
    const rows = explainSpof(catalog, cg, cg.index.get('logs')!, targets);
    expect(rows.map((r) => [r.target, r.path.map((s) => s.id)])).toEqual([
      ['front', ['front', 'api', 'logs']],
      ['api', ['api', 'logs']],
    ]);
  });

  it('reports the group that shares control-plane as shared fate', () => {
    const [f, ...rest] = review.findings.filter((x) => x.kind === 'shared-fate');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ owner: 'api', cause: 'control-plane', lost: ['db-a', 'db-b'], severity: 'high', group: { atLeast: 1, members: ['db-a', 'db-b'] } });
    // The finding points at the group entry in api's dependsOn.
    const line = readFileSync(`${FIXTURES}/review-small.yaml`, 'utf8').split('\n')[f!.location.line - 1]!;
    expect(line.slice(f!.location.col - 1)).toBe('atLeast: 1');
  });

  it('reports the boot cycle as a cold-start deadlock that blocks worker', () => {
    const cycles = review.findings.filter((f) => f.kind === 'cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatchObject({ services: ['boot-a', 'boot-b'], blocked: ['worker'], severity: 'high' });
    if (cycles[0]!.kind !== 'cycle') throw new Error('unreachable');
    expect(cycles[0]!.path[0]).toBe(cycles[0]!.path[cycles[0]!.path.length - 1]);
    expect(new Set(cycles[0]!.path)).toEqual(new Set(['boot-a', 'boot-b']));
  });

  it('flags api (tier 1) → logs (tier 3) as a tier inversion, and nothing one tier apart', () => {
    expect(fps(review.findings, 'tier-inversion')).toEqual(['tier-inversion:api:logs']);
    expect(review.findings.find((f) => f.kind === 'tier-inversion')?.severity).toBe('low');
  });

  it('finds {db-a, db-b} as the order-2 cut set of front and api: one finding for both', () => {
    expect(fps(review.findings, 'cut-set')).toEqual(['cut-set:api:db-a+db-b', 'cut-set:front:db-a+db-b']);
    const [f, ...rest] = review.findings.filter((x) => x.kind === 'cut-set');
    expect(rest).toEqual([]);
    // A pair whose most critical target (front) is tier 0: low.
    expect(f).toMatchObject({ fingerprint: 'cut-set:db-a+db-b', severity: 'low', set: ['db-a', 'db-b'], targets: ['front', 'api'], tierCounts: [1, 1, 0, 0] });
    expect(f!.evidence.map((p) => p.map((s) => s.id))).toEqual([
      ['front', 'api', 'db-a'],
      ['front', 'api', 'db-b'],
    ]);
  });

  it('counts by severity', () => {
    // critical: the 3 failing services (api, logs, control-plane), each taking tier-0 front down;
    // high: shared fate + cycle; low: tier inversion from tier 1 + the order-2 cut set of
    // tier-0 front and tier-1 api (before cut sets were one finding per set, api's was a
    // separate info finding).
    expect(countBySeverity(review.findings)).toEqual({ critical: 3, high: 2, medium: 0, low: 2, info: 0 });
  });

  it('with --max-order 1 reports no cut sets; with targets, only theirs', () => {
    expect(fps(reviewCatalog(catalog, { maxOrder: 1 }).findings, 'cut-set')).toEqual([]);
    const only = reviewCatalog(catalog, { targets: ['db-a'] });
    expect(fps(only.findings, 'spof')).toEqual(['spof:db-a:control-plane']);
  });

  it('orders findings by severity, then kind, then fingerprint', () => {
    const order = review.findings.map((f) => f.severity);
    const rank = ['critical', 'high', 'medium', 'low', 'info'];
    expect([...order].sort((a, b) => rank.indexOf(a) - rank.indexOf(b))).toEqual(order);
  });
});

describe('review of test/fixtures/analysis/fail-on-degraded.yaml', () => {
  const review = reviewCatalog(load(`${FIXTURES}/fail-on-degraded.yaml`));
  it('follows degradation into failOn: degraded, and sees that seed breaks the leader cycle', () => {
    // metrics down → probe degraded (soft) → health down (failOn: degraded).
    // leader needs 1 of [follower, seed]; follower needs leader: seed lets leader start first.
    expect(fps(review.findings)).toEqual(['cut-set:leader:follower+seed', 'spof:follower:leader', 'spof:health:metrics', 'spof:health:probe']);
    const path = review.findings.find((f) => f.fingerprint === 'spof:metrics')!.evidence[0]!;
    expect(path.map((s) => s.id)).toEqual(['health', 'probe', 'metrics']);
    expect(path[1]!.via).toMatchObject({ failOn: 'degraded' });
    expect(path[2]!.via).toMatchObject({ type: 'soft' });
  });
});

describe('bundled catalogs', () => {
  it('example-shop: the 2-of-3 database group shares storage', () => {
    const review = reviewCatalog(load('catalogs/example-shop'));
    const shared = review.findings.filter((f) => f.kind === 'shared-fate');
    expect(shared.map((f) => f.fingerprint)).toEqual(['shared-fate:catalog-db:db-node-a+db-node-b+db-node-c']);
    expect(shared[0]).toMatchObject({ cause: 'storage', causes: ['storage'], lostBy: [['db-node-a', 'db-node-b', 'db-node-c']] });
    // A single database node is not a SPOF of catalog-db (2 of 3 remain); storage is.
    expect(fps(review.findings, 'spof').filter((fp) => fp.startsWith('spof:catalog-db:'))).toEqual(['spof:catalog-db:storage']);
  });

  it('aws-us-east-1: the three DNS Enactors share the plan store and Route 53', () => {
    const review = reviewCatalog(load('catalogs/aws-us-east-1'), { targets: ['dynamodb-endpoint-dns'], maxOrder: 3 });
    const shared = review.findings.filter((f) => f.kind === 'shared-fate' && f.owner === 'dynamodb-endpoint-dns');
    // One finding for the group, listing both failures that defeat it (each takes all three).
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatchObject({ cause: 'dynamodb-dns-plan-store', causes: ['dynamodb-dns-plan-store', 'route53'] });
    expect(shared[0]!.title).toBe('the 1-of-3 group of dynamodb-endpoint-dns does not survive dynamodb-dns-plan-store or 1 other single failure: 3 of 3 members lost');
    // No single Enactor is a SPOF; all three together are a cut set of order 3.
    const spofs = fps(review.findings, 'spof');
    expect(spofs.some((fp) => fp.includes('dns-enactor'))).toBe(false);
    expect(spofs).toContain('spof:dynamodb-endpoint-dns:dynamodb-dns-plan-store');
    expect(fps(review.findings, 'cut-set')).toContain('cut-set:dynamodb-endpoint-dns:dns-enactor-use1-az1+dns-enactor-use1-az2+dns-enactor-use1-az4');
  });
});
