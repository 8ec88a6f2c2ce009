/**
 * The text of `blast simulate` (and `npm start`), `review` and `advise` as a reader meets it: no line wider
 * than 100 columns (long causes wrap, continued under the column they belong to), a number
 * and its unit on one line, and an operator action timed from an event says when it fired.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runCli } from '../../src/cli/program.js';
import { hang, visibleWidth, wrapWords } from '../../src/util/wrap.js';
import { memoryIo, tempDir } from './helpers.js';

const wide = (text: string): string[] => text.split('\n').filter((l) => visibleWidth(l) > 100);

describe('wrapping', () => {
  it('breaks at spaces within the width, keeps a long word whole, and keeps "9 %" and "→ 5 %" together', () => {
    expect(wrapWords('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapWords('a verylongword b', 5)).toEqual(['a', 'verylongword', 'b']);
    // "serves 9 %)" is 11 columns: with the width at 10 the number moves down with its unit
    expect(wrapWords('it serves 9 %)', 10)).toEqual(['it serves', '9 %)']);
    expect(wrapWords('0 % → 5 %', 6)).toEqual(['0 %', '→ 5 %']);
    // a count stays with what it counts: "(6 critical" is 11 columns, more than the 10 left after "findings"
    expect(wrapWords('findings (6 critical, 1 high)', 12)).toEqual(['findings', '(6 critical,', '1 high)']);
  });

  it('counts columns without colour sequences', () => {
    expect(visibleWidth('\x1b[31mdown\x1b[39m')).toBe(4);
    expect(wrapWords('\x1b[31mdown\x1b[39m and up', 11)).toEqual(['\x1b[31mdown\x1b[39m and up']);
  });

  it('hangs the continuation under the body, or at the indent given', () => {
    // prefix of 4 columns, width 24: the body gets 20 columns a line
    expect(hang('  + ', 'one two three four five six seven', 24)).toBe('  + one two three four\n    five six seven');
    expect(hang('Note: ', 'one two three four five six seven', 26, 2)).toBe('Note: one two three four\n  five six seven');
  });
});

describe('blast simulate text', () => {
  it.each([
    ['the AWS 2025-10-20 scenario, every service listed', ['simulate', 'catalogs/aws-us-east-1', '-s', '2025-10-20-dynamodb-dns', '--top', '1000']],
    ['npm start', ['start']],
    ['the Datadog 2023-03-08 incident (cells, operator actions)', ['simulate', 'catalogs/incidents/2023-03-08-datadog-systemd', '-s', '2023-03-08-datadog-systemd', '--top', '1000']],
    ['the Roblox 2021-10-28 incident', ['simulate', 'catalogs/incidents/2021-10-28-roblox-consul', '-s', '2021-10-28-roblox-consul']],
    ['the Datadog incident with Monte Carlo', ['simulate', 'catalogs/incidents/2023-03-08-datadog-systemd', '--trials', '20', '--threads', '1']],
  ])('%s: no line wider than 100 columns', async (_what, argv) => {
    const io = memoryIo();
    expect(await runCli(argv, io)).toBe(0);
    expect(wide(io.out())).toEqual([]);
  }, 60_000);

  it('says the time to full recovery is one run at median parameters, and how to get the range; not with --trials', async () => {
    const hint = "(one run with every parameter at its median; --trials 1000 gives P50 and P90)";
    const one = memoryIo();
    expect(await runCli(['simulate', 'catalogs/example-shop', '-s', 'storage-outage'], one)).toBe(0);
    expect(one.out()).toContain(`Time to full recovery: 1h54m (114 min)\n  ${hint}\n`);
    const mc = memoryIo();
    expect(await runCli(['simulate', 'catalogs/example-shop', '-s', 'storage-outage', '--trials', '20', '--threads', '1'], mc)).toBe(0);
    expect(mc.out()).not.toContain(hint);
  }, 60_000);

  it.each([
    ['the AWS catalog', 'catalogs/aws-us-east-1'],
    ['the Facebook 2021-10-04 incident (a long catalog name)', 'catalogs/incidents/2021-10-04-facebook-bgp'],
    ['the example shop (cut sets)', 'catalogs/example-shop'],
  ])('blast review of %s: no line wider than 100 columns', async (_what, catalog) => {
    const io = memoryIo();
    expect(await runCli(['review', catalog], io)).toBe(0);
    expect(wide(io.out())).toEqual([]);
  }, 60_000);

  it('blast advise: no line wider than 100 columns, a long change wrapped rather than cut', async () => {
    const io = memoryIo();
    expect(await runCli(['advise', 'catalogs/example-shop', '-s', 'storage-outage', '--bundle', '2', '--trials', '10', '--threads', '1'], io)).toBe(0);
    expect(wide(io.out())).toEqual([]);
    expect(io.out()).not.toMatch(/\w…/);
    // every candidate's kind and effort on the line under it
    expect(io.out()).toMatch(/\n {7}replica · large effort · #\d+ by saving per effort\n/);
  }, 120_000);

  it('blast diff: no line wider than 100 columns, a new finding\'s lines indented together', async () => {
    const io = memoryIo();
    expect(await runCli(['diff', 'catalogs/example-shop', 'catalogs/example-regions'], io)).toBe(0);
    expect(wide(io.out())).toEqual([]);
    // a wrapped SPOF line continues 2 columns further in than its path (15 against 13): the heading's indent applies to both
    expect(io.out()).toMatch(/\n {4}critical network: single point of failure[^\n]*\n {15}\S[^\n]*\n {13}storage → network/);
  }, 60_000);

  it.each([['storage'], ['db-node-a+db-node-b']])('blast review --explain %s: no line wider than 100 columns', async (what) => {
    const io = memoryIo();
    expect(await runCli(['review', 'catalogs/example-shop', '--explain', what], io)).toBe(0);
    expect(wide(io.out())).toEqual([]);
    // a location that does not fit beside its path has a line of its own
    expect(io.out()).toMatch(/\n {40}at catalogs\/example-shop\/services\.yaml:\d+:\d+\n/);
  });

  it('validate: the diagnostic line stays whole (file:line:col for editors), its hint wraps at 100 columns', async () => {
    const t = tempDir('tab-hint');
    try {
      // a tab in the indentation: its hint explains where the key should start, in about 180 columns
      const file = t.write('c.yaml', 'version: 1\nservices:\n  a:\n    name: A\n\ttier: 0\n');
      const io = memoryIo();
      expect(await runCli(['validate', file], io)).toBe(2);
      const lines = io.err().split('\n');
      expect(lines[0]).toBe(`${file}:5:1: error[yaml-tab]: a tab in the indentation: YAML does not allow tabs there`);
      const hint = lines.findIndex((l) => l.startsWith('  hint: '));
      expect(hint).toBeGreaterThan(0);
      expect(lines[hint + 1]).toMatch(/^ {8}\S/);
      expect(wide(lines.slice(1).join('\n'))).toEqual([]);
    } finally {
      t.cleanup();
    }
  });

  it('an operator action timed from detection says when it fired', async () => {
    const t = tempDir('sim-action');
    try {
      // db fails at 0 for 30m; detection at 5m; the throttle 10m after it: at 5 + 10 = 15m
      const yaml = `${readFileSync('test/fixtures/report/chain/catalog.yaml', 'utf8').trimEnd()}
  detected:
    name: Database outage, throttled after detection
    detection: 5m
    faults:
      - service: db
        at: 0m
        for: 30m
    actions:
      - at: {after: detection, plus: 10m}
        service: api
        do: throttle
        rate: 100/min
`;
      const io = memoryIo();
      expect(await runCli(['simulate', t.write('catalog.yaml', yaml), '-s', 'detected'], io)).toBe(0);
      expect(io.out()).toMatch(/^Operator action at \+15m: throttle API 10m after detection/m);
    } finally {
      t.cleanup();
    }
  });
});
