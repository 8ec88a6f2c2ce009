/**
 * `blast compare` in process. Expected values come from elsewhere than compare's output:
 * - on the bundled catalogs, from two `blast simulate --json` runs (and, for Monte Carlo,
 *   from `simulate --trials N --seed S --json`, whose per-side percentiles compare must
 *   reproduce exactly);
 * - on a two-service catalog worked out by hand (below), where lengthening the fault by
 *   30 minutes must move every paired trial by exactly 30 minutes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo, tempDir } from './helpers.js';
import { tables, tagNames, toHtml } from '../report/markdown-oracle.js';

const SHOP = 'catalogs/example-shop';
const AWS = 'catalogs/aws-us-east-1';
const AWS_SCENARIO = '2025-10-20-dynamodb-dns';

async function run(...argv: string[]) {
  const io = memoryIo();
  const exit = await runCli(argv, io);
  return { exit, out: io.out(), err: io.err() };
}
async function json<T>(...argv: string[]): Promise<T> {
  const r = await run(...argv);
  expect(r.exit, r.err).toBe(0);
  return JSON.parse(r.out) as T;
}

interface SimService {
  id: string;
  impactStartMinutes: number | null;
  recoveredMinutes: number | null;
  recovered: boolean;
  impairedMinutes: number;
}
interface Sim {
  fullRecoveryMinutes: number | null;
  affected: number;
  services: SimService[];
  monteCarlo?: { fullRecoveryMinutes: { p50: number; p90: number; p99: number }; affected: { p50: number; p90: number; p99: number } };
}
interface Stats {
  p5: number;
  p50: number;
  p95: number;
  mean: number | null;
  lower: number;
  same: number;
  higher: number;
}
interface Cmp {
  a: { label: string; fullRecoveryMinutes: number | null; affected: number; serviceHours: number | null };
  b: { label: string; fullRecoveryMinutes: number | null; affected: number; serviceHours: number | null };
  change: { fullRecoveryMinutes: number | null; affected: number; serviceHours: number | null };
  services: Array<{ id: string; kind: string; impactChangeMinutes: number | null; recoveryChangeMinutes: number | null }>;
  monteCarlo?: {
    trials: number;
    seed: number;
    a: { fullRecoveryMinutes: { p50: number; p90: number; p99: number }; affected: { p50: number; p90: number; p99: number } };
    b: { fullRecoveryMinutes: { p50: number; p90: number; p99: number }; affected: { p50: number; p90: number; p99: number } };
    difference: { fullRecoveryMinutes: Stats; affected: Stats; serviceHours: Stats };
  };
}

const hoursOf = (s: Sim): number => Math.round((s.services.reduce((m, x) => m + x.impairedMinutes, 0) / 60) * 1000) / 1000;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

describe('blast compare: two scenarios of the example shop', () => {
  it('matches two simulate --json runs: recovery, affected, service-hours, per-service changes', async () => {
    const a = await json<Sim>('simulate', SHOP, '-s', 'storage-outage', '--json');
    const b = await json<Sim>('simulate', SHOP, '-s', 'payment-gateway-brownout', '--json');
    const c = await json<Cmp>('compare', SHOP, '-s', 'storage-outage', '-s', 'payment-gateway-brownout', '--json');
    expect(c.a).toMatchObject({ label: 'storage-outage', fullRecoveryMinutes: a.fullRecoveryMinutes, affected: a.affected, serviceHours: hoursOf(a) });
    expect(c.b).toMatchObject({ label: 'payment-gateway-brownout', fullRecoveryMinutes: b.fullRecoveryMinutes, affected: b.affected, serviceHours: hoursOf(b) });
    expect(c.change).toEqual({ fullRecoveryMinutes: r3(b.fullRecoveryMinutes! - a.fullRecoveryMinutes!), affected: b.affected - a.affected, serviceHours: r3(hoursOf(b) - hoursOf(a)) });

    // per service, from the two runs: affected on either side; kind and changes
    const byA = new Map(a.services.map((s) => [s.id, s]));
    const byB = new Map(b.services.map((s) => [s.id, s]));
    const expected = a.services
      .filter((s) => s.impactStartMinutes !== null || byB.get(s.id)!.impactStartMinutes !== null)
      .map((s) => {
        const x = byA.get(s.id)!;
        const y = byB.get(s.id)!;
        if (x.impactStartMinutes === null) return { id: s.id, kind: 'newly-affected', impactChangeMinutes: null, recoveryChangeMinutes: null };
        if (y.impactStartMinutes === null) return { id: s.id, kind: 'no-longer-affected', impactChangeMinutes: null, recoveryChangeMinutes: null };
        const di = r3(y.impactStartMinutes - x.impactStartMinutes);
        const dr = r3(y.recoveredMinutes! - x.recoveredMinutes!);
        return { id: s.id, kind: di === 0 && dr === 0 ? 'unchanged' : 'changed', impactChangeMinutes: di, recoveryChangeMinutes: dr };
      });
    const picked = c.services.map(({ id, kind, impactChangeMinutes, recoveryChangeMinutes }) => ({ id, kind, impactChangeMinutes, recoveryChangeMinutes }));
    expect(picked.sort((p, q) => (p.id < q.id ? -1 : 1))).toEqual(expected.sort((p, q) => (p.id < q.id ? -1 : 1)));
    // order: the services affected on one side only first (longest impaired first), then by size of change
    const oneSided = c.services.filter((s) => s.kind === 'newly-affected' || s.kind === 'no-longer-affected');
    expect(c.services.slice(0, oneSided.length)).toEqual(oneSided);
    const impairedOn = (id: string): number => Math.max(byA.get(id)!.impairedMinutes, byB.get(id)!.impairedMinutes);
    for (let k = 1; k < oneSided.length; k++) expect(impairedOn(oneSided[k - 1]!.id)).toBeGreaterThanOrEqual(impairedOn(oneSided[k]!.id));
    const rest = c.services.slice(oneSided.length).map((s) => Math.max(Math.abs(s.impactChangeMinutes!), Math.abs(s.recoveryChangeMinutes!)));
    expect(rest).toEqual([...rest].sort((p, q) => q - p));
  });

  it('text and markdown name both sides and the changes', async () => {
    const text = await run('compare', SHOP, '-s', 'storage-outage', '-s', 'payment-gateway-brownout');
    expect(text.exit).toBe(0);
    expect(text.out).toMatch(/A: storage-outage \(Block storage outage\)/);
    expect(text.out).toMatch(/Time to full recovery +1h54m \(114 min\) +1h46m \(106 min\) +-8m/);
    expect(text.out).toMatch(/Affected services +14 of 19 +3 of 19 +-11/);
    expect(text.out).toMatch(/payment-gateway +not affected → \+5m +not affected → \+35m +newly affected/);
    const md = await run('compare', SHOP, '-s', 'storage-outage', '-s', 'payment-gateway-brownout', '--format', 'markdown');
    expect(md.out).toContain('| Time to full recovery | 1h54m (114 min) | 1h46m (106 min) | -8m |');
    expect(md.out).toContain('| `checkout` Checkout | +0m → +5m (+5m) | +1h54m → +1h46m (-8m) |  |');
  });
});

describe('blast compare: paired Monte Carlo', () => {
  it('each side reproduces simulate --trials; a scenario against itself differs by exactly 0 in every trial', async () => {
    const sim = await json<Sim>('simulate', AWS, '-s', AWS_SCENARIO, '--trials', '120', '--seed', '5', '--threads', '1', '--json');
    const c = await json<Cmp>('compare', AWS, '-s', AWS_SCENARIO, '--against', AWS, '--trials', '120', '--seed', '5', '--json');
    expect(c.monteCarlo!.a.fullRecoveryMinutes).toEqual({ p50: sim.monteCarlo!.fullRecoveryMinutes.p50, p90: sim.monteCarlo!.fullRecoveryMinutes.p90, p99: sim.monteCarlo!.fullRecoveryMinutes.p99 });
    expect(c.monteCarlo!.b.fullRecoveryMinutes).toEqual(c.monteCarlo!.a.fullRecoveryMinutes);
    expect(c.monteCarlo!.a.affected).toEqual(sim.monteCarlo!.affected);
    for (const d of Object.values(c.monteCarlo!.difference)) expect(d).toMatchObject({ p5: 0, p50: 0, p95: 0, mean: 0, lower: 0, same: 1, higher: 0 });
    expect(c.change).toEqual({ fullRecoveryMinutes: 0, affected: 0, serviceHours: 0 });
    expect(c.services.every((s) => s.kind === 'unchanged')).toBe(true);
  });
});

// By hand: db fails at 0 for F minutes, then warms up for T (lognormal, p50 10m); app depends
// on db hard. Both recover at F + T; service-hours 2 (F + T) / 60. A has F = 30, B has F = 60:
// point estimate (T = 10) A 40 min, B 70 min, +30 min, hours 80/60 → 140/60 (+1.0). Paired
// trials share T (same parameter label), so every trial differs by exactly +30 min, +1.0 h.
const catalogWith = (minutes: number): string => `version: 1
services:
  db:
    name: Database
    tier: 0
    recovery:
      time: {p50: 10m, p90: 30m}
  app:
    name: App
    tier: 1
    dependsOn: [db]
scenarios:
  outage:
    faults:
      - {service: db, at: 0m, for: ${minutes}m}
`;

describe('blast compare: one scenario on two catalogs', () => {
  const tmp = tempDir('compare');
  afterAll(() => tmp.cleanup());
  const dirA = join(tmp.dir, 'a');
  const dirB = join(tmp.dir, 'b');
  mkdirSync(dirA);
  mkdirSync(dirB);
  writeFileSync(join(dirA, 'catalog.yaml'), catalogWith(30));
  writeFileSync(join(dirB, 'catalog.yaml'), catalogWith(60));

  const check = (c: Cmp) => {
    expect(c.a).toMatchObject({ fullRecoveryMinutes: 40, affected: 2, serviceHours: r3(80 / 60) });
    expect(c.b).toMatchObject({ fullRecoveryMinutes: 70, affected: 2, serviceHours: r3(140 / 60) });
    expect(c.change).toEqual({ fullRecoveryMinutes: 30, affected: 0, serviceHours: r3(r3(140 / 60) - r3(80 / 60)) });
    expect(c.services.map((s) => [s.id, s.kind, s.impactChangeMinutes, s.recoveryChangeMinutes])).toEqual([
      ['app', 'changed', 0, 30],
      ['db', 'changed', 0, 30],
    ]);
    const d = c.monteCarlo!.difference;
    expect(d.fullRecoveryMinutes).toMatchObject({ p5: 30, p50: 30, p95: 30, mean: 30, lower: 0, same: 0, higher: 1 });
    expect(d.serviceHours).toMatchObject({ p5: 1, p50: 1, p95: 1, mean: 1, higher: 1 });
    expect(d.affected).toMatchObject({ p50: 0, same: 1 });
    // each side on its own still varies (T is uncertain): pairing, not a constant, makes the difference exact
    expect(c.monteCarlo!.a.fullRecoveryMinutes.p90).toBeGreaterThan(c.monteCarlo!.a.fullRecoveryMinutes.p50);
  };

  it('--against <dir>: A is the other catalog', async () => {
    const c = await json<Cmp>('compare', dirB, '-s', 'outage', '--against', dirA, '--trials', '300', '--seed', '9', '--json');
    check(c);
  });

  it('--base-ref: A is the catalog as committed, B the working tree', async () => {
    const repo = join(tmp.dir, 'repo');
    mkdirSync(join(repo, 'cat'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    writeFileSync(join(repo, 'cat', 'catalog.yaml'), catalogWith(30));
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(join(repo, 'cat', 'catalog.yaml'), catalogWith(60));
    const c = await json<Cmp>('compare', join(repo, 'cat'), '-s', 'outage', '--base-ref', 'HEAD', '--trials', '300', '--seed', '9', '--json');
    check(c);
    expect(c.a.label).toMatch(/cat at HEAD$/);
  });

  it('--fail on two catalogs: the same ad-hoc failure on both', async () => {
    const c = await json<Cmp>('compare', dirB, '--fail', 'db', '--for', '20m', '--against', dirA, '--json');
    // same failure, same catalogs apart from the scenario: no change
    expect(c.change).toEqual({ fullRecoveryMinutes: 0, affected: 0, serviceHours: 0 });
    expect(c.a.fullRecoveryMinutes).toBe(30); // 20 min fault + 10 min warm-up (median)
  });

  it.each([
    [['-s', 'outage'], /give two scenarios \(-s A -s B\), or one scenario with --against/],
    [['-s', 'outage', '-s', 'outage', '-s', 'outage'], /3 scenarios given/],
    [['-s', 'outage', '-s', 'outage', '--against', 'x'], /with --against or --base-ref give one scenario/],
    [['--fail', 'db'], /--fail compares the same failure on two catalogs/],
    [['-s', 'outage', '--against', 'x', '--base-ref', 'HEAD'], /give --against or --base-ref, not both/],
    [['-s', 'nope', '-s', 'outage'], /no scenario "nope"/],
    [['-s', 'outage', '--trials', '-1'], /expected a whole number/],
  ])('%s: exit 2 with a message', async (args, message) => {
    const r = await run('compare', dirB, ...args);
    expect(r.exit).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
  });

  it('a scenario missing from the other catalog names that catalog', async () => {
    writeFileSync(join(tmp.dir, 'c.yaml'), catalogWith(30).replace('outage:', 'other:'));
    const r = await run('compare', dirB, '-s', 'outage', '--against', join(tmp.dir, 'c.yaml'));
    expect(r.exit).toBe(2);
    expect(r.err).toMatch(/c\.yaml: no scenario "outage" in this catalog/);
  });
});

describe('blast compare: catalog text in markdown stays text', () => {
  const tmp = tempDir('compare-md');
  afterAll(() => tmp.cleanup());
  it('names with HTML, pipes, quotes and newlines: every table row keeps its cells, no HTML element appears', async () => {
    // the hostile corpus with its fault made longer: every affected service changes
    const longer = tmp.write('catalog.yaml', readFileSync('test/fixtures/graph/hostile/catalog.yaml', 'utf8').replace('for: 30m', 'for: 45m'));
    const r = await run('compare', longer, '-s', 'outage', '--against', 'test/fixtures/graph/hostile', '--format', 'markdown');
    expect(r.exit, r.err).toBe(0);
    const t = tables(r.out);
    expect(t).toHaveLength(2);
    expect(t[1]!.rows).toEqual(Array.from({ length: 6 }, () => 4)); // six services, four cells each
    const first = t[1]!.cells.map((row) => row[0]);
    expect(first).toContain('html <script>alert(1)</script> &lt;b&gt;');
    expect(first).toContain('newline Line one Line two Line three');
    expect(first).toContain('constructor Quote " double \' single "] close');
    const html = toHtml(r.out);
    const allowed = new Set(['code', 'h2', 'h3', 'li', 'p', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul']);
    expect([...tagNames(html)].filter((tag) => !allowed.has(tag))).toEqual([]);
    expect(tagNames(html).has('table')).toBe(true);
  });
});
