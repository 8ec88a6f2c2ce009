/**
 * Sharded `blast rank --for`: shard i of n replays the failures of a contiguous range of
 * services (catalog order, the same split as `simulate --trials --shard`) and prints a partial
 * result; `blast merge` puts the partials together and prints exactly what one
 * `blast rank --for` prints. The service-hours travel as the bytes of their Float64Array, so
 * the merged figures are the very numbers one machine computes.
 */
import { createHash } from 'node:crypto';
import { compareRows, type RankRow } from '../analysis/rank.js';
import { withServiceHours } from '../analysis/service-hours.js';
import { shardRange } from '../engine/parallel.js';
import { orderShards } from '../util/shards.js';

export const RANK_PARTIAL_FORMAT = 'blast-radius/rank-partial';
export const RANK_PARTIAL_VERSION = 1;

/** How the merged output is written: the output options of the sharded command. */
export interface RankRender {
  readonly format: 'text' | 'json' | 'markdown';
  readonly top: number | null;
  readonly forMinutes: number;
}

export interface RankPartial {
  readonly format: typeof RANK_PARTIAL_FORMAT;
  readonly version: typeof RANK_PARTIAL_VERSION;
  /** Identifies the run: the whole static ranking, the duration, the output options and the shard count. */
  readonly key: string;
  readonly shard: { readonly index: number; readonly count: number };
  /** Services in the catalog; this shard covers catalog indices from .. to-1. */
  readonly services: number;
  readonly from: number;
  readonly to: number;
  /** The static rows of this shard's services, in catalog order. */
  readonly rows: readonly RankRow[];
  /** Service-hours of this shard's services, in catalog order. */
  readonly hours: Float64Array;
  readonly render: RankRender;
}

/** The range of catalog indices shard i of n replays. */
export const rankShardRange = (services: number, shard: { index: number; count: number }): { from: number; to: number } => shardRange(services, shard.index, shard.count);

/**
 * The partial result of a shard as JSON text. `rows` holds the static rows of every service
 * (any order); `ids` the catalog order; `hours` the figures of the shard's range.
 */
export function encodeRankPartial(rows: readonly RankRow[], ids: readonly string[], shard: { index: number; count: number }, hours: Float64Array, render: RankRender): string {
  const { from, to } = rankShardRange(ids.length, shard);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const sorted = [...rows].sort(compareRows);
  const key = createHash('sha256').update(JSON.stringify({ ids, sorted, render, count: shard.count })).digest('hex');
  const mine = ids.slice(from, to).map((id) => byId.get(id)!);
  const b64 = Buffer.from(hours.buffer, hours.byteOffset, hours.byteLength).toString('base64');
  return `${JSON.stringify({ format: RANK_PARTIAL_FORMAT, version: RANK_PARTIAL_VERSION, key, shard, services: ids.length, from, to, rows: mine, hours: b64, render })}\n`;
}

/** Reads a rank partial's text; an error message (without the file name) when it is not one. */
export function decodeRankPartial(text: string): { partial: RankPartial } | { error: string } {
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    return { error: `not valid JSON (${(e as Error).message})` };
  }
  if (!p || typeof p !== 'object' || p.format !== RANK_PARTIAL_FORMAT) return { error: `not a partial result of \`blast rank\` (expected "format": "${RANK_PARTIAL_FORMAT}")` };
  if (p.version !== RANK_PARTIAL_VERSION) return { error: `unsupported partial version ${JSON.stringify(p.version)} (expected ${RANK_PARTIAL_VERSION})` };
  const shard = p.shard as { index?: unknown; count?: unknown } | undefined;
  const render = p.render as Record<string, unknown> | undefined;
  if (
    typeof p.key !== 'string' || typeof p.services !== 'number' || typeof p.from !== 'number' || typeof p.to !== 'number' || !Array.isArray(p.rows) || typeof p.hours !== 'string' ||
    !shard || typeof shard.index !== 'number' || typeof shard.count !== 'number' || !render || typeof render.forMinutes !== 'number'
  ) {
    return { error: 'a rank partial result needs key, services, from, to, rows, hours, shard {index, count} and render' };
  }
  const buf = Buffer.from(p.hours, 'base64');
  if (buf.length % 8 !== 0) return { error: 'the service-hours of a rank partial are not whole 8-byte numbers' };
  const hours = new Float64Array(buf.length / 8);
  new Uint8Array(hours.buffer).set(buf);
  if (hours.length !== p.to - p.from || p.rows.length !== hours.length) return { error: `a rank partial for services ${p.from}..${p.to} must carry ${p.to - p.from} rows and figures` };
  return { partial: { ...(p as unknown as RankPartial), hours } };
}

/**
 * Checks that rank partials make one run and cover every service once; returns every row
 * with its service-hours, ordered as `blast rank --for` orders them, or a message.
 */
export function mergeRankPartials(parts: ReadonlyArray<{ file: string; partial: RankPartial }>): { rows: RankRow[]; render: RankRender } | { error: string } {
  const ordered = orderShards(parts, 'catalog, --for, output options or shard count differ');
  if ('error' in ordered) return ordered;
  const sorted = ordered.sorted;
  const count = sorted[0]!.shard.count;
  let next = 0;
  const rows: RankRow[] = [];
  const hours = new Map<string, number>();
  for (const p of sorted) {
    if (p.from !== next) return { error: `shard ${p.shard.index}/${count} starts at service ${p.from}, expected ${next}` };
    next = p.to;
    p.rows.forEach((r, k) => {
      rows.push(r);
      hours.set(r.id, p.hours[k]!);
    });
  }
  if (next !== sorted[0]!.services) return { error: `the shards cover ${next} of ${sorted[0]!.services} services` };
  return { rows: withServiceHours(rows.sort(compareRows), hours), render: sorted[0]!.render };
}
