/**
 * The advisor's vocabulary: concrete catalog edits, the candidate changes built from
 * them, their effort, and what the simulation measured for each. Everything here is
 * plain data (JSON-able), so a candidate can be re-applied to a catalog object, to the
 * catalog's YAML, or sent to another thread.
 */

/** One concrete change to a catalog. Services are named by id; a dependency by the id it names. */
export type Edit =
  /**
   * Adds `replica`, a copy of `of` without its backlog and without the dependencies in `drop`
   * (the requirements whose members include one of these ids), and turns every single hard or
   * soft dependency on `of` into a group "1 of [of, replica]".
   */
  | { readonly op: 'add-replica'; readonly of: string; readonly replica: string; readonly drop: readonly string[] }
  /**
   * `service`'s single hard dependency on `on` becomes soft (it serves degraded without it) or
   * async (it starts and serves without waiting for it: what breaks a dependency cycle).
   */
  | { readonly op: 'soften'; readonly service: string; readonly on: string; readonly to: 'soft' | 'async' }
  /** The backlog of `service` loses its `timeout` (admission control at capacity: no collapse). */
  | { readonly op: 'remove-timeout'; readonly service: string }
  /** A backlog field set to a constant (`cap` in units of work; `mitigation` in minutes). */
  | { readonly op: 'set-backlog'; readonly service: string; readonly field: 'cap' | 'mitigation'; readonly value: number }
  /** The recovery (warm-up) time of `service` multiplied by `factor`. */
  | { readonly op: 'scale-recovery'; readonly service: string; readonly factor: number }
  /**
   * The reconnects of `service`'s clients spread over `value` minutes (`clients.spread`: backoff
   * with jitter instead of a synchronized herd); `of`: the queues whose herd it removes.
   */
  | { readonly op: 'set-spread'; readonly service: string; readonly of: readonly string[]; readonly value: number }
  /** The staged restart of `service` `factor` times faster: its `rate` multiplied, or its `over` divided, by `factor`. */
  | { readonly op: 'speed-restart'; readonly service: string; readonly factor: number }
  /** The longest backoff of `service`'s crash loop (`crashLoop.cap`) set to `value` minutes. */
  | { readonly op: 'set-crash-cap'; readonly service: string; readonly value: number }
  /** `service`'s async edge to `on` loses `backpressure: true`: writes to a full queue are shed instead of blocking. */
  | { readonly op: 'drop-backpressure'; readonly service: string; readonly on: string }
  /** `service`'s cells fail over (`failover: true`): a cell's traffic moves to the others when it is down. */
  | { readonly op: 'set-failover'; readonly service: string }
  /** `service`'s `headroom` (spare capacity of each cell, a fraction of its share) set to `value`. */
  | { readonly op: 'set-headroom'; readonly service: string; readonly value: number };

export const CANDIDATE_KINDS = ['replica', 'degrade', 'break-cycle', 'admission-control', 'bounded-queue', 'runbook', 'standby', 'jitter', 'faster-restart', 'crash-backoff', 'shed-writes', 'larger-buffer', 'cell-failover', 'cell-headroom'] as const;
export type CandidateKind = (typeof CANDIDATE_KINDS)[number];

export const EFFORT_LEVELS = ['small', 'medium', 'large'] as const;
export type EffortLevel = (typeof EFFORT_LEVELS)[number];
/** Effort levels as weights for "benefit per effort". */
export const EFFORT_WEIGHT: Readonly<Record<EffortLevel, number>> = { small: 1, medium: 2, large: 4 };

/** Default effort of each kind of change (overridable with `--effort kind=level`). */
export const DEFAULT_EFFORT: Readonly<Record<CandidateKind, EffortLevel>> = {
  replica: 'large',
  degrade: 'medium',
  'break-cycle': 'medium',
  'admission-control': 'medium',
  'bounded-queue': 'small',
  runbook: 'small',
  standby: 'medium',
  jitter: 'small',
  'faster-restart': 'medium',
  'crash-backoff': 'small',
  'shed-writes': 'medium',
  'larger-buffer': 'small',
  'cell-failover': 'medium',
  'cell-headroom': 'medium',
};

export interface Candidate {
  /** Stable id, e.g. `replica:catalog-db`. */
  readonly id: string;
  readonly kind: CandidateKind;
  /** One line: what changes. */
  readonly title: string;
  /** What the change means in the running system. */
  readonly description: string;
  /** Something the user must confirm before the change is worth what it is simulated to be worth. */
  readonly assumption?: string;
  readonly edits: readonly Edit[];
}

/** What one catalog's simulation gives over the advisor's inputs. */
export interface Measure {
  /** Σ over inputs of the expected tier-weighted service-hours of impairment. */
  readonly serviceHours: number;
  /** Mean over inputs of the P50 / P90 of the time to full recovery, in minutes (Infinity: never). */
  readonly fullP50: number;
  readonly fullP90: number;
  /** Mean over inputs of the expected number of affected services. */
  readonly affected: number;
}

/** A candidate's measured effect: the patched catalog against the baseline, on the same seeds. */
export interface Evaluated {
  readonly candidate: Candidate;
  readonly effort: EffortLevel;
  readonly measure: Measure;
  /** Baseline minus candidate (positive is better). */
  readonly benefit: Measure;
  /** Half-width of a 95 % interval of the service-hours benefit over paired trials (0 for a point estimate). */
  readonly ci95: number;
  /** Service-hours benefit divided by the effort weight. */
  readonly perEffort: number;
}

/** One step of a greedy bundle. */
export interface BundleStep {
  readonly candidate: string;
  readonly title: string;
  /** Service-hours saved by this step on top of the steps before it. */
  readonly marginal: number;
  /** The measure after this step (cumulative). */
  readonly measure: Measure;
  /** The service-hours each other candidate would still save after this step (candidate id → hours). */
  readonly othersAfter: Readonly<Record<string, number>>;
}

export interface AdviceInput {
  /** Scenario id, or `fail <id> for <duration>`. */
  readonly label: string;
}

export interface Advice {
  readonly inputs: readonly AdviceInput[];
  /** Monte Carlo trials per catalog and input (0: point estimate with parameters at their medians). */
  readonly trials: number;
  readonly seed: number;
  readonly baseline: Measure;
  /** Ranked by service-hours saved (then P50 gained, then id). */
  readonly ranked: readonly Evaluated[];
  /** Candidates generated but not simulated with Monte Carlo (their point estimate ranked below `screen`). */
  readonly screenedOut: number;
  readonly generated: number;
  readonly bundle: readonly BundleStep[];
}
