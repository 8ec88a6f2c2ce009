/**
 * The engine's result types: the documented contract behind `blast simulate --json`,
 * the reports and the terminal UI. Times are minutes from the scenario's start.
 */

export type StateName = 'up' | 'degraded' | 'down';

/** Why a service is impaired. */
export interface Cause {
  readonly kind: 'fault' | 'dependency' | 'group' | 'warmup' | 'backlog' | 'collapse' | 'throttle' | 'disabled' | 'capacity' | 'demand' | 'restart' | 'crashloop' | 'herd' | 'cell' | 'fill' | 'shedding';
  /** The service this cause points at: the failed dependency, or the service itself. */
  readonly service: string;
  /** A short human-readable explanation. */
  readonly detail: string;
}

/** A stretch of time in one impaired state with one cause. `end` is null when still impaired at the horizon. */
export interface Interval {
  readonly state: 'degraded' | 'down';
  readonly start: number;
  readonly end: number | null;
  /** The cause the engine acted on (the first of `causes`). */
  readonly cause: Cause;
  /**
   * Every cause during the interval: `cause` first, then each other dependency (or group
   * member) that imposed at least this state at some moment of it, in the order they did.
   * Set by the engine on every interval; optional only for hand-built values.
   */
  readonly causes?: readonly Cause[];
}

export interface ServiceResult {
  readonly id: string;
  readonly name: string;
  readonly tier: number;
  /** First minute impaired, or null when never affected. */
  readonly impactStartMinutes: number | null;
  /** Minute it was last back up, or null when never affected (or never recovered: see `recovered`). */
  readonly recoveredMinutes: number | null;
  /** False when affected and still impaired at the horizon. */
  readonly recovered: boolean;
  readonly worstState: StateName;
  /** Impaired minutes in total. */
  readonly impairedMinutes: number;
  readonly intervals: readonly Interval[];
  /** Partial impact: reported, but not counted in the time to full recovery. */
  readonly partial: boolean;
  /** Largest backlog reached, when the service has a backlog model and work piled up. */
  readonly backlogPeak: { readonly value: number; readonly atMinutes: number; readonly unit: string } | null;
  /**
   * Load shedding (`backlog.shedding`; docs/model.md, "Load shedding and panic mode"): work
   * arrived, served and rejected at once over the run, in the backlog's unit (arrived = served +
   * shed + what is still queued, absent a `cap`). Present only on services with shedding.
   */
  readonly shedding?: { readonly arrived: number; readonly served: number; readonly shed: number; readonly unit: string };
  /** Metastable collapse, when one happened. */
  readonly collapse: {
    readonly startMinutes: number;
    readonly endMinutes: number | null;
    readonly endedBy: string;
    /** Present when it collapsed more than once: how many times; from the first's start to the last's end, `endedBy` the last's. */
    readonly episodes?: number;
    /**
     * The largest queue while collapsed (over every collapse), in the backlog's unit, and when it
     * was reached. `backlogPeak` is the run's largest, which can come outside the collapse.
     */
    readonly queued?: { readonly value: number; readonly atMinutes: number };
    /**
     * Present when a collapse was judged before one of the service's dependencies (`service`,
     * `name`) took its state at that minute (`atMinutes`): judged on a state of that dependency
     * that lasted no time, it may not happen on the state the minute settled to (a known
     * limitation inside cyclic blocks: docs/model.md, "Within an instant"). The first such collapse.
     */
    readonly judgedBefore?: { readonly service: string; readonly name: string; readonly atMinutes: number };
  } | null;
  /**
   * Capacity and served fraction over time (docs/model.md, "Capacity as a fraction"): points
   * joined by straight lines (a step is two points at one minute); empty when it never changed
   * from full capacity, fully served.
   */
  readonly capacity?: readonly CapacityPoint[];
  /** ∫ (1 − served fraction) dt: minutes of demand not served; null when it never recovers. */
  readonly unservedMinutes?: number | null;
  /**
   * A service with cells (docs/model.md, "Cells, zones and regions"): one entry per cell, in
   * the order written. The service's own fields are its aggregate, what its dependents see.
   */
  readonly cells?: readonly CellResult[];
}

/** One cell of a service: its result as for a service (id `<service>@<cell>`), its name and traffic share. */
export interface CellResult extends Omit<ServiceResult, 'cells'> {
  readonly cell: string;
  readonly share: number;
}

/** One point of a capacity curve: available capacity and served fraction of demand, 0..1. */
export interface CapacityPoint {
  readonly minute: number;
  readonly capacity: number;
  readonly served: number;
}

/** One link of the critical path: the last service to recover, then why, back to the trigger. */
export interface CriticalStep {
  readonly id: string;
  readonly name: string;
  /** When this link was resolved (its recovery, or its cause clearing). */
  readonly atMinutes: number;
  /** "recovered", or what ended at that time ("backlog drained", "fault cleared", …). */
  readonly what: string;
  readonly cause: Cause | null;
  /**
   * What this link waited on in turn: the impaired stretches (oldest first) of the unbroken
   * impairment that ended at `atMinutes`, each with its cause; `cause` is the last one's. Set
   * by the engine on every step with a cause; optional only for hand-built values.
   */
  readonly waitedOn?: readonly CriticalWait[];
}

