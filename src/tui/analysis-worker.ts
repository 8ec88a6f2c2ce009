/** Worker thread of the explorer: the single-failure sweeps of a large catalog (state/data.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import type { CompiledGraph } from '../graph/compile.js';
import { analyseBadges, analyseRanking, type Analysis } from './state/data.js';
import { lowerThisThreadsPriority } from './thread-priority.js';

lowerThisThreadsPriority();
const { cg, critical } = workerData as { cg: CompiledGraph; critical: number[] };
const analysis: Analysis = { ...analyseRanking(cg), ...analyseBadges(cg, critical) };
parentPort!.postMessage(analysis);
