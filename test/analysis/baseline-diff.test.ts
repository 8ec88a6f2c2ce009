/** Baselines (parse, serialize, apply) and the review diff between two hand-written catalogs. */
import { describe, expect, it } from 'vitest';
import { applyBaseline, parseBaseline, serializeBaseline } from '../../src/analysis/baseline.js';
import { diffReviews } from '../../src/analysis/diff.js';
import { rankServices } from '../../src/analysis/rank.js';
import { reviewCatalog } from '../../src/analysis/review.js';
import { compileGraph } from '../../src/graph/compile.js';
import type { Catalog, Service } from '../../src/catalog/model.js';
import { FIXTURES, load } from './load.js';

describe('baseline', () => {
  const review = reviewCatalog(load(`${FIXTURES}/review-small.yaml`));

  it('round-trips: a written baseline accepts every finding it was written from', () => {
    const parsed = parseBaseline(serializeBaseline(review.findings));
    if ('error' in parsed) throw new Error(parsed.error);
    const { fresh, accepted } = applyBaseline(review.findings, parsed.baseline);
    expect(fresh).toEqual([]);
    expect(accepted).toHaveLength(review.findings.length);
  });

  it('is sorted and position-free, so it does not change when the catalog is reformatted', () => {
    const text = serializeBaseline(review.findings);
    const accepted = (JSON.parse(text) as { version: number; findings: Record<string, string> });
    expect(accepted.version).toBe(2);
    const fps = Object.keys(accepted.findings);
    expect(fps).toEqual([...fps].sort());
    expect(fps).toHaveLength(review.findings.length);
    for (const f of review.findings) expect(accepted.findings[f.fingerprint]).toBe(f.severity);
    expect(text).not.toMatch(/review-small\.yaml|:\d+:\d+/);
  });

  it('only new findings are fresh', () => {
    const { fresh } = applyBaseline(review.findings, { fingerprints: new Set(['spof:api', 'cycle:boot-a+boot-b']) });
    expect(fresh).toHaveLength(review.findings.length - 2);
    expect(fresh.map((f) => f.fingerprint)).not.toContain('spof:api');
  });

  it('reads baselines written when SPOF findings were one per (target, cause) pair', () => {
    // The old form spof:<target>:<cause> accepts the finding of that cause, for every target.
    const old = JSON.stringify({ version: 1, fingerprints: ['cycle:boot-a+boot-b', 'spof:front:api', 'spof:front:logs', 'spof:api:logs', 'shared-fate:api:db-a+db-b:control-plane'] });
    const parsed = parseBaseline(old);
    if (!('baseline' in parsed)) throw new Error('not parsed');
    expect([...parsed.baseline.fingerprints].sort()).toEqual(['cycle:boot-a+boot-b', 'shared-fate:api:db-a+db-b', 'spof:api', 'spof:logs']);
    const { fresh, accepted } = applyBaseline(review.findings, parsed.baseline);
    expect(accepted.map((f) => f.fingerprint).sort()).toEqual(['cycle:boot-a+boot-b', 'shared-fate:api:db-a+db-b', 'spof:api', 'spof:logs']);
    expect(fresh.map((f) => f.fingerprint)).toContain('spof:control-plane');
    // Written again, the baseline has the new form only.
    expect(Object.keys((JSON.parse(serializeBaseline(accepted)) as { findings: object }).findings)).toEqual(['cycle:boot-a+boot-b', 'shared-fate:api:db-a+db-b', 'spof:api', 'spof:logs']);
  });

  it.each([
    ['not json', 'not valid JSON'],
    ['[]', 'expected an object'],
    ['{"fingerprints": [1]}', 'expected an object'],
    ['{"version": 3, "fingerprints": []}', 'unsupported baseline version 3'],
    ['{"version": 2, "fingerprints": []}', 'expected "findings"'],
    ['{"version": 2, "findings": {"spof:a": "severe"}}', '"findings"."spof:a": expected a severity'],
  ])('rejects %s', (text, message) => {
    const parsed = parseBaseline(text);
    expect('error' in parsed && parsed.error).toContain(message);
  });
});

describe('diffReviews', () => {
  // review-small-head.yaml adds a hard dependency of front (tier 0) on a new tier-2 cache,
  // and makes boot-b's dependency on boot-a soft.
  const base = load(`${FIXTURES}/review-small.yaml`);
  const head = load(`${FIXTURES}/review-small-head.yaml`);
  const diff = diffReviews(reviewCatalog(base), reviewCatalog(head), rankServices(base, compileGraph(base)), rankServices(head, compileGraph(head)));

  it('reports the new SPOF and tier inversion, and the cycle that is gone', () => {
    expect(diff.added.map((f) => f.fingerprint)).toEqual(['spof:cache', 'tier-inversion:front:cache']);
    expect(diff.removed.map((f) => f.fingerprint)).toEqual(['cycle:boot-a+boot-b']);
    expect(diff.addedServices).toEqual(['cache']);
    expect(diff.removedServices).toEqual([]);
  });

  it('reports blast-radius growth: the new cache takes front down', () => {
    // boot-a's radius is unchanged (boot-b now degraded instead of down, worker still down).
    expect(diff.radius.map((r) => [r.id, r.before, r.after, r.delta])).toEqual([['cache', null, 1, 1]]);
  });

  it('a catalog compared with itself has no changes', () => {
    const r = reviewCatalog(base);
    const rank = rankServices(base, compileGraph(base));
    const same = diffReviews(r, r, rank, rank);
    expect([same.added, same.removed, same.radius]).toEqual([[], [], []]);
  });
});

