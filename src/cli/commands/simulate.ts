/** `blast simulate`: the cascade in time for a scenario or an ad-hoc failure, with optional Monte Carlo. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { prepareSimulation, simulate, startingActions, type MonteCarloResult, type SimulationResult } from '../../engine/index.js';
import { monteCarloParallel, shardRange, startPool, threadsFor, type PoolRunner } from '../../engine/parallel.js';
import { parseShardOption, simulateShard } from '../shard.js';
import { UserError } from '../io.js';
import { resolveScenario, scenarioOptions, type ScenarioOptions } from '../simulation-input.js';
import { parseIntOption } from '../options.js';
import { progressBar } from '../progress.js';
import { formatDuration } from '../../catalog/units.js';
import { clockAt, offsetLabel, parseStart, type ClockStart } from '../../util/clock.js';
import { safeText } from '../../util/text.js';
import { hang, wrapWords } from '../../util/wrap.js';
import type { Style } from '../style.js';
import type { Catalog } from '../../catalog/model.js';

export interface SimulateOptions extends ScenarioOptions {
  trials: number;
  seed: number;
  threads?: number;
  json?: boolean;
  top: number;
  shard?: { index: number; count: number };
}

/** JSON with non-finite numbers as null (never recovered, never affected). */
export const toJson = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);

export function registerSimulate(program: Command, ctx: Context): void {
  const command = program
    .command('simulate')
    .description('replay a failure in time: the cascade, the time to full recovery, and why (critical path)')
    .argument('<catalog>', 'catalog file or directory');
  scenarioOptions(command, true)
    .option('-n, --trials <n>', 'Monte Carlo trials over the uncertain parameters (0: point estimate only)', parseIntOption(0, 10_000_000), 0)
    .option('--seed <n>', 'random seed for Monte Carlo (same seed, same result)', parseIntOption(0, 2 ** 32 - 1), 1)
    .option('--threads <n>', 'threads running Monte Carlo trials, this one included (default: one per core; 1: no worker threads)', parseIntOption(1, 256))
    .option('--top <n>', 'services listed in the text summary', parseIntOption(1, 100_000), 15)
    .option('--json', 'the full result as JSON (see docs/model.md for the contract)')
    .option('--shard <i/n>', 'run only shard i of n of the Monte Carlo trials and print a partial result for `blast merge` (see docs/performance.md)', parseShardOption)
    .addHelpText(
      'after',
      `
Examples:
  $ blast simulate catalogs/aws-us-east-1 --scenario 2025-10-20-dynamodb-dns
  $ blast simulate catalogs/aws-us-east-1 -s 2025-10-20-dynamodb-dns --trials 10000 --seed 7
  $ blast simulate catalogs/example-shop --fail storage --for 40m
  $ blast simulate catalogs/example-shop --fail payment-gateway --for 2h --json | jq .affected
  $ blast simulate catalogs/example-regions --fail storage@use1-az2 --for 2h   # one zone of storage

Times are minutes from the scenario's start; with a scenario 'start', also wall-clock times.
Parameters written as distributions ({p50, p90} or {min, max}) are at their medians in the
point estimate and sampled in Monte Carlo trials.`,
    )
    .action(async (path: string, opts: SimulateOptions) => {
      // Monte Carlo's worker threads start first: they load their modules while this thread
      // reads the catalog and runs the point estimate.
      const range = opts.shard ? shardRange(opts.trials, opts.shard.index, opts.shard.count) : { from: 0, to: opts.trials };
      const threads = opts.trials > 0 ? threadsFor(range.to - range.from, opts.threads) : 1;
      const pool = threads > 1 ? startPool(threads) : undefined;
      try {
        await simulateAction(ctx, path, opts, pool);
      } finally {
        await pool?.close();
      }
    });
}

