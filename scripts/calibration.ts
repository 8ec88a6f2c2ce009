/**
 * The calibration of the AWS 2025-10-20 scenario, as embedded in docs/calibration.md:
 * the priors-only run (every fitted value replaced by its prior or default), the calibrated
 * run, and the table of parameters fitted before and after the catalog's rewrite in the
 * engine's mechanisms. `npx tsx scripts/calibration.ts` prints them; `--write` updates the doc.
 * test/catalogs/aws-calibration.test.ts checks that the doc is current.
 */
import { readFileSync } from 'node:fs';
import { loadCatalog } from '../src/catalog/load.js';
import type { Catalog, Param, Service } from '../src/catalog/model.js';
import { prepareSimulation, simulate, type SimulationResult } from '../src/engine/index.js';
import { writeFileAtomic } from '../src/cli/io.js';
import { scriptOptions } from './options.js';
import { calibrate, calibrationTable, orderViolations, type CalibrationRow, type MilestoneSet } from '../src/report/calibration.js';

export const DIR = 'catalogs/aws-us-east-1';
export const DOC = 'docs/calibration.md';

export function milestones(): MilestoneSet {
  return JSON.parse(readFileSync(`${DIR}/calibration/2025-10-20-dynamodb-dns.json`, 'utf8')) as MilestoneSet;
}

export function loadAws(): Catalog {
  const res = loadCatalog(DIR);
  if (!res.catalog) throw new Error('catalog invalid: run blast validate');
  return res.catalog;
}

export function runAws(catalog: Catalog, set = milestones()): { result: SimulationResult; rows: CalibrationRow[] } {
  const result = simulate(prepareSimulation(catalog), { scenario: catalog.scenarios.get(set.scenario)! });
  return { result, rows: calibrate(result, set) };
}

const konst = (value: number): Param => ({ kind: 'const', value });
const median = (p: Param): number => (p.kind === 'const' ? p.value : p.kind === 'lognormal' ? p.p50 : p.kind === 'uniform' ? (p.min + p.max) / 2 : NaN);

/** A queue whose drain rate no public figure gives drains at twice its arrival, the catalog's round default. */
const twiceArrival = (s: Service): Service => ({ ...s, backlog: { ...s.backlog!, capacity: konst(2 * median(s.backlog!.arrival)) } });
/** One parameter fitted before the rewrite: what it was, what it is now, and its prior or default. */
export interface FittedParam {
  readonly services: readonly string[];
  readonly param: string;
  readonly before: string;
  readonly after: string;
  /** Still marked `fitted:` in the scenario. */
  readonly fittedAfter: boolean;
  readonly explains: string;
  /** For a parameter still fitted: the service with it at its prior or default. */
  readonly prior?: (s: Service) => Service;
}

export const FITTED: readonly FittedParam[] = [
  {
    services: ['sts'],
    param: '`recovery.time` (degraded)',
    before: '20m (p90 30m), fitted to STS normal at 09:59',
    after: '`{prior: restart-service}`: 5m (p90 20m)',
    fittedAfter: false,
    explains:
      "the warm-up of one service once its dependency is back (connections re-established, caches warm), for which no figure is published: the documented prior. STS is back 5 min after NLB's data plane, at 593 (-18)",
  },
  {
    services: ['lambda'],
    param: '`backlog.capacity`; the edge to `ec2`',
    before: '31,100/min (p90 32,500) for 20,000/min arrival, fitted to Lambda backlogs processed 14:15',
    after: '40,000/min (twice the arrival); a new component `lambda-capacity-replacement` with `restart: {over: {prior: scale-out}}`',
    fittedAfter: false,
    explains:
      "a staged restart: NLB health-check failures terminated Lambda's instances [PES]; replacing them needs EC2 launches, failed and throttled until 842, and then the time new instances take to enter service, the scale-out prior (median 20 min). Lambda is whole at 862 (-5). Its queue, at the default drain rate, is gone long before",
  },
  {
    services: ['ecs', 'eks', 'fargate'],
    param: '`capacity` of the edge to EC2 (one value) and their placement queues',
    before: '0.82, fitted to ECS, EKS, Fargate recovered 14:20; queues of assumed size',
    after: 'no queues; new components `ecs-task-launches` (`restart: {over: 27m}`) and `eks-node-launches` (`restart: {over: 30m}`)',
    fittedAfter: false,
    explains:
      "retry backoff at its documented cap: tasks that keep failing to start make the ECS service scheduler space its attempts up to 27 min apart (\"Amazon ECS service throttle logic\"), and the Kubernetes Cluster Autoscaler locks out a node group whose nodes failed to start for up to 30 min (its default). After hours of failures every service and node group is at the cap, each on its own schedule, so once EC2 launches are back (842) they come back evenly over the cap: ECS and Fargate at 869 (-3), EKS at 872 (0)",
  },
  {
    services: ['batch'],
    param: "`backlog.capacity` and its edges' `capacity`",
    before: '3000/min (p90 3600) and 0.3, fitted to all services normal at 15:01',
    after: '2000/min (twice the arrival) and the default 0.5',
    fittedAfter: false,
    explains:
      "nothing beyond the defaults: at half of twice its arrival Batch keeps pace with submissions while its compute is impaired, so no queue builds and it is back with ECS at 869. All services are normal when EKS is, at 872; the Health Dashboard's 15:01 is 41 min later (-41, within tolerance): what held Batch, or the closing post, in those minutes is not modelled",
  },
  {
    services: ['connect'],
    param: '`backlog.capacity`',
    before: '14,800/min (p90 16,000) for 5000/min arrival, fitted to Connect restored 13:20',
    after: 'unchanged',
    fittedAfter: true,
    explains:
      "still fitted: no published figure or mechanism sets Connect's drain rate, and Connect was restored before EC2, so no EC2 retry loop explains it. With STS's warm-up now the prior's 5 min instead of 20, Connect starts draining 15 min earlier and is restored at 782 (-30). At the default (twice the arrival) it drains until 1033 (+221)",
    prior: twiceArrival,
  },
];

