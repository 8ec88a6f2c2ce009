/**
 * Parameters and times as a catalog writes them (compose.ts): a number, a distribution
 * (lognormal by p50/p90, uniform by min/max, a named prior), and a time counted from minute 0
 * or from an event of the run (`{after: <event>, plus: <duration>}`).
 */
import type { PlainObject } from './check-schema.js';
import type { Anchor, AnchorKind, Param, Ramp, SourcePos } from './model.js';
import { suggest } from '../util/text.js';
import { has, num, obj, str, type PositionContext } from './compose-context.js';

/** A time: when, the event it counts from (absent: minute 0), and further durations added. */
export interface Time {
  readonly at: Param;
  readonly after?: Anchor;
  readonly extra?: Param[];
}

export interface ParamReaders {
  /** The parameter at `owner[key]`; undefined when absent or invalid (reported here or by the schema check). */
  param(owner: PlainObject, key: string): Param | undefined;
  /** The time at `owner[key]`; undefined when invalid (reported here or by the schema check). */
  time(owner: PlainObject, key: string): Time | undefined;
  /** A load fault's size written as a ramp `{from?, to, over}` (src/engine/ramp.ts); undefined when it is a plain value. */
  rampOf(owner: PlainObject, key: string): { to: Param | undefined; ramp: Ramp | undefined } | undefined;
  /** The parameters read so far that name a shared draw (`draw: <name>`), in reading order (rules-draw.ts). */
  readonly drawn: Param[];
}

export function paramReaders(ctx: PositionContext): ParamReaders {
  const { diagnostics, posOf, keyPos, valuePos } = ctx;
  const drawn: Param[] = [];
  const param = (owner: PlainObject, key: string): Param | undefined => {
    const p = readParam(owner, key);
    if (p?.draw !== undefined) drawn.push(p);
    return p;
  };
  const readParam = (owner: PlainObject, key: string): Param | undefined => {
    const v = owner[key];
    if (typeof v === 'number') return { kind: 'const', value: v };
    const o = obj(v);
    if (!o) return undefined;
    // A distribution missing a bound was already reported by the schema check.
    if (has(o, 'prior')) {
      const name = str(o.prior);
      // `times` (a size multiplier) must be a number above 0; a non-number was reported by the schema check
      const times = num(o.times);
      if (has(o, 'times') && !(times !== undefined && times > 0)) {
        if (times !== undefined) diagnostics.push({ code: 'invalid-value', severity: 'error', message: `${key}: times must be greater than 0, found ${times}`, pos: keyPos(o, 'times'), hint: 'times is the size the prior is multiplied by, e.g. {prior: restore-per-tb, times: 5} for 5 TB' });
        return undefined;
      }
      return name === undefined ? undefined : { kind: 'prior', name, ...(times !== undefined && times !== 1 ? { times } : {}), ...flags(o) };
    }
    if (has(o, 'p50')) {
      const p50 = num(o.p50);
      const p90 = num(o.p90);
      if (p50 === undefined || p90 === undefined) return undefined;
      if (!(p50 > 0) || !(p90 >= p50)) {
        diagnostics.push({ code: 'invalid-value', severity: 'error', message: `${key}: a lognormal needs 0 < p50 ≤ p90`, pos: keyPos(owner, key), hint: 'for a fixed value write it alone' });
        return undefined;
      }
      return { kind: 'lognormal', p50, p90, ...flags(o) };
    }
    const min = num(o.min);
    const max = num(o.max);
    if (min === undefined || max === undefined) return undefined;
    if (!(max >= min)) {
      diagnostics.push({ code: 'invalid-value', severity: 'error', message: `${key}: a range needs min ≤ max`, pos: keyPos(owner, key) });
      return undefined;
    }
    return { kind: 'uniform', min, max, ...flags(o) };
  };
  const rampOf = (owner: PlainObject, key: string): { to: Param | undefined; ramp: Ramp | undefined } | undefined => {
    const o = obj(owner[key]);
    if (!o || !has(o, 'to')) return undefined;
    const to = param(o, 'to');
    const over = param(o, 'over');
    const from = has(o, 'from') ? param(o, 'from') : undefined;
    return { to, ramp: over && (from || !has(o, 'from')) ? { ...(from ? { from } : {}), over, pos: keyPos(owner, key) } : undefined };
  };
  // A free parameter remembers where its key is written, for `blast fit --write`; a shared draw
  // its name and where it is written (rules-draw.ts).
  function flags(o: PlainObject): { free?: true; pos?: SourcePos; draw?: string; drawPos?: SourcePos } {
    const free = o.free === true ? { free: true as const, pos: posOf(o) } : {};
    return typeof o.draw === 'string' ? { ...free, draw: o.draw, drawPos: keyPos(o, 'draw') } : free;
  }

  /**
   * A time: a duration parameter from minute 0, or `{after: <event>, plus: <duration>}`.
   * Undefined when invalid (reported here or by the schema check).
   */
  const time = (owner: PlainObject, key: string): Time | undefined => {
    const o = obj(owner[key]);
    if (!o || !has(o, 'after')) {
      const at = param(owner, key);
      return at ? { at } : undefined;
    }
    const text = str(o.after);
    if (text === undefined) return undefined;
    const after = anchor(text, valuePos(o, 'after'));
    // plus: one duration, or a list of durations added
    const list = Array.isArray(o.plus) ? o.plus : undefined;
    const terms = !has(o, 'plus') ? [{ kind: 'const' as const, value: 0 }]
      : list ? list.map((_, i) => param(list as unknown as PlainObject, String(i)))
      : [param(o, 'plus')];
    if (!after || terms.length === 0 || terms.some((t) => t === undefined)) return undefined;
    const [first, ...rest] = terms as Param[];
    return { at: first!, after, ...(rest.length ? { extra: rest } : {}) };
  };

  const anchor = (text: string, pos: SourcePos): Anchor | undefined => {
    if (text === 'start' || text === 'detection' || text === 'fault-end') return { kind: text, pos };
    const m = /^(\S+) +(impact|down|recovered)$/.exec(text.trim());
    if (m) return { kind: m[2] as AnchorKind, service: m[1]!, pos };
    const svc = /^(\S+)$/.exec(text.trim());
    const [near] = suggest(text.trim(), ['start', 'detection', 'fault-end']);
    diagnostics.push({
      code: 'invalid-value',
      severity: 'error',
      message: `"${text}" is not an event to count from`,
      pos,
      hint: near ? `did you mean "${near}"?` : svc ? `write "${svc[1]!} impact", "${svc[1]!} down" or "${svc[1]!} recovered"` : 'use start, detection, fault-end, or "<service-id> impact|down|recovered"',
    });
    return undefined;
  };
  return { param, time, rampOf, drawn };
}
