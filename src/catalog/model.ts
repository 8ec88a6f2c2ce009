/**
 * The catalog's typed model: what a validated catalog means, independent of YAML.
 * Every element remembers where it was written so findings can point back at it.
 */

/** A position in a catalog source file (1-based line and column). */
export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/**
 * A model parameter: a constant, or a distribution sampled per Monte Carlo trial.
 * Durations are in minutes, rates in units per minute, factors are plain numbers.
 */
export type Param = ParamFlags & (
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'lognormal'; readonly p50: number; readonly p90: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  /**
   * A duration whose distribution comes from the engine's priors table (docs/model.md, "Priors").
   * `times` (> 0, default 1) multiplies it: a prior given per unit of size (e.g. `restore-per-tb`)
   * times the size (`{prior: restore-per-tb, times: 5}` for 5 TB).
   */
  | { readonly kind: 'prior'; readonly name: string; readonly times?: number });

/** A parameter with its distribution known: what a prior resolves to. */
export type Distribution = Exclude<Param, { readonly kind: 'prior' }>;

/**
 * Marks on a parameter written in object form. `free: true` lets `blast fit` move it
 * (within its range, or around its prior); the engine samples it as usual.
 */
export interface ParamFlags {
  readonly free?: boolean;
  /** Where a free parameter is written (its key), so that `blast fit --write` can put the fitted value back. */
  readonly pos?: SourcePos;
  /**
   * A shared draw (`draw: <name>`): every parameter naming the same draw takes, in each Monte
   * Carlo trial, the same quantile of its own distribution (one effort, one duration: a staged
   * restart of several services by one team). Without it each parameter draws on its own.
   */
  readonly draw?: string;
  /** Where `draw` is written, for the rules that check a draw's parameters agree. */
  readonly drawPos?: SourcePos;
}

export const TIERS = [0, 1, 2, 3] as const;
export type Tier = (typeof TIERS)[number];

/**
 * How a dependency's state reaches the dependent.
 * - hard: down → down, degraded → degraded (or down when `failOn: degraded`).
 * - soft: down or degraded → degraded.
 * - async: work for this service queues while the dependency is not up; the
 *   dependent's own state is unaffected until that queue (its backlog) drains.
 */
export type DependencyType = 'hard' | 'soft' | 'async';
export const DEPENDENCY_TYPES: readonly DependencyType[] = ['hard', 'soft', 'async'];

/** One requirement of a service: a single dependency, or a redundancy group (k of n). */
export interface Dependency {
  /** The services this requirement is about; one for a plain dependency. */
  readonly of: readonly string[];
  /** How many of `of` must be up. 1 for a plain dependency. */
  readonly atLeast: number;
  /** True when written as a redundancy group (`atLeast` / `of`). */
  readonly group: boolean;
  readonly type: DependencyType;
  /** A degraded dependency takes this service down (e.g. a health check that times out). */
  readonly failOn: 'down' | 'degraded';
  /**
   * The dependency acts through an automatic failover: when operators disable the
   * dependency (a `disable` action), its effect on this service is suspended.
   */
  readonly failover: boolean;
  /** Fraction of processing capacity left while this dependency is impaired (backlog models). */
  readonly capacity?: number;
  /**
   * Capacity as a fraction: this service fails (down for hard, degraded for soft) while the
   * dependency serves less than this fraction of its demand (0..1). Single dependencies only.
   */
  readonly needs?: number;
  /**
   * Capacity as a fraction: this service's capacity is at most 1 − scales × (1 − the
   * dependency's served fraction); `scales: true` is 1. Single dependencies only.
   */
  readonly scales?: number;
  /**
   * Backpressure on an async dependency with a bounded queue (`backlog.cap`): while that
   * queue is full, writes to it block and this service is down.
   */
  readonly backpressure?: boolean;
  /**
   * A dependency seen through a cache, lease or TTL (docs/model.md, "Stale dependencies"): its
   * impairment reaches this service only once it has lasted this long; a recovery before then
   * is never felt.
   */
  readonly staleFor?: Param;
  /**
   * Cache fill (docs/model.md, "Cold caches loading their origin"): this service is a cache in
   * front of the dependency; when it comes back cold, its misses raise the dependency's demand.
   */
  readonly fill?: FillModel;
  /** One-line justification. */
  readonly why?: string;
  /**
   * Cells (docs/model.md, "Cells, zones and regions"): `local` when each cell of this
   * service needs the cell of the same name of the dependency; absent (global): it needs
   * the dependency as a whole, its traffic-weighted served fraction.
   */
  readonly cell?: 'local';
  readonly pos: SourcePos;
  /** Positions of each member reference, parallel to `of`. */
  readonly memberPos: readonly SourcePos[];
}

