/**
 * Cut-set findings, one per cut set, on test/fixtures/analysis/cut-sets.yaml, every answer
 * worked out by hand from the catalog:
 *
 *   store (tier 1) needs 1 of [a, b]; shop (tier 0) needs store; report (tier 1) needs store
 *   and a; queue (tier 1) needs 1 of [x, y]; quorum (tier 0) needs 1 of [a, c, x].
 *   Targets: the tier 0-1 services store, shop, report, queue, quorum.
 *
 *   store:  a alone leaves b, b alone leaves a: no SPOF; {a, b} is a minimal cut set.
 *   shop:   SPOF store; {a, b} through store.
 *   report: SPOFs store and a; {a, b} takes it down, but a alone already does: not minimal,
 *           and b with anything but a is not enough, so report has no cut set of order 2.
 *   queue:  {x, y}.
 *   quorum: {a, c, x}, order 3 (no pair leaves it without a member).
 *
 * So three sets: {a, b} for shop and store, {x, y} for queue, {a, c, x} for quorum (order 3).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyBaseline, parseBaseline, serializeBaseline } from '../../src/analysis/baseline.js';
import { explainCutSet } from '../../src/analysis/cut-set-findings.js';
import { findingJson, type CutSetFinding, type Finding } from '../../src/analysis/findings.js';
import { reviewCatalog } from '../../src/analysis/review.js';
import { findingLine } from '../../src/analysis/render/markdown.js';
import { reviewSarif } from '../../src/analysis/render/sarif.js';
import { compileGraph } from '../../src/graph/compile.js';
import { FIXTURES, load } from './load.js';
import { catalogFromShape, shapeArb } from './random-catalog.js';

const FILE = `${FIXTURES}/cut-sets.yaml`;
const catalog = load(FILE);
const cutSets = (fs: readonly Finding[]): CutSetFinding[] => fs.filter((f): f is CutSetFinding => f.kind === 'cut-set');
/** The text of the catalog at a finding position. */
const textAt = (p: { line: number; col: number }): string => readFileSync(FILE, 'utf8').split('\n')[p.line - 1]!.slice(p.col - 1);

describe('one cut-set finding per cut set', () => {
  const review = reviewCatalog(catalog, { maxOrder: 3 });
  const sets = cutSets(review.findings);

  it('finds the three sets, each with the targets it is a minimal cut set of, most critical first', () => {
    expect(sets.map((f) => [f.fingerprint, f.targets, f.tierCounts])).toEqual([
      // compareFindings: low before info, then by fingerprint
      ['cut-set:a+b', ['shop', 'store'], [1, 1, 0, 0]],
      ['cut-set:a+c+x', ['quorum'], [1, 0, 0, 0]],
      ['cut-set:x+y', ['queue'], [0, 1, 0, 0]],
    ]);
    // report is down with {a, b} but not among its targets: a alone takes it down.
    expect(sets.some((f) => f.targets.includes('report'))).toBe(false);
  });

  it('takes its severity from its most critical target: a pair on tier 0 low, others info', () => {
    // {a, b}: a pair, shop is tier 0 → low (store, tier 1, alone would be info).
    // {a, c, x}: quorum is tier 0, but three failures → info. {x, y}: queue is tier 1 → info.
    expect(sets.map((f) => f.severity)).toEqual(['low', 'info', 'info']);
  });

  it('titles count the targets by tier, or name the one target', () => {
    expect(sets.map((f) => f.title)).toEqual([
      'a + b failing together take 2 targets (1 tier 0, 1 tier 1) down',
      'a + c + x failing together take quorum (tier 0) down',
      'x + y failing together take queue (tier 1) down',
    ]);
    expect(findingLine(sets[0]!)).toBe('a + b failing together take 2 targets (1 tier 0, 1 tier 1) down: shop, store');
  });

  it('has one path per member from the most critical target, located at its dependency entry', () => {
    const ab = sets[0]!;
    expect(ab.evidence.map((p) => p.map((s) => s.id))).toEqual([
      ['shop', 'store', 'a'],
      ['shop', 'store', 'b'],
    ]);
    // shop's dependsOn entry naming store starts the path; the related locations name the members in store's group.
    expect([ab.location.line, textAt(ab.location)]).toEqual([22, 'store]']);
    expect(ab.related.map((r) => [r.message, textAt(r.pos).slice(0, 1)])).toEqual([
      ['store depends on a', 'a'],
      ['store depends on b', 'b'],
    ]);
    expect(ab.remedy).toBe('make sure a and b cannot fail together (different zones, hosts, deploys), or add redundancy so 2 failures are not enough; `blast review --explain a+b` lists the paths from each target');
    expect(sets[2]!.remedy).toBe('make sure x and y cannot fail together (different zones, hosts, deploys), or add redundancy so 2 failures are not enough');
  });

  it('at the default order 2, no triple; with --target, only the sets of those targets', () => {
    expect(cutSets(reviewCatalog(catalog).findings).map((f) => f.fingerprint)).toEqual(['cut-set:a+b', 'cut-set:x+y']);
    // store alone: {a, b} for store only, and info (store is tier 1).
    const store = cutSets(reviewCatalog(catalog, { targets: ['store'] }).findings);
    expect(store.map((f) => [f.fingerprint, f.targets, f.severity])).toEqual([['cut-set:a+b', ['store'], 'info']]);
  });

  it('JSON lists the ten most critical targets and counts them all', () => {
    // 12 more tier-1 services on store: {a, b} takes down shop, store and those 12 = 14.
    const more = load(FILE);
    const services = new Map(more.services);
    const store = services.get('store')!;
    for (let i = 1; i <= 12; i++) {
      const id = `t${String(i).padStart(2, '0')}`;
      services.set(id, { ...services.get('report')!, id, name: id, dependsOn: [store.dependsOn[0]!] });
    }
    const f = cutSets(reviewCatalog({ ...more, services }).findings).find((x) => x.fingerprint === 'cut-set:a+b')!;
    expect(f.targets).toHaveLength(14);
    expect(f.tierCounts).toEqual([1, 13, 0, 0]);
    const j = findingJson(f) as CutSetFinding & { targetCount: number };
    expect(j.targetCount).toBe(14);
    // shop (tier 0), then tier 1 by id: store, t01 … t12
    expect(j.targets).toEqual(['shop', 'store', 't01', 't02', 't03', 't04', 't05', 't06', 't07', 't08']);
    expect(findingLine(f)).toBe('a + b failing together take 14 targets (1 tier 0, 13 tier 1) down: shop, store, t01, t02, t03, t04, t05, t06, t07, t08, … 4 more');
  });
});

