/**
 * Worker thread of the explorer's advisor (src/tui/advisor.ts): holds the catalog and runs the
 * advisor's steps (state/advice.ts) one message at a time, as the shared worker pool of the
 * engine sends them (`{id, job}` answered with `{id, result}`). The catalog is loaded here from
 * its files when they are unchanged since the explorer read them, else it is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Catalog } from '../catalog/model.js';
import type { ScenarioInput } from '../engine/index.js';
import { loadCatalog } from '../catalog/load.js';
import { baselineMeasure, planAdvice, runCandidate, type AdvicePlan } from './state/advice.js';
import { unchangedSince, type AdviceJob, type AdviceSource, type Opened } from './advice-protocol.js';
import { lowerThisThreadsPriority } from './thread-priority.js';

lowerThisThreadsPriority();

function openCatalog(source: AdviceSource): { catalog: Catalog | null; opened: Opened } {
  if ('catalog' in source) return { catalog: source.catalog, opened: { ok: true } };
  const { catalog } = loadCatalog(source.path);
  if (!catalog) return { catalog: null, opened: { ok: false, reason: 'the catalog no longer loads' } };
  // read after the explorer began reading, and unchanged since: the same bytes
  if (!unchangedSince(catalog, source.notModifiedSince) || catalog.services.size !== source.services) return { catalog: null, opened: { ok: false, reason: 'the catalog changed on disk' } };
  return { catalog, opened: { ok: true } };
}

const { catalog, opened } = openCatalog(workerData as AdviceSource);
let current: { plan: number; input: ScenarioInput; planned: AdvicePlan } | null = null;

function handle(job: AdviceJob): unknown {
  if (job.kind === 'open') return opened;
  if (!catalog) throw new Error(`bug: advice asked of a worker without its catalog (${opened.ok ? '' : opened.reason})`);
  if (job.kind === 'plan') {
    const planned = planAdvice(catalog, job.rank, job.service, job.input);
    current = { plan: job.plan, input: job.input, planned };
    return planned;
  }
  // a step of a plan given up (the user asked about another service): nobody waits for it
  if (current?.plan !== job.plan) return null;
  if (job.kind === 'baseline') return baselineMeasure(catalog, current.input);
  return runCandidate(catalog, current.input, current.planned.chosen[job.k]!);
}

parentPort!.on('message', (msg: { id: number; job: AdviceJob }) => {
  parentPort!.postMessage({ id: msg.id, result: handle(msg.job) });
});