/** The catalog with every parameter of {@link FITTED} at its prior or default. */
export function priorsOnly(catalog: Catalog): Catalog {
  const services = new Map(catalog.services);
  for (const f of FITTED) if (f.prior) for (const id of f.services) services.set(id, f.prior(services.get(id)!));
  return { ...catalog, services };
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function fittedTable(): string {
  return [
    '| service | parameter | before | after | still fitted | what explains it now |',
    '|---|---|---|---|:-:|---|',
    ...FITTED.map((f) => `| ${f.services.map((s) => `\`${s}\``).join(', ')} | ${cell(f.param)} | ${cell(f.before)} | ${cell(f.after)} | ${f.fittedAfter ? 'yes' : 'no'} | ${cell(f.explains)} |`),
  ].join('\n');
}

/** The summary line under a table: milestones within tolerance, order, blast radius. */
export function summary(result: SimulationResult, rows: readonly CalibrationRow[]): string {
  const ok = rows.filter((r) => r.ok).length;
  const order = orderViolations(rows);
  return `${ok} of ${rows.length} milestones within tolerance; ${order.length === 0 ? 'no two in the reverse of their published order' : `${order.length} pairs in the reverse of their published order`}; affected ${result.affected} of ${result.servicesTotal}.`;
}

/** The generated blocks of docs/calibration.md, by marker name. */
export function blocks(): Record<'priors-only-table' | 'calibration-table' | 'fitted-table', string> {
  const set = milestones();
  const catalog = loadAws();
  const calibrated = runAws(catalog, set);
  const prior = runAws(priorsOnly(catalog), set);
  return {
    'priors-only-table': `${calibrationTable(prior.rows)}\n\n${summary(prior.result, prior.rows)}`,
    'calibration-table': calibrationTable(calibrated.rows),
    'fitted-table': fittedTable(),
  };
}

export function embedded(doc: string, name: string): string | undefined {
  return doc.split(`<!-- ${name}:start -->\n`)[1]?.split(`\n<!-- ${name}:end -->`)[0];
}

const USAGE = `
Usage: npx tsx scripts/calibration.ts [--write]
The AWS 2025-10-20 calibration: the priors-only run, the calibrated run and the fitted parameters.
  (no option)  print them
  --write      update their blocks in docs/calibration.md`;

function main(): void {
  const opts = scriptOptions(USAGE, ['--write']);
  const b = blocks();
  if (opts.has('--write')) {
    let doc = readFileSync(DOC, 'utf8');
    for (const [name, text] of Object.entries(b)) {
      const old = embedded(doc, name);
      if (old === undefined) throw new Error(`${DOC} has no <!-- ${name}:start --> block`);
      const block = `<!-- ${name}:start -->\n${old}\n<!-- ${name}:end -->`;
      if (!doc.includes(block)) throw new Error(`${DOC}: the <!-- ${name} --> block is malformed`);
      doc = doc.replace(block, `<!-- ${name}:start -->\n${text}\n<!-- ${name}:end -->`);
    }
    writeFileAtomic(DOC, doc);
    return;
  }
  const set = milestones();
  const { result, rows } = runAws(loadAws(), set);
  console.log('Priors only:\n' + b['priors-only-table']);
  console.log('\nCalibrated:\n' + b['calibration-table']);
  console.log(`\n${summary(result, rows)} Order violations: ${JSON.stringify(orderViolations(rows))}`);
  console.log('\nStretch:\n' + calibrationTable(calibrate(result, set, 'stretch')));
  console.log('\nFitted before and after:\n' + b['fitted-table']);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
