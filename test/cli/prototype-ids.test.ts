/**
 * Service ids that are also names of Object.prototype properties are ordinary ids in every
 * command. `constructor` is the one such name the id rule allows (ids are lower-case, and
 * `__proto__` is refused); the lower-case spellings of other built-in names ride along.
 * Expected values are worked out by hand from the catalog below:
 *
 *   constructor (tier 0)        valueof (1) ─hard→ constructor
 *   hasownproperty (2) ─soft→ constructor
 *   length (1) ─ 1 of [constructor, tostring]      tostring (2)
 *   web (0) ─hard→ valueof, length, hasownproperty
 *
 * constructor failing alone: valueof down, so web down; hasownproperty degraded (soft);
 * length stays up (tostring is its other member). Blast radius 3, of which 2 down; tier
 * weights 8 (web, tier 0) + 4 (valueof, tier 1) + 2 (hasownproperty, tier 2) = 14.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildExplorerData, type ExplorerData } from '../../src/tui/state/data.js';
import { treeLinesOf } from '../../src/tui/state/tree.js';
import { TIER_WEIGHTS } from '../../src/analysis/rank.js';
import { drive, type Driven } from '../tui/harness.js';
import { memoryIo, tempDir } from './helpers.js';

const CATALOG = `version: 1
services:
  constructor: {name: Constructor, tier: 0}
  valueof:
    name: Value of
    tier: 1
    dependsOn: [constructor]
  hasownproperty:
    name: Has own property
    tier: 2
    dependsOn: [{service: constructor, type: soft}]
  length:
    name: Length
    tier: 1
    dependsOn: [{atLeast: 1, of: [constructor, tostring]}]
  tostring: {name: To string, tier: 2}
  web:
    name: Web
    tier: 0
    dependsOn: [valueof, length, hasownproperty]
scenarios:
  constructor-outage:
    name: Constructor outage
    faults: [{service: constructor, for: 30m}]
`;
/** The same catalog after a change: tostring now depends on constructor, so the group of length no longer protects it. */
const CHANGED = CATALOG.replace('  tostring: {name: To string, tier: 2}', '  tostring: {name: To string, tier: 2, dependsOn: [constructor]}');

const tmp = tempDir('proto-ids');
afterAll(() => tmp.cleanup());
const file = tmp.write('catalog.yaml', CATALOG);
const changed = tmp.write('changed.yaml', CHANGED);

async function blast(...argv: string[]): Promise<{ exit: number; out: string; err: string }> {
  const io = memoryIo();
  const exit = await runCli(argv, io);
  return { exit, out: io.out(), err: io.err() };
}

const cases: Array<[string, string[], (out: string) => void]> = [
  ['validate', ['validate', file], (out) => expect(out).toBe(`valid: ${file}: 6 services, 1 scenario in 1 file (0 errors, 0 warnings)\n`)],
  [
    'show (summary)',
    ['show', file, '--json'],
    (out) => {
      const s = JSON.parse(out) as { services: number; dependencies: number; mostDependedOn: Array<{ id: string; dependents: number }> };
      expect([s.services, s.dependencies]).toEqual([6, 7]);
      expect(s.mostDependedOn[0]).toMatchObject({ id: 'constructor', dependents: 3 });
    },
  ],
  [
    'show constructor',
    ['show', file, 'constructor'],
    (out) => {
      expect(out).toContain('Constructor (constructor) tier 0');
      expect(out).toContain('├─ valueof [hard]');
      expect(out).toContain('├─ hasownproperty [soft]');
      expect(out).toContain('└─ length [hard, 1 of 2]');
    },
  ],
  [
    'show web (constructor as a dependency)',
    ['show', file, 'web', '--json'],
    (out) => {
      const s = JSON.parse(out) as { dependencies: Array<{ id: string; children: Array<{ id: string }> }> };
      expect(s.dependencies.map((d) => d.id).sort()).toEqual(['hasownproperty', 'length', 'valueof']);
      expect(s.dependencies.find((d) => d.id === 'valueof')!.children.map((c) => c.id)).toEqual(['constructor']);
    },
  ],
  ['simulate --fail constructor', ['simulate', file, '--fail', 'constructor', '--for', '30m'], (out) => expect(out).toContain('Affected: 4 of 6 services (3 down at worst, 1 degraded only)')],
  ['simulate --scenario', ['simulate', file, '-s', 'constructor-outage'], (out) => expect(out).toContain('Time to full recovery: 30m')],
  [
    'simulate --json',
    ['simulate', file, '-s', 'constructor-outage', '--json'],
    (out) => {
      const r = JSON.parse(out) as { services: Array<{ id: string; worstState: string; recoveredMinutes: number }> };
      const worst = Object.fromEntries(r.services.map((x) => [x.id, x.worstState]));
      expect(worst).toEqual({ constructor: 'down', valueof: 'down', web: 'down', hasownproperty: 'degraded', length: 'up', tostring: 'up' });
      expect(r.services.filter((x) => x.worstState !== 'up').map((x) => x.recoveredMinutes)).toEqual([30, 30, 30, 30]);
    },
  ],
  ['simulate --trials', ['simulate', file, '-s', 'constructor-outage', '--trials', '20'], (out) => expect(out).toContain('Affected: 4 of 6 services')],
  ['report --fail constructor', ['report', file, '--fail', 'constructor', '--for', '30m'], (out) => expect(out).toContain('constructor')],
  [
    'review',
    ['review', file, '--json'],
    (out) => {
      const r = JSON.parse(out) as { findings: Array<{ kind: string; targets?: string[]; cause?: string }> };
      const spofs = r.findings.filter((f) => f.kind === 'spof').flatMap((f) => f.targets!.map((t) => `${t} ← ${f.cause}`)).sort();
      // web needs valueof, length and hasownproperty (each hard), and constructor through valueof; valueof needs constructor
      expect(spofs).toEqual(['valueof ← constructor', 'web ← constructor', 'web ← hasownproperty', 'web ← length', 'web ← valueof']);
    },
  ],
  ['review --target constructor --format sarif', ['review', file, '--target', 'valueof', '--format', 'sarif'], (out) => expect(out).toContain('constructor')],
  [
    'rank',
    ['rank', file, '--json'],
    (out) => {
      const rows = JSON.parse(out) as Array<{ id: string; blastRadius: number; down: number; weighted: number }>;
      expect(rows[0]).toMatchObject({ id: 'constructor', blastRadius: 3, down: 2, weighted: TIER_WEIGHTS[0]! + TIER_WEIGHTS[1]! + TIER_WEIGHTS[2]! });
    },
  ],
  [
    'rank --for',
    ['rank', file, '--for', '30m', '--json'],
    (out) => {
      const rows = JSON.parse(out) as Array<{ id: string; serviceHours: number }>;
      // for the 30 minutes of the fault, weighted by the unserved fraction: valueof and web down
      // (0.5 h each), hasownproperty degraded through its soft edge at the default served
      // fraction 0.5 (0.5 h × 0.5): 0.5 + 0.5 + 0.25
      expect(rows.find((r) => r.id === 'constructor')!.serviceHours).toBe(1.25);
    },
  ],
  [
    'diff',
    ['diff', file, changed, '--json'],
    (out) => {
      const d = JSON.parse(out) as { radius: Array<{ id: string; before: number; after: number; delta: number }> };
      // after the change, constructor also takes tostring, and with it length (its group has no member left)
      expect(d.radius.find((r) => r.id === 'constructor')).toMatchObject({ before: 3, after: 5, delta: 2 });
    },
  ],
];

