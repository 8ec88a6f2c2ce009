/**
 * A service's cells (compose.ts): `cells` as a list (equal shares) or a mapping (shares as
 * written), with `failover` and `headroom`, which only a service with cells may have.
 */
import type { PlainObject } from './check-schema.js';
import type { CellsModel } from './model.js';
import { has, num, obj, type PositionContext } from './compose-context.js';
import type { ParamReaders } from './compose-params.js';

/** `cells` (a list: equal shares; a mapping: shares as written), with `failover` and `headroom`. */
export function composeCells(ctx: PositionContext & ParamReaders, id: string, s: PlainObject): CellsModel | undefined {
  const { diagnostics, keyPos, itemPos, keysOf, param } = ctx;
  const c = s.cells;
  if (c === undefined) {
    for (const k of ['failover', 'headroom']) {
      if (has(s, k)) diagnostics.push({ code: 'cell-shape', severity: 'error', message: `${id}: "${k}" belongs to a service with cells, and ${id} has none`, pos: keyPos(s, k), hint: 'add cells: [a, b, c] (equal shares) or cells: {a: 0.5, b: 0.5}, or remove the field' });
    }
    return undefined;
  }
  let names: string[];
  let shares: number[];
  if (Array.isArray(c)) {
    names = c.filter((x): x is string => typeof x === 'string');
    const seen = new Set<string>();
    names.forEach((n, i) => {
      if (seen.has(n)) diagnostics.push({ code: 'cell-shape', severity: 'error', message: `${id}: cell "${n}" is listed twice`, pos: itemPos(c, i), hint: 'each cell once' });
      seen.add(n);
    });
    names = [...seen];
    shares = names.map(() => 1 / names.length);
  } else {
    const o = obj(c);
    if (!o) return undefined;
    names = keysOf(o).filter((k) => typeof o[k] === 'number');
    shares = names.map((k) => o[k] as number);
  }
  if (names.length === 0) return undefined;
  // failover: true (at once), false, or a duration parameter (after that long)
  // or {after, over}: a gradual failover (its traffic moves linearly over `over`, after `after`)
  const drain = obj(s.failover);
  const gradual = drain !== undefined && has(drain, 'over');
  const after = gradual ? (has(drain, 'after') ? param(drain, 'after') : undefined) : s.failover !== undefined && typeof s.failover !== 'boolean' ? param(s, 'failover') : undefined;
  const over = gradual ? param(drain, 'over') : undefined;
  return { names, shares, failover: s.failover === true || after !== undefined || gradual, ...(after ? { failoverAfter: after } : {}), ...(over ? { failoverOver: over } : {}), headroom: num(s.headroom) ?? 0, pos: keyPos(s, 'cells') };
}
