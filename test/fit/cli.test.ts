/** `blast fit` through the real CLI, in process: JSON, errors (exit 2), --write, --holdout, threads. */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { memoryIo, tempDir } from '../cli/helpers.js';

const fixture = 'test/fixtures/replay/fit.yaml';
const tmp = tempDir('fit');
afterAll(() => tmp.cleanup());

describe('blast fit', () => {
  it('--json: fitted parameters and milestones before and after; the same on 1 and 2 threads', async () => {
    const one = memoryIo();
    const two = memoryIo();
    expect(await runCli(['fit', fixture, '-s', 's', '--json', '--threads', '1'], one)).toBe(0);
    expect(await runCli(['fit', fixture, '-s', 's', '--json', '--threads', '2'], two)).toBe(0);
    expect(two.out()).toBe(one.out());
    const r = JSON.parse(one.out()) as { params: Array<{ label: string; status: string }>; before: { score: { within: number } }; after: { score: { within: number; scored: number } } };
    expect(r.params.map((p) => p.status)).toEqual(['determined', 'determined', 'undetermined', 'determined']);
    expect(r.before.score.within).toBe(3);
    expect(r.after.score).toMatchObject({ within: 5, scored: 5 });
  });

  it('prints a table of parameters with intervals', async () => {
    const io = memoryIo();
    expect(await runCli(['fit', fixture, '-s', 's', '--threads', '1'], io)).toBe(0);
    expect(io.out()).toMatch(/\nweb\.recovery\.time +1h +25m +\S+ – \S+ +determined\n/);
    expect(io.out()).toContain('undetermined: no milestone depends on it (left as written)');
  });

  it('--write puts the fitted values into the file, valid, with the scenario in a comment', async () => {
    const file = tmp.write('fit.yaml', readFileSync(fixture));
    const io = memoryIo();
    expect(await runCli(['fit', file, '-s', 's', '--threads', '1', '--write'], io)).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('time: 25m');
    expect(text).toContain('capacity: 300/min}');
    expect(text).toContain('for: 1h}');
    expect(text).toMatch(/# fitted on scenario s by blast fit, interval .*; was \{min: 0m, max: 2h, free: true\}/);
    // the undetermined cache parameter is left as written
    expect(text).toContain('cache: {name: Cache, recovery: {time: {min: 1m, max: 30m, free: true}}}');
    expect(loadCatalog(file).diagnostics).toEqual([]);
    const replay = memoryIo();
    expect(await runCli(['replay', file, '-s', 's', '--fail-outside'], replay)).toBe(0);
  });

  it('--holdout by label predicts the milestone from the others', async () => {
    const io = memoryIo();
    expect(await runCli(['fit', fixture, '-s', 's', '--threads', '1', '--holdout', 'db recovered', '--json'], io)).toBe(0);
    const r = JSON.parse(io.out()) as { holdout: { folds: number[][]; within: number; total: number } };
    expect(r.holdout).toMatchObject({ folds: [[0]], within: 1, total: 1 });
  });

  it.each([
    [['fit', 'test/fixtures/replay/small.yaml', '-s', 'db-outage'], 'no free parameters'],
    [['fit', fixture, '-s', 's', '--holdout', '9'], 'number of folds must be from 2 to 5'],
    [['fit', fixture, '-s', 's', '--holdout', 'web gone'], 'no milestone "web gone"'],
    [['fit', fixture, '-s', 's', '--holdout', '1,2,3,4,5'], 'leave at least one milestone'],
    [['fit', 'test/fixtures/replay/small.yaml'], 'give the scenario'],
  ])('refuses %j with exit 2', async (argv, message) => {
    const io = memoryIo();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err()).toContain(message);
  });
});
