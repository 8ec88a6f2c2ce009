/**
 * Applies the advisor's edits to a catalog object: the patched catalog that is simulated.
 * The YAML patcher (patch-yaml.ts) writes the same edits into the catalog's files; a test
 * loads those files and checks that they simulate to the same numbers.
 */
import type { BacklogModel, Catalog, Dependency, Param, Service } from '../catalog/model.js';
import type { Edit } from './model.js';

/** Rounds a patched number so that the YAML text written for it parses back to exactly it. */
export const roundPatched = (x: number): number => Math.round(x * 1e4) / 1e4;

/** A parameter scaled by `factor` (constants, lognormals and ranges); undefined for a prior. */
export function scaleParam(p: Param, factor: number): Param | undefined {
  switch (p.kind) {
    case 'const':
      return { kind: 'const', value: roundPatched(p.value * factor) };
    case 'lognormal':
      return { kind: 'lognormal', p50: roundPatched(p.p50 * factor), p90: roundPatched(p.p90 * factor) };
    case 'uniform':
      return { kind: 'uniform', min: roundPatched(p.min * factor), max: roundPatched(p.max * factor) };
    case 'prior':
      return undefined;
  }
}

/** The single (not grouped) hard or soft dependency of `s` on `on`, by index, or -1. */
export const singleDependencyIndex = (s: Service, on: string): number =>
  s.dependsOn.findIndex((d) => !d.group && d.of[0] === on && d.type !== 'async');

/** The single async dependency of `s` on `on` with backpressure, by index, or -1. */
export const backpressureIndex = (s: Service, on: string): number => s.dependsOn.findIndex((d) => !d.group && d.of[0] === on && d.type === 'async' && d.backpressure === true);

/** The dependencies an added replica keeps: those with no member in `drop`. */
export const replicaDependencies = (s: Service, drop: readonly string[]): Dependency[] => s.dependsOn.filter((d) => !d.of.some((m) => drop.includes(m)));

/**
 * The catalog with `edits` applied in order, or a reason why an edit does not apply (its
 * service is gone, the dependency it changes is no longer a single one, an id is taken).
 */
export function applyEdits(catalog: Catalog, edits: readonly Edit[]): { catalog: Catalog } | { reason: string } {
  const services = new Map(catalog.services);
  for (const e of edits) {
    const reason = applyOne(services, e);
    if (reason) return { reason };
  }
  return { catalog: { ...catalog, services } };
}

function applyOne(services: Map<string, Service>, e: Edit): string | undefined {
  switch (e.op) {
    case 'add-replica': {
      const s = services.get(e.of);
      if (!s) return `no service ${e.of}`;
      if (services.has(e.replica)) return `${e.replica} exists already`;
      // a capacity fraction (needs / scales) applies to a single dependency only: no group can carry it
      for (const [id, t] of services) if (t.dependsOn.some((d) => !d.group && d.of[0] === e.of && d.type !== 'async' && (d.needs !== undefined || d.scales !== undefined))) return `${id} needs a fraction of ${e.of} (needs / scales), which a redundancy group cannot carry`;
      let dependents = 0;
      for (const [id, t] of services) {
        const deps = t.dependsOn.map((d) => (!d.group && d.of[0] === e.of && d.type !== 'async' ? { ...d, of: [e.of, e.replica], atLeast: 1, group: true, memberPos: [d.memberPos[0]!, d.memberPos[0]!] } : d));
        if (deps.some((d, i) => d !== t.dependsOn[i])) {
          dependents++;
          services.set(id, { ...t, dependsOn: deps });
        }
      }
      if (dependents === 0) return `nothing depends on ${e.of} alone`;
      const { backlog: _backlog, ...rest } = s;
      const replica: Service = { ...rest, id: e.replica, name: `${s.name} (replica)`, dependsOn: replicaDependencies(s, e.drop) };
      // the replica follows the original in catalog order
      const entries = [...services];
      const at = entries.findIndex(([id]) => id === e.of);
      entries.splice(at + 1, 0, [e.replica, replica]);
      services.clear();
      for (const [id, t] of entries) services.set(id, t);
      return undefined;
    }
    case 'soften': {
      const s = services.get(e.service);
      if (!s) return `no service ${e.service}`;
      const k = singleDependencyIndex(s, e.on);
      if (k < 0 || s.dependsOn[k]!.type !== 'hard') return `${e.service} has no single hard dependency on ${e.on}`;
      const deps = s.dependsOn.map((d, i) => (i === k ? { ...d, type: e.to } : d));
      services.set(e.service, { ...s, dependsOn: deps });
      return undefined;
    }
    case 'remove-timeout':
    case 'set-backlog': {
      const s = services.get(e.service);
      if (!s?.backlog) return `${e.service} has no backlog`;
      let b: BacklogModel;
      if (e.op === 'remove-timeout') {
        if (!s.backlog.timeout) return `${e.service} has no timeout`;
        const { timeout: _t, ...rest } = s.backlog;
        b = rest;
      } else {
        b = { ...s.backlog, [e.field]: { kind: 'const', value: e.value } };
      }
      services.set(e.service, { ...s, backlog: b });
      return undefined;
    }
    case 'scale-recovery': {
      const s = services.get(e.service);
      if (!s?.recovery) return `${e.service} has no recovery time`;
      const time = scaleParam(s.recovery.time, e.factor);
      if (!time) return `${e.service}'s recovery time is a prior`;
      services.set(e.service, { ...s, recovery: { ...s.recovery, time } });
      return undefined;
    }
    case 'set-spread': {
      const s = services.get(e.service);
      if (!s?.clients) return `${e.service} has no clients model`;
      services.set(e.service, { ...s, clients: { ...s.clients, spread: { kind: 'const', value: roundPatched(e.value) } } });
      return undefined;
    }
    case 'set-crash-cap': {
      const s = services.get(e.service);
      if (!s?.crashLoop) return `${e.service} has no crash loop`;
      services.set(e.service, { ...s, crashLoop: { ...s.crashLoop, cap: { kind: 'const', value: roundPatched(e.value) } } });
      return undefined;
    }
    case 'drop-backpressure': {
      const s = services.get(e.service);
      if (!s) return `no service ${e.service}`;
      const k = backpressureIndex(s, e.on);
      if (k < 0) return `${e.service} has no backpressure edge to ${e.on}`;
      const { backpressure: _bp, ...plain } = s.dependsOn[k]!;
      services.set(e.service, { ...s, dependsOn: s.dependsOn.map((d, i) => (i === k ? plain : d)) });
      return undefined;
    }
    case 'set-failover':
    case 'set-headroom': {
      const s = services.get(e.service);
      if (!s?.cells) return `${e.service} has no cells`;
      const { failoverAfter: _after, ...cells } = s.cells;
      services.set(e.service, { ...s, cells: e.op === 'set-failover' ? { ...cells, failover: true } : { ...s.cells, headroom: roundPatched(e.value) } });
      return undefined;
    }
    case 'speed-restart': {
      const s = services.get(e.service);
      if (!s?.restart) return `${e.service} has no staged restart`;
      const { rate, over } = s.restart;
      const scaled = rate ? scaleParam(rate, e.factor) : over ? scaleParam(over, 1 / e.factor) : undefined;
      if (!scaled) return `${e.service}'s restart pace is a prior`;
      services.set(e.service, { ...s, restart: { ...s.restart, ...(rate ? { rate: scaled } : { over: scaled }) } });
      return undefined;
    }
  }
}