async function simulateAction(ctx: Context, path: string, opts: SimulateOptions, pool: PoolRunner | undefined): Promise<void> {
  const { catalog } = ctx.loadCatalog(path, { quietWarnings: Boolean(opts.json) });
  const input = resolveScenario(catalog, opts, true);
  pool?.setup(catalog, input);
  const result = simulate(prepareSimulation(catalog), input);
  if (opts.shard) {
    if (opts.trials === 0) throw new UserError('--shard splits Monte Carlo trials: give --trials <n> too', 'e.g. --trials 100000 --shard 1/4');
    ctx.print(await simulateShard(catalog, input, result, opts, opts.shard, (bar) => progressBar(ctx.io.stderr, bar, 'Monte Carlo'), pool));
    return;
  }
  let mc: MonteCarloResult | undefined;
  if (opts.trials > 0) {
    const bar = progressBar(ctx.io.stderr, opts.trials, 'Monte Carlo');
    mc = await monteCarloParallel(catalog, input, { trials: opts.trials, seed: opts.seed, ...(opts.threads ? { threads: opts.threads } : {}), ...(pool ? { pool } : {}), onProgress: (d) => bar.update(d) });
    bar.done();
  }
  if (opts.json) {
    ctx.print(toJson({ ...result, ...(mc ? { monteCarlo: mc } : {}) }));
    return;
  }
  ctx.print(renderSummary(catalog, result, mc, ctx.out, opts.top));
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/**
 * A collapse's queue in its summary line: the largest while collapsed, and the run's largest
 * when that came outside the collapse (a reconnect surge after it, say).
 */
function collapseQueue(s: SimulationResult['services'][number], clock: ClockStart | undefined): string {
  const peak = s.backlogPeak;
  if (!peak) return '';
  const n = (x: number): string => Math.round(x).toLocaleString('en-US');
  const unit = safeText(peak.unit);
  const q = s.collapse?.queued;
  if (!q) return `; queue peaked at ${n(peak.value)} ${unit}`;
  const later = peak.value > q.value ? `; the queue's largest, ${n(peak.value)}, came at ${when(peak.atMinutes, clock)}` : '';
  return `; up to ${n(q.value)} ${unit} queued while collapsed${later}`;
}

function when(min: number | null, clock: ClockStart | undefined): string {
  if (min === null || !Number.isFinite(min)) return 'never';
  return clock ? `${clockAt(clock, min)} (+${formatDuration(min)})` : `+${formatDuration(min)}`;
}

/** The human summary of a simulation. */
export function renderSummary(catalog: Pick<Catalog, 'scenarios'> | { readonly scenarios: ReadonlyMap<string, unknown> }, r: SimulationResult, mc: MonteCarloResult | undefined, st: Style, top: number): string {
  const clock = parseStart(r.start);
  const lines: string[] = [];
  lines.push(st.bold(hang('', r.scenarioName ? `${safeText(r.scenarioName)}  [${safeText(r.scenario)}]` : safeText(r.scenario), undefined, 2)));
  if (clock) lines.push(st.dim(`minute 0 = ${clockAt(clock, 0, true)} (${offsetLabel(clock)})`));
  const sc = catalog.scenarios.get(r.scenario);
  if (sc) {
    // each fault as the run applied it (a load fault says what it did to capacity or demand; a
    // fault on one cell names the cell), else what starts the scenario: its first operator actions
    for (const f of r.faults) lines.push(hang('Trigger: ', `${safeText(f.name)} (${safeText(f.service)}) ${safeText(f.what)}, ${when(f.atMinutes, clock)} to ${when(f.untilMinutes, clock)}`, undefined, 2));
    const nameOf = (id: string): string => r.services.flatMap((s) => [s, ...(s.cells ?? [])]).find((s) => s.id === id)?.name ?? id;
    for (const a of startingActions(r)) lines.push(hang('Trigger: ', `operators ${a.do} ${safeText(nameOf(a.service))} (${safeText(a.service)}) at ${when(a.atMinutes, clock)}`, undefined, 2));
  }
  const down = r.services.filter((s) => s.worstState === 'down').length;
  const degraded = r.services.filter((s) => s.worstState === 'degraded').length;
  lines.push(`Affected: ${st.bold(String(r.affected))} of ${r.servicesTotal} services (${down} down at worst, ${degraded} degraded only)`);
  lines.push(
    `Time to full recovery: ${st.bold(r.fullRecoveryMinutes === null ? (r.oscillating?.some((o) => o.stoppedAtMinutes !== undefined) ? 'never (oscillating)' : 'never (something stays impaired)') : formatDuration(r.fullRecoveryMinutes))}${r.fullRecoveryMinutes !== null ? ` (${Math.round(r.fullRecoveryMinutes)} min${clock ? `, ${clockAt(clock, r.fullRecoveryMinutes, true)}` : ''})` : ''}`,
  );
  // the point estimate is the run at every parameter's median, not the median run (docs/incidents.md, "Are the ranges honest?")
  if (!mc && r.fullRecoveryMinutes !== null && r.affected > 0) lines.push(st.dim("  (one run with every parameter at its median; --trials 1000 gives P50 and P90)"));
  // services still taking turns when the run ended: at the 30-day cut, or where its whole state repeated (docs/model.md, "Termination")
  for (const o of r.oscillating ?? []) lines.push(hang('Oscillating: ', safeText(o.note), undefined, 2));
  const partial = r.services.filter((s) => s.partial && s.impactStartMinutes !== null);
  if (partial.length) lines.push(st.dim(hang('Partial impacts not counted: ', partial.map((s) => `${safeText(s.name)} until ${when(s.recoveredMinutes, clock)}`).join('; '), undefined, 2)));
  // actions timed from events of the run: when they fired, and why then
  if (r.detectionMinutes !== null) lines.push(`Detected: ${when(r.detectionMinutes, clock)}`);
  // the action's own time first: its explanation counts from the event it waited for
  for (const a of r.actions.filter((x) => x.after !== null)) lines.push(hang(`Operator action${a.atMinutes === null ? '' : ` at ${when(a.atMinutes, clock)}`}: `, safeText(a.explanation), undefined, 2));
  if (mc) {
    const f = mc.fullRecoveryMinutes;
    const fmt = (x: number): string => (Number.isFinite(x) ? formatDuration(x) : 'never');
    lines.push(hang(`Monte Carlo (${mc.trials} trials, seed ${mc.seed}): `, `full recovery P50 ${fmt(f.p50)}, P90 ${fmt(f.p90)}, P99 ${fmt(f.p99)}; affected P50 ${mc.affected.p50}, P90 ${mc.affected.p90}`, undefined, 2));
    const sens = mc.sensitivity.filter((s) => Math.abs(s.correlation) >= 0.05).slice(0, 5);
    if (sens.length) lines.push(hang('  moved most by: ', `${sens.map((s) => `${safeText(s.parameter)} (${s.correlation > 0 ? '+' : ''}${s.correlation.toFixed(2)})`).join(', ')}`, undefined, 4));
    for (const a of mc.actions) {
      const t = a.atMinutes ? `, at P50 ${fmt(a.atMinutes.p50)}, P90 ${fmt(a.atMinutes.p90)}` : '';
      lines.push(hang('  ', `${a.do} ${safeText(a.service)} (after ${safeText(a.after)}): fired in ${Math.round(a.firedShare * 1000) / 10} % of trials${t}`, undefined, 4));
    }
  }
  const collapses = r.services.filter((s) => s.collapse);
  if (collapses.length) {
    lines.push('', st.bold('Metastable collapses (down after their causes cleared):'));
    for (const s of collapses) {
      const c = s.collapse!;
      const span = c.endMinutes === null ? `from ${when(c.startMinutes, clock)}, never ended` : `${when(c.startMinutes, clock)} to ${when(c.endMinutes, clock)}, ended by ${c.endedBy}`;
      lines.push(hang('  ', `${safeText(s.name)}: ${span}${c.episodes ? ` (${c.episodes} separate collapses)` : ''}${collapseQueue(s, clock)}`, undefined, 4));
      if (c.judgedBefore) lines.push(st.yellow(hang('    ', `! judged at ${when(c.judgedBefore.atMinutes, clock)}, before ${safeText(c.judgedBefore.name)} took its state at that minute: on the state the minute settled to, it may not collapse (a known limitation of the engine: docs/model.md, "Within an instant")`, undefined, 6)));
    }
  }
  if (r.criticalPath.length) {
    lines.push('', st.bold(r.fullRecoveryMinutes === null ? 'Why it never fully recovers (critical path):' : 'Why it took that long (critical path, latest first):'));
    lines.push(`  ${wrapWords(narrative(r, clock), 96).join('\n  ')}`, '');
    for (const step of r.criticalPath) {
      const waits = step.waitedOn ?? [];
      const cause = waits.length > 1 ? ', after waiting in turn on:' : step.cause ? ` (was: ${safeText(step.cause.detail)})` : '';
      lines.push(hang(`  ${pad(when(step.atMinutes, clock), clock ? 18 : 10)} `, `${safeText(step.name)} ${step.what}${cause}`));
      // several causes in turn: each with its state and how long it held
      if (waits.length > 1) for (const w of waits) lines.push(hang(`  ${' '.repeat(clock ? 18 : 10)}   `, `${w.state} ${w.end === null ? 'from then on' : formatDuration(w.end - w.start)}: ${safeText(w.cause.detail)}`, undefined, (clock ? 18 : 10) + 7));
    }
  }
  const affected = r.services.filter((s) => s.impactStartMinutes !== null);
  if (affected.length) {
    const order = [...affected].sort((a, b) => (b.recoveredMinutes ?? Infinity) - (a.recoveredMinutes ?? Infinity) || (a.id < b.id ? -1 : 1));
    const shown = order.slice(0, top);
    lines.push('', st.bold(`Services by recovery (latest first${shown.length < order.length ? `, top ${shown.length} of ${order.length}` : ''}):`));
    const w = clock ? 18 : 9;
    lines.push(st.dim(`  ${pad('impact', w)} ${pad('recovered', w)} ${pad('worst', 8)} service: last cause`));
    for (const s of shown) {
      const last = s.intervals[s.intervals.length - 1];
      const worst = s.worstState === 'down' ? st.red('down') : st.yellow('degraded');
      lines.push(hang(`  ${pad(when(s.impactStartMinutes, clock), w)} ${pad(when(s.recoveredMinutes, clock), w)} ${worst}${' '.repeat(Math.max(1, 9 - s.worstState.length))}`, `${safeText(s.name)}${s.partial ? ' (partial)' : ''}: ${safeText(last?.cause.detail ?? '')}`));
    }
    if (shown.length < order.length) lines.push(st.dim(`  … ${order.length - shown.length} more (--top ${order.length} lists all, --json has everything)`));
  }
  const absorbed = new Set(r.services.filter((s) => s.cells && s.impactStartMinutes === null).flatMap((s) => s.cells!.map((c) => c.id)));
  const cells = r.services.flatMap((s) => (s.cells ?? []).filter((c) => c.impactStartMinutes !== null));
  if (cells.length) {
    const order = [...cells].sort((a, b) => (b.recoveredMinutes ?? Infinity) - (a.recoveredMinutes ?? Infinity) || (a.id < b.id ? -1 : 1));
    const shown = order.slice(0, top);
    lines.push('', st.bold(`Cells by recovery (zones, regions, shards; their services above speak for them${shown.length < order.length ? `; top ${shown.length} of ${order.length}` : ''}):`));
    const w = clock ? 18 : 9;
    for (const c of shown) {
      const last = c.intervals[c.intervals.length - 1];
      const worst = c.worstState === 'down' ? st.red('down') : st.yellow('degraded');
      lines.push(hang(`  ${pad(when(c.impactStartMinutes, clock), w)} ${pad(when(c.recoveredMinutes, clock), w)} ${worst}${' '.repeat(Math.max(1, 9 - c.worstState.length))}`, `${safeText(c.name)}, ${Math.round(c.share * 1000) / 10} % of traffic: ${safeText(last?.cause.detail ?? '')}${absorbed.has(c.id) ? ` ${st.dim('(failed over: its service was not impaired)')}` : ''}`));
    }
    if (shown.length < order.length) lines.push(st.dim(`  … ${order.length - shown.length} more (--top ${order.length} lists all, --json has everything)`));
  }
  return lines.join('\n');
}

/** The critical path as one sentence: "A recovered at t because B recovered at t', because …". */
export function narrative(r: SimulationResult, clock: ClockStart | undefined): string {
  const at = (m: number): string => (clock ? clockAt(clock, m) : `+${formatDuration(m)}`);
  const parts = r.criticalPath.map((s) => {
    if (!Number.isFinite(s.atMinutes)) return `${safeText(s.name)} ${s.what === 'fault never clears' ? 'is never repaired' : 'never recovers'}`;
    if (s.what.startsWith('operators acted: ')) return `operators acted on ${safeText(s.name)} at ${at(s.atMinutes)} (${safeText(s.what.slice('operators acted: '.length))})`;
    const verb = s.what === 'fault cleared' ? 'was repaired' : s.what === 'recovered' ? 'recovered' : s.what.startsWith('traffic failed over') ? 'had its traffic failed over' : 'stopped failing';
    return `${safeText(s.name)} ${verb} at ${at(s.atMinutes)}`;
  });
  return `${parts.join(', because ')}.`;
}