/** One stretch of a critical-path link's wait: its state, from when to when, and why. */
export interface CriticalWait {
  readonly state: 'degraded' | 'down';
  readonly start: number;
  /** null when still impaired at the horizon. */
  readonly end: number | null;
  readonly cause: Cause;
}

export interface RecoveryPoint {
  readonly minute: number;
  readonly up: number;
  readonly degraded: number;
  readonly down: number;
}

/** An operator action as the run carried it out. */
export interface ActionResult {
  readonly service: string;
  readonly do: 'throttle' | 'relax' | 'restart' | 'disable' | 'enable' | 'scale' | 'shed';
  /** When it fired; null when it never did (the event it counts from never happened). */
  readonly atMinutes: number | null;
  /** The event its time counts from, as written ("detection", "db recovered"); null for a stated minute. */
  readonly after: string | null;
  /** In words, e.g. "restart Search 40m after detection at 32m". */
  readonly explanation: string;
}

export interface SimulationResult {
  readonly scenario: string;
  readonly scenarioName: string | null;
  /** Wall-clock time of minute 0 when the scenario states one. */
  readonly start: string | null;
  /** Time of the last state change: nothing changes after it. */
  readonly horizonMinutes: number;
  readonly servicesTotal: number;
  readonly affected: number;
  /** When the last affected (non-partial) service recovered; null if something never recovers. */
  readonly fullRecoveryMinutes: number | null;
  /** Every service, in catalog order. */
  readonly services: readonly ServiceResult[];
  readonly criticalPath: readonly CriticalStep[];
  /** Counts of services by state at each change (a step function). */
  readonly recoveryCurve: readonly RecoveryPoint[];
  /** The scenario's faults in scenario order, as the run applied them (explain-faults.ts). */
  readonly faults: readonly FaultResult[];
  /** The scenario's operator actions in scenario order, with when each fired and why then. */
  readonly actions: readonly ActionResult[];
  /** When the incident was detected, when the scenario models detection (a stated `detection`, or an action counting from it); null otherwise or when never. */
  readonly detectionMinutes: number | null;
  /**
   * Present only when services were still taking turns when the run ended: at the 30-day
   * horizon cut, or where the whole state repeated (docs/model.md, "Termination"): one entry per period.
   */
  readonly oscillating?: readonly OscillationResult[];
}

/** A fault of the scenario as the run applied it. */
export interface FaultResult {
  /** Service id (`<service>@<cell>` for a fault on one cell). */
  readonly service: string;
  readonly name: string;
  readonly atMinutes: number;
  /** When it clears; null when it never does. */
  readonly untilMinutes: number | null;
  /** A load fault's capacity left while it lasts (after any onset); null when it does not set one. */
  readonly capacity: number | null;
  /** A load fault's demand factor while it lasts (after any onset); null when it does not set one. */
  readonly demand: number | null;
  /** In words, after the service's name: "fails", "gets 3× its normal demand (a load fault)". */
  readonly what: string;
}

/** Services that repeated one pattern of state changes, with period `periodMinutes`, from `sinceMinutes` to the horizon cut. */
export interface OscillationResult {
  /** Service ids, in catalog order. */
  readonly services: readonly string[];
  readonly periodMinutes: number;
  readonly sinceMinutes: number;
  /**
   * Present when the run stopped because its whole state repeated (docs/model.md, "Termination"):
   * the minute it stopped at, and how long before it the state was the same (a multiple of
   * `periodMinutes`). The pattern then goes on for ever: these services never recover.
   */
  readonly stoppedAtMinutes?: number;
  readonly statePeriodMinutes?: number;
  /** In words, e.g. "S0 and S2 took turns every 14.4 min from minute 73.4 until the 30-day cut …". */
  readonly note: string;
}

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

export interface MonteCarloResult {
  readonly trials: number;
  readonly seed: number;
  /** Percentiles over trials; trials that never fully recover count as +Infinity (shown as null in JSON). */
  readonly fullRecoveryMinutes: Percentiles & { readonly mean: number; readonly min: number; readonly max: number };
  readonly affected: Percentiles;
  /** Per affected service: percentiles of its recovery time, and the share of trials it was affected in. */
  readonly services: ReadonlyArray<{ readonly id: string; readonly recoveredMinutes: Percentiles; readonly affectedShare: number }>;
  /** Uncertain parameters ranked by how much they move the time to full recovery (Spearman rank correlation). */
  readonly sensitivity: ReadonlyArray<{ readonly parameter: string; readonly correlation: number }>;
  /**
   * Actions timed from an event of the run, in scenario order: the share of trials in which they
   * fired (their event happened) and percentiles of when, over those trials (null: never fired).
   */
  readonly actions: ReadonlyArray<{
    readonly service: string;
    readonly do: ActionResult['do'];
    readonly after: string;
    readonly firedShare: number;
    readonly atMinutes: Percentiles | null;
  }>;
}
