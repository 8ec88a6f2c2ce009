/** `blast review` in-process: formats, the --fail-on gate, baselines, bad input. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from './helpers.js';

/**
 * The review text with its wrapped lines joined: a finding's lines wrap at 100 columns, their
 * continuations indented 13 columns (under a finding's text) or 4 (under a section's fix).
 */
const unwrapped = (text: string): string => text.replace(/\n( {13}| {4})(?=\S)/g, ' ');

const SMALL = 'test/fixtures/analysis/review-small.yaml';
const CUTS = 'test/fixtures/analysis/cut-sets.yaml';
/** Directories made by the tests, removed after them. */
const made: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'blast-review-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('blast review', () => {
  it('prints findings grouped by kind, with paths and locations', async () => {
    const io = memoryIo();
    expect(await runCli(['review', SMALL], io)).toBe(0);
    const out = io.out();
    // 7 findings in review-small.yaml, derived by hand in test/analysis/review.test.ts (8 before
    // cut sets were one finding per set: {db-a, db-b} was one for front and one for api)
    expect(out.split('\n')[0]).toBe('blast review: Review fixture: 7 findings (3 critical, 2 high, 0 medium, 2 low, 0 info)');
    expect(out).toContain('front → api ⇒[1 of 2] db-a → control-plane');
    // SPOFs grouped by failing service under a header, most critical first: control-plane
    // (1 tier-0 and 3 tier-1 targets) before logs (1 and 1) before api (front only).
    const lines = unwrapped(out).split('\n');
    const at = lines.indexOf('Single point of failure (3 failing services)');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('  severity failing service: critical services its failure alone takes down (most critical first)');
    expect(lines[at + 2]).toBe('  critical control-plane: single point of failure for 4 targets (1 tier 0, 3 tier 1): front, api, db-a, db-b');
    expect(lines[at + 4]).toBe('  critical logs: single point of failure for 2 targets (1 tier 0, 1 tier 1): front, api');
    expect(lines[at + 6]).toBe('  critical api: single point of failure for 1 target: front');
    expect(out).toMatch(/Shared fate \(false redundancy\) \(1\)/);
    expect(out).toContain(`at ${SMALL}:`);
    expect(out).not.toContain('\u001b[');
  });

  it('colours only when asked, and NO_COLOR / --no-color win', async () => {
    const forced = memoryIo({ FORCE_COLOR: '1' });
    await runCli(['review', SMALL], forced);
    expect(forced.out()).toContain('\u001b[');
    const off = memoryIo({ FORCE_COLOR: '1' });
    await runCli(['--no-color', 'review', SMALL], off);
    expect(off.out()).not.toContain('\u001b[');
    const noColor = memoryIo({ FORCE_COLOR: '1', NO_COLOR: '1' });
    await runCli(['review', SMALL], noColor);
    expect(noColor.out()).not.toContain('\u001b[');
  });

  it.each([
    ['critical', 1],
    ['high', 1],
    ['info', 1],
  ])('--fail-on %s exits %i when findings reach it', async (sev, code) => {
    expect(await runCli(['review', SMALL, '--fail-on', sev], memoryIo())).toBe(code);
  });

  it('--fail-on exits 0 when nothing reaches the threshold', async () => {
    // fail-on-degraded.yaml: 3 high SPOFs and 1 info cut set, nothing critical.
    expect(await runCli(['review', 'test/fixtures/analysis/fail-on-degraded.yaml', '--fail-on', 'critical'], memoryIo())).toBe(0);
    expect(await runCli(['review', 'test/fixtures/analysis/fail-on-degraded.yaml', '--fail-on', 'high'], memoryIo())).toBe(1);
  });

  it('--json has the findings, the counts and the targets', async () => {
    const io = memoryIo();
    expect(await runCli(['review', SMALL, '--json'], io)).toBe(0);
    const j = JSON.parse(io.out()) as { findings: Array<{ fingerprint: string; kind: string }>; counts: Record<string, number>; targets: string[]; accepted: number };
    expect(j.counts).toEqual({ critical: 3, high: 2, medium: 0, low: 2, info: 0 });
    expect(j.targets).toEqual(['front', 'api', 'db-a', 'db-b', 'control-plane']);
    expect(j.findings.filter((f) => f.kind === 'shared-fate').map((f) => f.fingerprint)).toEqual(['shared-fate:api:db-a+db-b']);
    expect(j.accepted).toBe(0);
  });

  it('--format markdown and --format sarif (to a file with -o)', async () => {
    const md = memoryIo();
    expect(await runCli(['review', SMALL, '--format', 'markdown'], md)).toBe(0);
    expect(md.out().startsWith('## blast review: Review fixture\n')).toBe(true);
    const dir = tmp();
    const file = join(dir, 'out', 'blast.sarif');
    const io = memoryIo();
    expect(await runCli(['review', SMALL, '--format', 'sarif', '-o', file], io)).toBe(0);
    expect(io.out()).toBe('');
    const sarif = JSON.parse(readFileSync(file, 'utf8')) as { version: string; runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results).toHaveLength(7);
    // relative to the repository root, which is the working directory here
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(SMALL);
  });

  it('a baseline accepts current findings: only new ones are reported and fail', async () => {
    const dir = tmp();
    const baseline = join(dir, 'baseline.json');
    const w = memoryIo();
    expect(await runCli(['review', SMALL, '--write-baseline', baseline, '--fail-on', 'info'], w)).toBe(0);
    expect(w.err()).toContain('wrote 7 fingerprints');
    const again = memoryIo();
    expect(await runCli(['review', SMALL, '--baseline', baseline, '--fail-on', 'info'], again)).toBe(0);
    // the header wraps at 100 columns, continued 2 columns in
    expect(again.out().replace(/\n {2}/g, ' ')).toContain('0 findings (0 critical, 0 high, 0 medium, 0 low, 0 info), 7 accepted by the baseline');
    // The changed catalog adds front → cache: a critical SPOF and a medium tier inversion.
    const head = memoryIo();
    expect(await runCli(['review', 'test/fixtures/analysis/review-small-head.yaml', '--baseline', baseline, '--fail-on', 'critical', '--json'], head)).toBe(1);
    const j = JSON.parse(head.out()) as { findings: Array<{ fingerprint: string }> };
    expect(j.findings.map((f) => f.fingerprint)).toEqual(['spof:cache', 'tier-inversion:front:cache']);
  });

  it('a baseline finding that became more severe is reported again, and gates', async () => {
    // cut-sets.yaml: {x, y} takes queue (tier 1) down, severity info. Adding a tier-0 pay that
    // needs queue makes the same set take a tier-0 target down (low) and queue a critical SPOF.
    const dir = tmp();
    const baseline = join(dir, 'baseline.json');
    expect(await runCli(['review', CUTS, '--write-baseline', baseline], memoryIo())).toBe(0);
    const head = join(dir, 'head.yaml');
    writeFileSync(head, `${readFileSync(CUTS, 'utf8')}  pay:\n    name: Pay\n    tier: 0\n    dependsOn: [queue]\n`);
    const text = memoryIo();
    expect(await runCli(['review', head, '--baseline', baseline, '--fail-on', 'low', '--no-color'], text)).toBe(1);
    expect(text.out().replace(/\n {2}/g, ' ')).toContain('2 findings (1 critical, 0 high, 0 medium, 1 low, 0 info), 1 of them known before at a lower severity,');
    expect(text.out()).toContain('was info before: it takes more critical services down now');
    const json = memoryIo();
    await runCli(['review', head, '--baseline', baseline, '--json'], json);
    const j = JSON.parse(json.out()) as { findings: Array<{ fingerprint: string; severity: string; escalatedFrom?: string }> };
    expect(j.findings.map((f) => [f.fingerprint, f.severity, f.escalatedFrom ?? null])).toEqual([['spof:queue', 'critical', null], ['cut-set:x+y', 'low', 'info']]);
  });

  it('bad input exits 2 with a message: missing or malformed baseline, unknown target, bad option', async () => {
    const missing = memoryIo();
    expect(await runCli(['review', SMALL, '--baseline', 'no/such/baseline.json'], missing)).toBe(2);
    expect(missing.err()).toContain('cannot read baseline no/such/baseline.json: no such file');
    const dir = tmp();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"fingerprints": "x"}');
    const malformed = memoryIo();
    expect(await runCli(['review', SMALL, '--baseline', bad], malformed)).toBe(2);
    expect(malformed.err()).toContain(`${bad}:1:1: not a baseline file`);
    const target = memoryIo();
    expect(await runCli(['review', SMALL, '--target', 'frnt'], target)).toBe(2);
    expect(target.err()).toContain('no service "frnt"');
    expect(target.err()).toContain('did you mean "front"?');
    const sev = memoryIo();
    expect(await runCli(['review', SMALL, '--fail-on', 'severe'], sev)).toBe(2);
    expect(sev.err()).toContain('expected one of critical, high, medium, low, info');
    const unwritable = memoryIo();
    expect(await runCli(['review', SMALL, '--write-baseline', dir], unwritable)).toBe(2);
    expect(unwritable.err()).toContain(`${dir} is a directory`);
    const fmt = memoryIo();
    expect(await runCli(['review', SMALL, '--format', 'html'], fmt)).toBe(2);
    expect(await runCli(['review', 'no/such/catalog'], memoryIo())).toBe(2);
    for (const io of [missing, malformed, target, sev, fmt, unwritable]) expect(io.err()).not.toMatch(/\n\s+at /);
  });

  it('--target and --max-order narrow the review', async () => {
    const io = memoryIo();
    expect(await runCli(['review', 'catalogs/example-shop', '--target', 'catalog-db', '--max-order', '2', '--json'], io)).toBe(0);
    const j = JSON.parse(io.out()) as { findings: Array<{ fingerprint: string; kind: string }> };
    // catalog-db needs 2 of 3 nodes that all need storage: storage is its only SPOF, and
    // any two nodes are a cut set.
    expect(j.findings.filter((f) => f.kind === 'spof' || f.kind === 'cut-set').map((f) => f.fingerprint).sort()).toEqual([
      'cut-set:db-node-a+db-node-b',
      'cut-set:db-node-a+db-node-c',
      'cut-set:db-node-b+db-node-c',
      'spof:storage',
    ]);
  });

  it('--explain lists every target of one failing service with its path; --json too', async () => {
    const io = memoryIo();
    expect(await runCli(['review', SMALL, '--explain', 'logs'], io)).toBe(0);
    expect(io.out().split('\n').slice(0, 5)).toEqual([
      'blast review --explain logs: its failure alone takes down 2 of 5 targets',
      '  severity target                       path  (where it starts)',
      // 40 + 18 + 2 + 42 = 102 columns with the location: it goes on a line of its own
      '  critical front                        front → api → logs',
      `                                        at ${SMALL}:11:9`,
      expect.stringMatching(/^ {2}high {5}api {26}api → logs {2}test\/fixtures\/analysis\/review-small\.yaml:\d+:\d+$/),
    ]);
    const js = memoryIo();
    expect(await runCli(['review', SMALL, '--explain', 'control-plane', '--json'], js)).toBe(0);
    const j = JSON.parse(js.out()) as { targets: number; explained: Array<{ target: string }> };
    expect(j.targets).toBe(4);
    expect(j.explained.map((r) => r.target)).toEqual(['front', 'api', 'db-a', 'db-b']);
    const none = memoryIo();
    expect(await runCli(['review', SMALL, '--explain', 'search'], none)).toBe(0);
    expect(none.out()).toContain('search is not a single point of failure for any target');
    const bad = memoryIo();
    expect(await runCli(['review', SMALL, '--explain', 'lgos'], bad)).toBe(2);
    expect(bad.err()).toContain('did you mean "logs"?');
  });

  it('prints one cut-set finding per set: its targets, a path to each member, the fix once', async () => {
    // test/fixtures/analysis/cut-sets.yaml, worked out in test/analysis/cut-set-findings.test.ts
    const io = memoryIo();
    expect(await runCli(['review', CUTS, '--max-order', '3'], io)).toBe(0);
    expect(io.out().split('\n').filter((l) => [...l].length > 100)).toEqual([]);
    const lines = unwrapped(io.out()).split('\n');
    const at = lines.indexOf('Minimal cut set (3 sets)');
    expect(at).toBeGreaterThan(0);
    // low first; then info with a tier-0 target before info without
    expect(lines.slice(at + 1)).toEqual([
      '  severity failures that take critical services down only together: targets (most critical first)',
      '  low      a + b: together take down 2 targets (1 tier 0, 1 tier 1): shop, store',
      `           shop → store ⇒[1 of 2] a  at ${CUTS}:22:17`,
      '           shop → store ⇒[1 of 2] b',
      '  info     a + c + x: together take down 1 target: quorum',
      `           quorum ⇒[1 of 3] a  at ${CUTS}:38:14`,
      '           quorum ⇒[1 of 3] c',
      '           quorum ⇒[1 of 3] x',
      '  info     x + y: together take down 1 target: queue',
      `           queue ⇒[1 of 2] x  at ${CUTS}:32:14`,
      '           queue ⇒[1 of 2] y',
      "  fix: make sure the members of each set cannot fail together (different zones, hosts, deploys), or add redundancy so that as many failures no longer suffice; `blast review --explain a+b` lists the paths from each of a set's targets",
      '',
    ]);
  });

  it('--explain a+b lists every target of a cut set with a path to each member; --json too; bad sets exit 2', async () => {
    const io = memoryIo();
    // members in any order, each once
    expect(await runCli(['review', CUTS, '--explain', 'b+a+b'], io)).toBe(0);
    expect(io.out().split('\n')).toEqual([
      // within 100 columns: the 108-column header wraps; a path with its location would take
      // 40 + 24 + 2 + 42 = 108 columns, so the location goes on a line of its own
      'blast review --explain a+b: failing together, a + b take down 2 of 5 targets that no fewer of them',
      '  take down',
      '  severity target                       a path to each member  (where the first starts)',
      '  low      shop                         shop → store ⇒[1 of 2] a',
      `                                        at ${CUTS}:22:17`,
      '                                        shop → store ⇒[1 of 2] b',
      '  info     store                        store ⇒[1 of 2] a',
      `                                        at ${CUTS}:18:14`,
      '                                        store ⇒[1 of 2] b',
      '',
      'also down, but fewer of them suffice (1 target):',
      '  report                       tier 1, down by a',
      '',
    ]);
    const js = memoryIo();
    expect(await runCli(['review', CUTS, '--explain', 'a+b', '--json'], js)).toBe(0);
    const j = JSON.parse(js.out()) as { set: string[]; targets: number; of: number; explained: Array<{ target: string; severity: string; paths: Array<Array<{ id: string }>> }>; subsumed: Array<{ target: string; by: string[] }> };
    expect([j.set, j.targets, j.of]).toEqual([['a', 'b'], 2, 5]);
    expect(j.explained.map((r) => [r.target, r.severity, r.paths.length])).toEqual([
      ['shop', 'low', 2],
      ['store', 'info', 2],
    ]);
    expect(j.subsumed).toEqual([{ target: 'report', tier: 1, by: ['a'] }]);
    // --target narrows the targets explained
    const one = memoryIo();
    expect(await runCli(['review', CUTS, '--explain', 'x+y', '--target', 'queue,shop'], one)).toBe(0);
    // the header wraps at 100 columns, continued 2 in
    expect(one.out().replace('\n  ', ' ').split('\n')[0]).toBe('blast review --explain x+y: failing together, x + y take down 1 of 2 targets that no fewer of them take down');
    for (const [arg, message] of [
      ['a+', '--explain: expected a service id, or service ids joined by + (a cut set), got "a+"'],
      ['a+bb', 'no service "bb"'],
      ['a+b+c+x+y+store+shop+report+queue', '--explain: a cut set of at most 8 services, got 9'],
    ] as const) {
      const bad = memoryIo();
      expect(await runCli(['review', CUTS, '--explain', arg], bad)).toBe(2);
      expect(bad.err()).toContain(message);
      expect(bad.err()).not.toMatch(/\n\s+at /);
    }
  });

  it('--json cuts a cut-set finding\'s targets to the most critical ten and counts them all', async () => {
    const io = memoryIo();
    expect(await runCli(['review', 'catalogs/example-shop', '--json'], io)).toBe(0);
    const j = JSON.parse(io.out()) as { findings: Array<{ kind: string; fingerprint: string; severity: string; set?: string[]; targets?: string[]; targetCount?: number; tierCounts?: number[] }> };
    // The shop's three pairs of database nodes, each for catalog-db and what depends on it:
    // catalog-db, checkout (tier 0); catalog-api, orders, web (tier 1).
    const cuts = j.findings.filter((f) => f.kind === 'cut-set');
    expect(cuts.map((f) => [f.fingerprint, f.severity, f.targets, f.targetCount, f.tierCounts])).toEqual(
      ['db-node-a+db-node-b', 'db-node-a+db-node-c', 'db-node-b+db-node-c'].map((s) => [`cut-set:${s}`, 'low', ['catalog-db', 'checkout', 'catalog-api', 'orders', 'web'], 5, [2, 3, 0, 0]]),
    );
  });

  it('--json cuts a SPOF finding\'s targets to the most critical ten and counts them all', async () => {
    const io = memoryIo();
    expect(await runCli(['review', 'catalogs/aws-us-east-1', '--max-order', '1', '--json'], io)).toBe(0);
    const j = JSON.parse(io.out()) as { findings: Array<{ kind: string; targets?: string[]; targetCount?: number }> };
    const spofs = j.findings.filter((f) => f.kind === 'spof');
    expect(spofs.length).toBeGreaterThan(0);
    for (const f of spofs) expect(f.targets!.length).toBe(Math.min(10, f.targetCount!));
    expect(spofs.some((f) => f.targetCount! > 10)).toBe(true);
  });

  it('output is byte-identical across runs', async () => {
    const a = memoryIo();
    const b = memoryIo();
    await runCli(['review', 'catalogs/aws-us-east-1', '--format', 'sarif'], a);
    await runCli(['review', 'catalogs/aws-us-east-1', '--format', 'sarif'], b);
    expect(a.out()).toBe(b.out());
  });

  it('--help has examples', async () => {
    const io = memoryIo();
    expect(await runCli(['review', '--help'], io)).toBe(0);
    expect(io.out()).toContain('Examples:');
    expect(io.out()).toContain('$ blast review catalogs/example-shop --explain db-node-a+db-node-b');
  });
});

