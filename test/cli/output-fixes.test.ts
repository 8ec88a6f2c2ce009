/**
 * Output fixes: every concurrent cause is listed and drawn; a redundancy group names every
 * member out; clock times follow the rounding of durations; the critical path says what a
 * dependency stopped blocking; `report --json` writes the report's data.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { clockAt, parseStart } from '../../src/util/clock.js';
import { memoryIo, tempDir } from './helpers.js';

async function run(...argv: string[]) {
  const io = memoryIo();
  const exit = await runCli(argv, io);
  return { exit, out: io.out(), err: io.err() };
}
const tmp = tempDir('output-fixes');
afterAll(() => tmp.cleanup());

interface Cause { kind: string; service: string; detail: string }
interface Interval { state: string; start: number; end: number | null; cause: Cause; causes: Cause[] }

describe('concurrent causes', () => {
  // payments needs payment-gateway and auth (both hard). Failing both at minute 0 for the
  // default 60 minutes: payments is down from 0 for both reasons; the engine names the first
  // in catalog order (payment-gateway); auth is a cause too.
  it('the JSON lists every cause of an interval, the engine\'s `cause` first', async () => {
    const r = await run('simulate', 'catalogs/example-shop', '--fail', 'payment-gateway,auth', '--json');
    expect(r.exit).toBe(0);
    const payments = (JSON.parse(r.out).services as Array<{ id: string; intervals: Interval[] }>).find((s) => s.id === 'payments')!;
    const first = payments.intervals[0]!;
    expect(first).toMatchObject({ state: 'down', start: 0, end: 60 });
    expect(first.cause.service).toBe('payment-gateway');
    expect(first.causes.map((c) => `${c.kind} ${c.service}`)).toEqual(['dependency payment-gateway', 'dependency auth']);
    expect(first.causes[0]).toEqual(first.cause);
    // an interval with one cause lists just that one
    for (const i of payments.intervals.slice(1)) expect(i.causes).toEqual([i.cause]);
  });

  it('the cascade diagram draws an arrow from each cause: auth into payments, no orphan', async () => {
    const r = await run('report', 'catalogs/example-shop', '--fail', 'payment-gateway,auth');
    const chart = r.out.slice(r.out.indexOf('flowchart LR'));
    const node = (name: string) => new RegExp(`(n\\d+)\\["${name}<br/>`).exec(chart)![1]!;
    const [pg, auth, payments] = [node('External payment gateway'), node('Authentication'), node('Payments')];
    expect(chart).toMatch(new RegExp(`\\n  ${pg} [=-]{2}> ${payments}\\n`));
    expect(chart).toMatch(new RegExp(`\\n  ${auth} [=-]{2}> ${payments}\\n`));
  });

  it('a redundancy group without quorum names every member out, and how many it needs', async () => {
    // storage down takes all three database nodes down; catalog-db needs 2 of 3
    const r = await run('simulate', 'catalogs/example-shop', '--scenario', 'storage-outage', '--json');
    const db = (JSON.parse(r.out).services as Array<{ id: string; intervals: Interval[] }>).find((s) => s.id === 'catalog-db')!;
    expect(db.intervals[0]!.cause.detail).toBe('redundancy group without quorum: Database node A, Database node B and Database node C down (needs 2 of 3)');
    expect(db.intervals[0]!.causes.map((c) => c.service)).toEqual(['db-node-a', 'db-node-b', 'db-node-c']);
  });
});

describe('one rounding rule for times', () => {
  it('clock times round to the nearest minute, like durations', () => {
    const start = parseStart('2025-10-19T23:48:00-07:00')!;
    // 915.6 min is 15h16m (rounded); 23:48 + 15h16m = 15:04 the next day
    expect(clockAt(start, 915.6, true)).toBe('15:04 20 Oct');
    expect(clockAt(start, 915.4, true)).toBe('15:03 20 Oct');
    expect(clockAt(start, 157)).toBe('02:25');
  });

  it('simulate: the time to full recovery and its clock time agree; the critical path names what was blocked', async () => {
    const r = await run('simulate', 'catalogs/aws-us-east-1', '-s', '2025-10-20-dynamodb-dns');
    const line = r.out.split('\n').find((l) => l.startsWith('Time to full recovery'))!;
    const m = /(\d+)h(\d+)m \((\d+) min, (\d\d):(\d\d) 20 Oct\)/.exec(line)!;
    expect(Number(m[1]) * 60 + Number(m[2])).toBe(Number(m[3]));
    // 23:48 plus the rounded minutes, computed here
    const end = (23 * 60 + 48 + Number(m[3])) % 1440;
    expect(`${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`).toBe(`${m[4]}:${m[5]}`);
    expect(r.out).toContain('Amazon DynamoDB stopped blocking EC2 DropletWorkflow Manager');
    expect(r.out).not.toContain('stopped blocking it');
  }, 60_000);
});

describe('report --json', () => {
  it('writes the report\'s data, whose simulation is the simulate --json result', async () => {
    const r = await run('report', 'catalogs/example-shop', '--scenario', 'storage-outage', '--json');
    expect(r.exit).toBe(0);
    const data = JSON.parse(r.out);
    expect(Object.keys(data)).toEqual(['generatedBy', 'catalog', 'scenarioDescription', 'faults', 'actions', 'services', 'simulation', 'monteCarlo', 'findings', 'observed']);
    expect(data.faults).toEqual([{ service: 'storage', name: 'Block storage', atMinutes: 0, untilMinutes: 40, capacity: null, demand: null, what: 'fails' }]);
    const sim = await run('simulate', 'catalogs/example-shop', '--scenario', 'storage-outage', '--json');
    expect(data.simulation).toEqual(JSON.parse(sim.out));
    expect(data.services.map((s: { id: string }) => s.id)).toEqual(data.simulation.services.filter((s: { impactStartMinutes: number | null }) => s.impactStartMinutes !== null).map((s: { id: string }) => s.id));
    expect(data.monteCarlo).toBeNull();
  });

  it('-o replaces a JSON report it wrote before, and refuses another file without --force', async () => {
    const out = `${tmp.dir}/report.json`;
    expect((await run('report', 'catalogs/example-shop', '--scenario', 'storage-outage', '--json', '-o', out)).exit).toBe(0);
    expect((await run('report', 'catalogs/example-shop', '--scenario', 'storage-outage', '--json', '-o', out)).exit).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).generatedBy).toBe('blast report');
    const other = tmp.write('other.json', '{"mine": true}\n');
    expect((await run('report', 'catalogs/example-shop', '--scenario', 'storage-outage', '--json', '-o', other)).exit).toBe(2);
  });
});