/**
 * A cache in front of a dependency (its origin): `hitRatio` is its normal hit ratio, `warm` how
 * long it takes to get back to it once it returns empty (default: the cache's `recovery.time`),
 * `share` the fraction of the origin's normal demand that is this cache's misses (default 1).
 */
export interface FillModel {
  readonly hitRatio: Param;
  readonly warm?: Param;
  readonly share: number;
  readonly pos: SourcePos;
}

/** Own restart / warm-up once the causes of an outage have cleared. */
export interface RecoveryModel {
  readonly time: Param;
  /** The state during warm-up. */
  readonly state: 'down' | 'degraded';
}

/**
 * A fluid queue of work that piles up while the service cannot process it.
 * Rates are per minute; the backlog is in the service's own unit of work.
 */
export interface BacklogModel {
  /** Work arriving per minute in normal operation. */
  readonly arrival: Param;
  /** Work the service can process per minute when healthy. */
  readonly capacity: Param;
  /** Most work that can pile up (e.g. a fleet has only so many leases). */
  readonly cap?: Param;
  /** Work not served within this time expires and is retried: the metastable-collapse threshold. */
  readonly timeout?: Param;
  /** Arrival multiplier while the service is down (clients retrying). */
  readonly retry?: Param;
  /** Fraction of capacity available while the service is degraded by its dependencies. */
  readonly degradedCapacity?: Param;
  /** After a collapse with no operator action, the delay until mitigation (admission throttled to capacity). */
  readonly mitigation?: Param;
  /** Unit of work, for reports ("leases", "requests"). */
  readonly unit?: string;
  /**
   * Load shedding (docs/model.md, "Load shedding and panic mode"): work that cannot be served
   * within `timeout` is rejected at once; `after` is how long a collapse lasts before it engages
   * (a constant 0 for `shedding: true`).
   */
  readonly shedding?: { readonly after: Param };
}

/**
 * Staged recovery: after the causes of an outage clear, capacity returns linearly as
 * `units` (hosts, tasks) come back at `rate`, i.e. over units / rate minutes; `coldStart`
 * (≥ 1, default 1) is how much slower that is under full load than behind a throttle.
 */
export interface RestartModel {
  readonly units: Param;
  /** Units brought back per minute; or, instead, `over`: how long bringing them all back takes (a duration, e.g. `{prior: restart-fleet}`). Exactly one of the two. */
  readonly rate?: Param;
  readonly over?: Param;
  readonly coldStart?: Param;
  /** The slow-start trap: a health check that removes units still warming (docs/model.md, "Slow-start trap"). */
  readonly healthCheck?: HealthCheckModel;
}

/**
 * A health check on the units of a staged restart: `grace` after a unit starts, a unit below
 * `threshold` of full speed is removed and restarted. A unit reaches full speed over `warmup`
 * behind a throttle, over `warmup × coldStart` under full load.
 */
export interface HealthCheckModel {
  /** Fraction of full speed a unit must reach by the end of its grace period, in [0, 1] (0: every unit passes). */
  readonly threshold: number;
  readonly grace: Param;
  readonly warmup: Param;
  /** Load-balancer panic threshold: below this fraction of capacity in service, traffic goes to every unit (docs/model.md, "Load shedding and panic mode"). */
  readonly panic?: number;
}

/**
 * A crash loop: while a cause of an outage persists, restarts fail and are retried with
 * exponential backoff (`base`, doubling, at most `cap`); after the cause clears, the service
 * comes back at its next attempt. With `jitter`, that wait is a uniform draw up to the
 * current backoff (a Monte Carlo parameter), without it the fixed schedule.
 */
export interface CrashLoopModel {
  readonly base: Param;
  readonly cap: Param;
  readonly jitter: boolean;
}

