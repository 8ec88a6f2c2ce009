/**
 * The run-level note for services still taking turns at the horizon cut (oscillation.ts,
 * docs/model.md "Termination"): services with one period are grouped, and the note says who
 * took turns, how often, since when, and that the 30-day cut, not a recovery, ended the run;
 * or, for a run stopped because its whole state repeated (repeat.ts), where it stopped and which
 * earlier minute's state it repeated.
 */
import { MAX_HORIZON } from './state.js';
import { OSC_TOL, type Oscillation } from './oscillation.js';
import type { OscillationResult } from './result.js';

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** "a", "a and b", "a, b and c". */
function names(xs: readonly string[]): string {
  return xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)!}`;
}

/** One entry per period (shortest first; services in catalog order within one). */
export function oscillationResults(serviceNames: readonly string[], ids: readonly string[], found: readonly Oscillation[]): OscillationResult[] {
  const sorted = [...found].sort((a, b) => a.periodMinutes - b.periodMinutes || a.service - b.service);
  const groups: Oscillation[][] = [];
  for (const o of sorted) {
    const g = groups.at(-1);
    if (g !== undefined && Math.abs(o.periodMinutes - g[0]!.periodMinutes) <= OSC_TOL) g.push(o); else groups.push([o]);
  }
  const days = Math.round(MAX_HORIZON / 1440);
  return groups.map((g) => {
    g.sort((a, b) => a.service - b.service);
    const P = round(g[0]!.periodMinutes);
    const since = round(Math.min(...g.map((o) => o.since)));
    const who = names(g.map((o) => serviceNames[o.service]!));
    const rep = g[0]!.repeat;
    if (rep !== undefined) {
      const at = round(rep.at);
      const stop = `the whole state at minute ${at} (queues, pending events) repeats that of minute ${round(rep.from)}, so the run stopped there (oscillating)`;
      const note = g.length > 1
        ? `${who} take turns every ${P} min from minute ${since} and never settle: ${stop}`
        : `${who} keeps changing state every ${P} min from minute ${since} and never settles: ${stop}`;
      return { services: g.map((o) => ids[o.service]!), periodMinutes: P, sinceMinutes: since, stoppedAtMinutes: at, statePeriodMinutes: round(rep.at - rep.from), note };
    }
    const note = g.length > 1
      ? `${who} took turns every ${P} min from minute ${since} until the ${days}-day cut (oscillating: they never settle)`
      : `${who} kept changing state every ${P} min from minute ${since} until the ${days}-day cut (oscillating: it never settles)`;
    return { services: g.map((o) => ids[o.service]!), periodMinutes: P, sinceMinutes: since, note };
  });
}