describe('SARIF: one result per cut set', () => {
  type Json = Record<string, unknown>;
  const review = reviewCatalog(catalog, { maxOrder: 3 });
  const run = ((reviewSarif(review.findings, { toolVersion: '0' }) as Json).runs as Json[])[0]!;
  const results = run.results as Json[];
  const region = (l: Json): Json => ((l.physicalLocation as Json).region as Json);

  it('at the most critical target\'s path, the other targets in the message, the members as related locations', () => {
    // 2 SPOF findings (store, a) and 3 cut sets: 5 results, one per finding.
    expect(results).toHaveLength(5);
    const ab = results.find((r) => (r.partialFingerprints as Json)['blastRadiusFinding/v1'] === 'cut-set:a+b')!;
    expect(ab).toMatchObject({ ruleId: 'cut-set', level: 'note', properties: { severity: 'low', fingerprint: 'cut-set:a+b' } });
    // shop's `dependsOn: [store]`, line 22, column 17
    expect(region((ab.locations as Json[])[0]!)).toEqual({ startLine: 22, startColumn: 17 });
    expect((ab.message as Json).text).toBe(
      'a + b failing together take 2 targets (1 tier 0, 1 tier 1) down: shop, store. Paths: shop → store ⇒[1 of 2] a; shop → store ⇒[1 of 2] b. ' +
        'make sure a and b cannot fail together (different zones, hosts, deploys), or add redundancy so 2 failures are not enough; `blast review --explain a+b` lists the paths from each target.',
    );
    // a and b as named in store's group (line 18: `of: [a, b]`)
    expect((ab.relatedLocations as Json[]).map((r) => [region(r), (r.message as Json).text])).toEqual([
      [{ startLine: 18, startColumn: 14 }, 'store depends on a'],
      [{ startLine: 18, startColumn: 17 }, 'store depends on b'],
    ]);
  });
});

describe('explainCutSet: every target a set takes down', () => {
  const cg = compileGraph(catalog);
  const targets = reviewCatalog(catalog).targets.map((id) => cg.index.get(id)!);
  const idx = (...ids: string[]): number[] => ids.map((id) => cg.index.get(id)!);

  it('the targets of its finding, each with a path to every member; and those a part of it takes down', () => {
    const r = explainCutSet(catalog, cg, idx('b', 'a'), targets);
    expect(r.explained.map((e) => [e.target, e.tier, e.paths.map((p) => p.map((s) => s.id).join(' '))])).toEqual([
      ['shop', 0, ['shop store a', 'shop store b']],
      ['store', 1, ['store a', 'store b']],
    ]);
    expect(r.explained[1]!.location.line).toBe(18); // store's group entry
    expect(r.subsumed).toEqual([{ target: 'report', tier: 1, by: ['a'] }]);
  });

  it('a set that is no minimal cut set: everything it takes down is by a part of it', () => {
    // {store, x}: store alone takes shop and report down; x alone nothing; together queue
    // still has y and quorum has a and c.
    const r = explainCutSet(catalog, cg, idx('store', 'x'), targets);
    expect(r.explained).toEqual([]);
    expect(r.subsumed).toEqual([
      { target: 'shop', tier: 0, by: ['store'] },
      { target: 'report', tier: 1, by: ['store'] },
    ]);
  });
});