describe('blast review --advise', () => {
  // db (tier 0) behind api (1) and worker (2); web (1) behind api. Review targets: tier 0-1.
  // Findings: db is a SPOF for api and web; api for web.
  const LONE_DB = `services:
  db: {name: DB, tier: 0}
  api: {name: API, tier: 1, dependsOn: [db]}
  web: {name: Web, tier: 1, dependsOn: [api]}
  worker: {name: Worker, tier: 2, dependsOn: [db]}
`;
  const file = (): string => {
    const f = join(tmp(), 'c.yaml');
    writeFileSync(f, LONE_DB);
    return f;
  };

  it('points each SPOF finding to its best change, with the savings worked out by hand', async () => {
    const f = file();
    const io = memoryIo();
    expect(await runCli(['review', f, '--advise'], io)).toBe(0);
    const lines = unwrapped(io.out()).split('\n');
    // db down 1 h: a replica keeps api (× 4), web (× 4) and worker (× 2) up: 10 service-hours
    const db = lines.findIndex((l) => l.includes(' db: single point of failure'));
    expect(lines[db + 2]).toBe('           advise: Independent replica of DB (db): saves 10 service-hours of a 1h failure of db (large effort; candidate replica:db)');
    // api down 1 h: a replica of api (it keeps db) spares web: 4 h; web soft on api would save 4 × ½ = 2 h
    const api = lines.findIndex((l) => l.includes(' api: single point of failure'));
    expect(lines[api + 2]).toBe('           advise: Independent replica of API (api): saves 4.0 service-hours of a 1h failure of api (large effort; candidate replica:api)');
    // without --advise, no advice and nothing simulated
    const plain = memoryIo();
    expect(await runCli(['review', f], plain)).toBe(0);
    expect(plain.out()).not.toContain('advise:');
  });

  it('--advise-for sets the failure length; --json carries the advice; markdown gets "What would help most"', async () => {
    const f = file();
    const io = memoryIo();
    expect(await runCli(['review', f, '--advise', '--advise-for', '30m', '--json'], io)).toBe(0);
    const j = JSON.parse(io.out()) as { findings: Array<{ kind: string; cause?: string; advice?: { candidate: string; serviceHours: number; forMinutes: number } }> };
    const db = j.findings.find((x) => x.kind === 'spof' && x.cause === 'db')!;
    // half an hour: (4 + 4 + 2) × ½ = 5 service-hours
    expect(db.advice).toMatchObject({ candidate: 'replica:db', forMinutes: 30 });
    expect(db.advice!.serviceHours).toBeCloseTo(5, 9);
    const md = memoryIo();
    expect(await runCli(['review', f, '--advise', '--format', 'markdown'], md)).toBe(0);
    expect(md.out()).toContain('### What would help most');
    expect(md.out()).toContain('| db | Independent replica of DB (db) | 10 | — | large | `replica:db` |');
    expect(md.out()).toContain('| api | Independent replica of API (api) | 4.0 | — | large | `replica:api` |');
  });

  it('--advise-limit simulates the most severe findings only, and says so; the options need --advise', async () => {
    const f = file();
    const io = memoryIo();
    expect(await runCli(['review', f, '--advise', '--advise-limit', '1'], io)).toBe(0);
    expect(io.out()).toContain('candidate replica:db');
    expect(io.out()).not.toContain('candidate replica:api');
    expect(io.err()).toContain('1 more left out (raise --advise-limit)');
    const bad = memoryIo();
    expect(await runCli(['review', f, '--advise-for', '1h'], bad)).toBe(2);
    expect(bad.err()).toContain('--advise-for and --advise-limit go with --advise');
  });
});