describe('diffReviews of cut sets (one finding per set)', () => {
  // test/fixtures/analysis/cut-sets.yaml: {a, b} for shop and store, {x, y} for queue.
  const base = load(`${FIXTURES}/cut-sets.yaml`);
  const withServices = (edit: (s: Map<string, Service>) => void): Catalog => {
    const services = new Map(base.services);
    edit(services);
    return { ...base, services };
  };
  const diffOf = (head: Catalog) => diffReviews(reviewCatalog(base), reviewCatalog(head), rankServices(base, compileGraph(base)), rankServices(head, compileGraph(head)));

  it('a set that stops being one is removed, and what replaces it added', () => {
    // queue needs x alone (its group was [x, y]): {x, y} is gone, x is a new SPOF of queue.
    const head = withServices((s) => {
      const queue = s.get('queue')!;
      s.set('queue', { ...queue, dependsOn: [{ ...queue.dependsOn[0]!, of: ['x'], memberPos: [queue.dependsOn[0]!.memberPos[0]!], atLeast: 1 }] });
    });
    const d = diffOf(head);
    expect(d.added.map((f) => f.fingerprint)).toEqual(['spof:x']);
    expect(d.removed.map((f) => f.fingerprint)).toEqual(['cut-set:x+y']);
  });

  it('a set that takes one more target down keeps its fingerprint: not a new finding (as a SPOF with one more target)', () => {
    // a new tier-0 till on store: {a, b} now takes shop, till and store down.
    const head = withServices((s) => s.set('till', { ...s.get('shop')!, id: 'till', name: 'Till' }));
    const d = diffOf(head);
    expect(d.added.map((f) => f.fingerprint)).toEqual([]);
    expect(reviewCatalog(head).findings.find((f) => f.fingerprint === 'cut-set:a+b')).toMatchObject({ targets: ['shop', 'till', 'store'] });
    // the blast radius shows the growth: store takes till down too (+1); till is new, with
    // nothing depending on it (0); a or b alone still take nothing down (the group holds)
    expect(d.radius.map((r) => [r.id, r.before, r.after, r.delta])).toEqual([['store', 2, 3, 1], ['till', null, 0, 0]]);
  });
});

describe('a finding that becomes more severe is reported again (baseline and diff)', () => {
  // cut-sets.yaml: {x, y} takes only queue (tier 1) down: severity info (a pair is low only when
  // it takes a tier-0 target down). Head adds pay (tier 0), which needs queue: {x, y} now takes
  // pay down too, so the same fingerprint cut-set:x+y is low; and queue alone takes pay down, a
  // new SPOF, critical (its target is tier 0).
  const base = load(`${FIXTURES}/cut-sets.yaml`);
  const queue = base.services.get('queue')!;
  const services = new Map(base.services);
  services.set('pay', { ...base.services.get('shop')!, id: 'pay', name: 'Pay', tier: 0, dependsOn: [{ ...base.services.get('shop')!.dependsOn[0]!, of: ['queue'], memberPos: [queue.pos] }] });
  const head: Catalog = { ...base, services };
  const baseReview = reviewCatalog(base);
  const headReview = reviewCatalog(head);

  it('the review of head says so', () => {
    expect(baseReview.findings.find((f) => f.fingerprint === 'cut-set:x+y')?.severity).toBe('info');
    expect(headReview.findings.find((f) => f.fingerprint === 'cut-set:x+y')?.severity).toBe('low');
  });

  it('a version 2 baseline written on base reports the escalated set and the new SPOF, and accepts the rest', () => {
    const parsed = parseBaseline(serializeBaseline(baseReview.findings));
    if ('error' in parsed) throw new Error(parsed.error);
    const { fresh, accepted } = applyBaseline(headReview.findings, parsed.baseline);
    expect(fresh.map((f) => [f.fingerprint, f.severity, f.escalatedFrom])).toEqual([
      ['spof:queue', 'critical', undefined],
      ['cut-set:x+y', 'low', 'info'],
    ]);
    expect(fresh[1]!.title).toMatch(/\(was info when the baseline accepted it\)$/);
    expect(accepted).toHaveLength(headReview.findings.length - 2);
  });

  it('a version 1 baseline (no severities) still accepts it at any severity', () => {
    const parsed = parseBaseline(JSON.stringify({ version: 1, fingerprints: baseReview.findings.map((f) => f.fingerprint) }));
    if ('error' in parsed) throw new Error(parsed.error);
    expect(applyBaseline(headReview.findings, parsed.baseline).fresh.map((f) => f.fingerprint)).toEqual(['spof:queue']);
  });

  it('blast diff lists it with the new findings, marked', () => {
    const d = diffReviews(baseReview, headReview, rankServices(base, compileGraph(base)), rankServices(head, compileGraph(head)));
    expect(d.added.map((f) => [f.fingerprint, f.severity, f.escalatedFrom])).toEqual([
      ['spof:queue', 'critical', undefined],
      ['cut-set:x+y', 'low', 'info'],
    ]);
    expect(d.added[1]!.title).toMatch(/\(was info before this change\)$/);
  });
});