/**
 * This service is a client of its dependencies: when one of them comes back from an
 * outage, `count` clients reconnect and retry, adding count × retry units of work to the
 * dependency's queue at once, or spread evenly over `spread` (jittered reconnects).
 */
export interface ClientModel {
  readonly count: Param;
  readonly retry?: Param;
  readonly spread?: Param;
}

/**
 * A service split into cells (regions, availability zones, shards) with traffic shares
 * summing to 1 (docs/model.md, "Cells, zones and regions").
 */
export interface CellsModel {
  /** Cell names, in the order written. */
  readonly names: readonly string[];
  /** Traffic share of each cell, parallel to `names`. */
  readonly shares: readonly number[];
  /** When a cell is down, its traffic moves to the others (in proportion to their shares). */
  readonly failover: boolean;
  /** How long after a cell goes down its traffic moves (`failover: 2m`); absent: at once. */
  readonly failoverAfter?: Param;
  /** How long moving all of a cell's traffic takes (`failover: {after, over}`): its moved share rises linearly; absent: all at once. */
  readonly failoverOver?: Param;
  /** Spare capacity of each cell as a fraction of its share: the moved traffic it absorbs before it is overloaded. */
  readonly headroom: number;
  /** Where `cells` is written. */
  readonly pos: SourcePos;
}

export interface Link {
  readonly title: string;
  readonly url: string;
}

export interface Service {
  readonly id: string;
  readonly name: string;
  readonly tier: Tier;
  /** The catalog leaves `tier` out and the default ({@link DEFAULT_TIER}) applies. */
  readonly tierDefaulted?: true;
  readonly description?: string;
  readonly owner?: string;
  readonly system?: string;
  readonly region?: string;
  readonly zone?: string;
  readonly links: readonly Link[];
  readonly labels: ReadonlyMap<string, string>;
  readonly dependsOn: readonly Dependency[];
  readonly recovery?: RecoveryModel;
  readonly restart?: RestartModel;
  readonly crashLoop?: CrashLoopModel;
  readonly clients?: ClientModel;
  readonly backlog?: BacklogModel;
  /** Cells with traffic shares; absent: one undivided service. */
  readonly cells?: CellsModel;
  /**
   * The service's impairment touches only part of its users (e.g. some clusters):
   * reported, but it does not hold back the time to full recovery.
   */
  readonly partial: boolean;
  readonly pos: SourcePos;
}

export interface Fault {
  readonly service: string;
  readonly at: Param;
  /** How long the fault lasts; absent with `until` absent means it never clears. */
  readonly for?: Param;
  readonly until?: Param;
  /** A load fault: capacity left while it lasts (0..1) instead of taking the service down. */
  readonly capacity?: Param;
  /** A load fault: demand multiplied by this while it lasts (a surge) instead of taking the service down. */
  readonly demand?: Param;
  /**
   * A load fault whose size changes (src/engine/ramp.ts): capacity (or demand) moves linearly
   * from `from` at the fault's start to the value above (`capacity`, `demand`) over `over`,
   * then holds; written `capacity: {from: 1, to: 0.15, over: 3h}`.
   */
  readonly capacityRamp?: Ramp;
  readonly demandRamp?: Ramp;
  /** The cell of a service with cells it hits; absent: every cell. */
  readonly cell?: string;
  readonly pos: SourcePos;
}

/** The onset of a load fault that grows: from `from` (default 1, nominal) over `over`. */
export interface Ramp {
  readonly from?: Param;
  readonly over: Param;
  readonly pos: SourcePos;
}