describe('Object.prototype names as service ids', () => {
  it.each(cases)('%s: runs normally', async (_name, argv, check) => {
    const r = await blast(...argv);
    expect(r.err).not.toContain('internal error');
    expect(r.exit).toBe(0);
    check(r.out);
  });

  it('diff --base-ref reads such ids at the base commit too', async () => {
    const repo = join(tmp.dir, 'repo');
    mkdirSync(repo);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q');
    copyFileSync(file, join(repo, 'catalog.yaml'));
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(join(repo, 'catalog.yaml'), CHANGED);
    const r = await blast('diff', join(repo, 'catalog.yaml'), '--base-ref', 'HEAD', '--json');
    expect(r.exit).toBe(0);
    expect((JSON.parse(r.out) as { radius: Array<{ id: string; delta: number }> }).radius.find((x) => x.id === 'constructor')!.delta).toBe(2);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('import %s: an unknown format (exit 2), not a crash', async (name) => {
    const r = await blast('import', name, file);
    expect(r.exit).toBe(2);
    expect(r.err).toContain(`unknown import format "${name}"`);
  });

  it('__proto__ is still refused as an id (exit 2, invalid-id)', async () => {
    const bad = tmp.write('proto.yaml', 'services:\n  __proto__: {name: P}\n');
    const r = await blast('validate', bad);
    expect(r.exit).toBe(2);
    expect(r.err).toContain(`${bad}:2:3: error[invalid-id]`);
  });
});

describe('explore with such ids', () => {
  let data: ExplorerData;
  beforeAll(() => {
    data = buildExplorerData(loadCatalog(file).catalog!, file);
  });
  let app: Driven | null = null;
  afterEach(() => {
    app?.unmount();
    app = null;
  });

  it('lists the trees of constructor in both directions', () => {
    const lines = (dir: 'dependencies' | 'dependents') => treeLinesOf(data.graph, 'constructor', dir, 2, 100).lines.map((l) => `${l.guide}${l.id}${l.via}${l.mark}`);
    expect(lines('dependencies')).toEqual([]);
    expect(lines('dependents')).toEqual(['├─ valueof', '│  └─ web', '├─ hasownproperty [soft]', '│  └─ web ↑', '└─ length [1 of 2]', '   └─ web ↑']);
    expect(treeLinesOf(data.graph, 'valueof', 'dependencies', 1, 100).lines.map((l) => l.id)).toEqual(['constructor']);
  });

  it('ranks constructor first and fails it in the terminal UI', async () => {
    expect(data.rows[0]!.rawId).toBe('constructor');
    app = await drive({ data, color: false, size: { cols: 100, rows: 30 } });
    expect(app.frame()).toMatch(/│ ▸ constructor/);
    await app.press('f');
    await app.waitFor((x) => x.includes('Fail constructor for how long?'));
    await app.press('3', '0', 'm', '\r');
    const f = await app.waitFor((x) => x.includes('Timeline'));
    expect(f).toContain('constructor fails for 30m');
    expect(f).toMatch(/│ ▸ ✗ constructor/);
  });
});
