/**
 * The shard side of a sharded Monte Carlo run: `--shard i/n` and the partial result a shard
 * of `blast simulate --trials N` prints for `blast merge`.
 */
import { InvalidArgumentError } from 'commander';
import { createHash } from 'node:crypto';
import type { Catalog } from '../catalog/model.js';
import type { ScenarioInput, SimulationResult } from '../engine/index.js';
import { summaryShape } from '../engine/monte-carlo.js';
import { shardRange, trialBatches, type PoolRunner } from '../engine/parallel.js';
import { concatBatches, encodePartial, PARTIAL_FORMAT, PARTIAL_VERSION, type Partial } from '../engine/partial.js';

/** What the shard options of `simulate` need. */
export interface ShardRunOptions {
  readonly trials: number;
  readonly seed: number;
  readonly threads?: number;
  readonly json?: boolean;
  readonly top: number;
}

/** What a shard's partial carries to write the merged output as `simulate` would. */
export interface SimulateRender {
  readonly command: 'simulate';
  readonly result: SimulationResult;
  readonly isScenario: boolean;
  readonly json: boolean;
  readonly top: number;
}

/** `--shard i/n`: shard i (1-based) of n, as test runners number them. */
export function parseShardOption(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1 && count <= 100_000 && index >= 1 && index <= count)) throw new InvalidArgumentError(`expected i/n with 1 ≤ i ≤ n (e.g. 1/4), got "${value}"`);
  return { index, count };
}

/** Runs one shard's trials and returns its partial result (JSON text). */
export async function simulateShard(
  catalog: Catalog,
  input: ScenarioInput,
  result: SimulationResult,
  opts: ShardRunOptions,
  shard: { index: number; count: number },
  bar: (total: number) => { update(done: number): void; done(): void },
  pool?: PoolRunner,
): Promise<string> {
  const { from, to } = shardRange(opts.trials, shard.index, shard.count);
  const progress = bar(to - from);
  const { model, batches } = await trialBatches(catalog, input, { trials: opts.trials, seed: opts.seed, ...(opts.threads ? { threads: opts.threads } : {}), ...(pool ? { pool } : {}), onProgress: (d) => progress.update(d) }, from, to);
  progress.done();
  const shape = summaryShape(model);
  const render: SimulateRender = { command: 'simulate', result, isScenario: catalog.scenarios.has(result.scenario), json: Boolean(opts.json), top: opts.top };
  // The key: everything the merged output depends on besides the trials themselves.
  const key = createHash('sha256').update(JSON.stringify({ shape, render, trials: opts.trials, seed: opts.seed, count: shard.count }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))).digest('hex');
  const partial: Partial<SimulateRender> = { format: PARTIAL_FORMAT, version: PARTIAL_VERSION, key, shard, trials: opts.trials, seed: opts.seed, shape, batch: concatBatches(batches), render };
  return encodePartial(partial);
}