export const ACTION_KINDS = ['throttle', 'relax', 'restart', 'disable', 'enable', 'scale', 'shed'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const ANCHOR_KINDS = ['start', 'detection', 'fault-end', 'impact', 'down', 'recovered'] as const;
export type AnchorKind = (typeof ANCHOR_KINDS)[number];

/**
 * An event a time can count from: `start` (minute 0), `detection` (when the incident is
 * detected), `fault-end` (when the scenario's first fault clears), or a service's first
 * `impact`, first time `down`, or first recovery after its impact (`recovered`).
 */
export interface Anchor {
  readonly kind: AnchorKind;
  /** The service, for impact / down / recovered. */
  readonly service?: string;
  /** Where the anchor is written. */
  readonly pos: SourcePos;
}

/** An operator action at a stated time. */
export interface Action {
  /** When operators act: minutes from the start, or from `after` when it is present. */
  readonly at: Param;
  /** The event `at` counts from (`at: {after, plus}`); absent: `at` is from minute 0. */
  readonly after?: Anchor;
  /** Further delays added to `at` (a `plus` written as a list: `[{prior: diagnose}, {prior: mitigate}]`). */
  readonly extra?: readonly Param[];
  readonly service: string;
  readonly do: ActionKind;
  /** throttle: the admitted rate (per minute). */
  readonly rate?: Param;
  /** relax: how long until the throttle is fully lifted. */
  readonly over?: Param;
  /** restart: drop the queued work as well. */
  readonly drop: boolean;
  /** scale: the service's capacity from now on, as a multiple of its nominal capacity (2: doubled). */
  readonly capacity?: Param;
  /** shed: the demand reaching the service from now on, as a multiple of its normal demand (0.7: 30 % moved away). */
  readonly demand?: Param;
  /** The cell of a service with cells it acts on; absent: every cell. */
  readonly cell?: string;
  readonly why?: string;
  readonly pos: SourcePos;
}

export interface Scenario {
  readonly id: string;
  readonly name?: string;
  readonly description?: string;
  /** Wall-clock time of minute 0 (ISO 8601 with offset), for clock-time displays. */
  readonly start?: string;
  readonly faults: readonly Fault[];
  readonly actions: readonly Action[];
  /**
   * When the incident is detected: `at` minutes from the start, or from `after`. Absent:
   * the first impact of any service plus the `detect` prior.
   */
  readonly detection?: { readonly at: Param; readonly after?: Anchor; readonly extra?: readonly Param[]; readonly pos: SourcePos };
  /** What was observed in the real incident, for `blast replay` and `blast fit`. */
  readonly observed?: readonly Observation[];
  /** Services the sources name as affected (for comparison with the simulated blast radius). */
  readonly affected?: readonly AffectedRef[];
  /**
   * Parameters whose values were chosen to make this scenario's observed milestones come out
   * (fitted by hand or by `blast fit --write`): replaying the scenario is then not a
   * prediction, and the incident library reports it as calibrated, not priors-only.
   */
  readonly fitted?: readonly FittedRef[];
  readonly pos: SourcePos;
}

/** One parameter a scenario's milestones were used to set: `{service, param, why}`. */
export interface FittedRef {
  readonly service: string;
  /** The parameter within the service, e.g. `recovery.time`, `backlog.capacity`, `dependsOn ec2 capacity`. */
  readonly param: string;
  readonly why?: string;
  readonly pos: SourcePos;
}

export const OBSERVED_EVENTS = ['impact', 'down', 'recovered', 'capacity'] as const;
export type ObservedEvent = (typeof OBSERVED_EVENTS)[number];

/**
 * One observed milestone of a real incident: a service (or `all`: every non-partial
 * service) reached a state at a time, according to a cited source.
 */
export interface Observation {
  /** A service id, or `all`. */
  readonly service: string;
  readonly event: ObservedEvent;
  /** Minutes from the scenario's minute 0 (a timestamp is converted using the scenario's `start`). */
  readonly at: number;
  /** `capacity` only: the fraction of capacity reached at least. */
  readonly fraction?: number;
  /** upper: by then at the latest; lower: not before then. */
  readonly bound?: 'upper' | 'lower';
  /** Allowed error in minutes; absent: max(20 min, 25 % of `at`). */
  readonly tolerance?: number;
  readonly label?: string;
  /** URL (and section) of the source. */
  readonly source: string;
  readonly pos: SourcePos;
}

/** A service named by the sources as affected. */
export interface AffectedRef {
  readonly service: string;
  readonly pos: SourcePos;
}

export interface CatalogMeta {
  readonly name?: string;
  readonly description?: string;
}

/** A validated catalog: services and scenarios keyed by id, in source order. */
export interface Catalog {
  readonly meta: CatalogMeta;
  readonly services: ReadonlyMap<string, Service>;
  readonly scenarios: ReadonlyMap<string, Scenario>;
  readonly files: readonly string[];
}

export const constParam = (value: number): Param => ({ kind: 'const', value });

/** The tier a service without `tier` gets: not a review target (targets are tier 0-1). */
export const DEFAULT_TIER: Tier = 2;