describe('baselines written when cut-set findings were one per (target, set)', () => {
  const review = reviewCatalog(catalog, { maxOrder: 3 });

  it('cut-set:<target>:<set> accepts the finding of that set, for every target', () => {
    // The old review had cut-set:shop:a+b, cut-set:store:a+b, cut-set:queue:x+y and
    // cut-set:quorum:a+c+x. A baseline with store's {a, b} and queue's {x, y} only:
    const old = JSON.stringify({ version: 1, fingerprints: ['cut-set:store:a+b', 'cut-set:queue:x+y', 'spof:shop:store'] });
    const parsed = parseBaseline(old);
    if (!('baseline' in parsed)) throw new Error('not parsed');
    expect([...parsed.baseline.fingerprints].sort()).toEqual(['cut-set:a+b', 'cut-set:x+y', 'spof:store']);
    const { fresh, accepted } = applyBaseline(review.findings, parsed.baseline);
    // {a, b} is accepted for shop too (as an old SPOF fingerprint accepts its cause for every target).
    expect(accepted.map((f) => f.fingerprint).sort()).toEqual(['cut-set:a+b', 'cut-set:x+y', 'spof:store']);
    expect(fresh.map((f) => f.fingerprint).sort()).toEqual(['cut-set:a+c+x', 'spof:a']);
    // Written again, the baseline has the new form only.
    expect(Object.keys((JSON.parse(serializeBaseline(accepted)) as { findings: object }).findings)).toEqual(['cut-set:a+b', 'cut-set:x+y', 'spof:store']);
  });

  it('a baseline of every old per-target fingerprint accepts every aggregated finding', () => {
    const old = ['cut-set:shop:a+b', 'cut-set:store:a+b', 'cut-set:queue:x+y', 'cut-set:quorum:a+c+x', 'spof:shop:store', 'spof:report:store', 'spof:report:a'];
    const parsed = parseBaseline(JSON.stringify({ version: 1, fingerprints: old }));
    if (!('baseline' in parsed)) throw new Error('not parsed');
    expect(applyBaseline(review.findings, parsed.baseline).fresh).toEqual([]);
  });

  it('new fingerprints are read as they are', () => {
    const parsed = parseBaseline(serializeBaseline(review.findings));
    if (!('baseline' in parsed)) throw new Error('not parsed');
    expect([...parsed.baseline.fingerprints].filter((f) => f.startsWith('cut-set:')).sort()).toEqual(['cut-set:a+b', 'cut-set:a+c+x', 'cut-set:x+y']);
  });
});

describe('--explain of a set agrees with its finding', () => {
  it('on random catalogs: the targets explained are the finding\'s, the evidence the first one\'s paths', () => {
    let checked = 0;
    let shared = 0;
    fc.assert(
      fc.property(shapeArb({ maxServices: 12 }), fc.integer({ min: 2, max: 3 }), (shape, maxOrder) => {
        const cat = catalogFromShape(shape);
        const targets = [...cat.services.keys()];
        const review = reviewCatalog(cat, { maxOrder, targets });
        if (review.truncatedCutSets.length > 0) return; // a stopped search may miss targets
        const cg = compileGraph(cat);
        const idx = targets.map((id) => cg.index.get(id)!);
        for (const f of cutSets(review.findings)) {
          const r = explainCutSet(cat, cg, f.set.map((id) => cg.index.get(id)!), idx);
          expect([f.fingerprint, r.explained.map((e) => e.target)]).toEqual([f.fingerprint, f.targets]);
          expect(r.explained[0]!.paths).toEqual(f.evidence);
          expect(r.explained[0]!.location).toEqual(f.location);
          // and nothing it takes down is left out: every subsumed target has a smaller set that suffices
          for (const x of r.subsumed) expect(x.by.length).toBeLessThan(f.set.length);
          checked++;
          if (f.targets.length > 1) shared++;
        }
      }),
      { numRuns: 200 },
    );
    // the property was checked on sets, some of them shared by several targets
    expect([checked > 20, shared > 5]).toEqual([true, true]);
  });
});
