/**
 * Partial results of a sharded Monte Carlo run (`blast simulate --trials N --shard i/n`): the
 * raw trials of one shard, with what the summary needs of the model, as plain JSON. Numbers
 * travel exactly: the trial arrays as the bytes of their Float64Arrays, deflated (version 2:
 * recovery times repeat across trials, so a shard's file is about a tenth of the raw bytes) and
 * in base64; other non-finite numbers tagged. Version 1 files (plain base64) still merge. `blast merge` checks that the partials belong together and
 * cover every trial once, and summarises them as one run would have. Pure.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { TrialBatch, SummaryShape } from './monte-carlo.js';
import { orderShards } from '../util/shards.js';

export const PARTIAL_FORMAT = 'blast-radius/monte-carlo-partial';
/** The version written; versions 1 (arrays in plain base64) and 2 (deflated) are read. */
export const PARTIAL_VERSION = 2;
const READ_VERSIONS: readonly unknown[] = [1, 2];

export interface Partial<R = unknown> {
  readonly format: typeof PARTIAL_FORMAT;
  readonly version: number;
  /** Identifies the run: partials merge only with the same key (catalog, scenario, trials, seed, output). */
  readonly key: string;
  readonly shard: { readonly index: number; readonly count: number };
  readonly trials: number;
  readonly seed: number;
  readonly shape: SummaryShape;
  readonly batch: TrialBatch;
  /** What the command needs to write the merged output (the point estimate, output options). */
  readonly render: R;
}

const ARRAYS = ['full', 'affected', 'recovered', 'samples', 'actionAt'] as const;

/** The bytes of an array, deflated (level 3: most of the size for a fraction of the time of 6), in base64. */
const encodeArray = (a: Float64Array): string => deflateRawSync(Buffer.from(a.buffer, a.byteOffset, a.byteLength), { level: 3 }).toString('base64');

/** An array back from its text in a partial of `version`; null when the bytes cannot be one. */
function decodeArray(s: string, version: number): Float64Array | null {
  let buf: Buffer;
  try {
    buf = version === 1 ? Buffer.from(s, 'base64') : inflateRawSync(Buffer.from(s, 'base64'));
  } catch {
    return null;
  }
  if (buf.length % 8 !== 0) return null;
  const out = new Float64Array(buf.length / 8);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

/** JSON text of a partial (version 2): trial arrays deflated in base64, non-finite numbers elsewhere as {"$number": "Infinity"}. */
export function encodePartial(p: Partial): string {
  const batch = Object.fromEntries([['from', p.batch.from], ['to', p.batch.to], ...ARRAYS.map((k) => [k, encodeArray(p.batch[k])])]);
  return `${JSON.stringify({ ...p, version: PARTIAL_VERSION, batch }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $number: String(v) } : v))}\n`;
}

/** Reads a partial's text; an error message (without the file name) when it is not one. */
export function decodePartial(text: string): { partial: Partial } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text, (_k, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { $number?: unknown }).$number === 'string' ? Number((v as { $number: string }).$number) : v));
  } catch (e) {
    return { error: `not valid JSON (${(e as Error).message})` };
  }
  const p = raw as Record<string, unknown> | null;
  if (!p || typeof p !== 'object' || p.format !== PARTIAL_FORMAT) return { error: `not a partial result (expected "format": "${PARTIAL_FORMAT}")` };
  if (!READ_VERSIONS.includes(p.version)) return { error: `unsupported partial version ${JSON.stringify(p.version)} (expected ${READ_VERSIONS.join(' or ')})` };
  const shard = p.shard as { index?: unknown; count?: unknown } | undefined;
  const b = p.batch as Record<string, unknown> | undefined;
  if (typeof p.key !== 'string' || typeof p.trials !== 'number' || typeof p.seed !== 'number' || !shard || typeof shard.index !== 'number' || typeof shard.count !== 'number' || !b || typeof b.from !== 'number' || typeof b.to !== 'number' || ARRAYS.some((k) => typeof b[k] !== 'string')) {
    return { error: 'a partial result needs key, trials, seed, shard {index, count} and batch {from, to, arrays}' };
  }
  const arrays: Record<string, Float64Array> = {};
  for (const k of ARRAYS) {
    const a = decodeArray(b[k] as string, p.version as number);
    if (!a) return { error: `batch.${k} is not an array of numbers in the encoding of version ${String(p.version)} (a damaged file?)` };
    arrays[k] = a;
  }
  const shape = p.shape as Partial['shape'] | undefined;
  if (!shape || !Array.isArray(shape.ids) || !Array.isArray(shape.labels) || !Array.isArray(shape.actions)) return { error: 'a partial result needs shape {ids, labels, actions}' };
  if (shape.draws !== undefined && !(Array.isArray(shape.draws) && shape.draws.length === shape.labels.length && shape.draws.every((d) => d === null || typeof d === 'string'))) return { error: 'shape.draws must hold a draw name or null per label (a damaged file?)' };
  const count = b.to - b.from;
  const widths = { full: 1, affected: 1, recovered: shape.ids.length, samples: shape.labels.length, actionAt: shape.actions.length };
  const wrong = ARRAYS.find((k) => !(count >= 0) || arrays[k]!.length !== count * widths[k]);
  if (wrong) return { error: `batch.${wrong} does not hold trials ${b.from} to ${b.to} (a damaged file?)` };
  const batch = { from: b.from, to: b.to, ...arrays } as unknown as TrialBatch;
  return { partial: { ...(p as unknown as Partial), batch } };
}

/**
 * Checks that partials belong to one run and cover its trials exactly once; returns them by
 * shard, or a message naming what is wrong.
 */
export function checkPartials(parts: ReadonlyArray<{ file: string; partial: Partial }>): { ok: Partial[] } | { error: string } {
  const ordered = orderShards(parts, 'catalog, scenario, trials, seed or output options differ');
  if ('error' in ordered) return ordered;
  const sorted = ordered.sorted;
  const count = sorted[0]!.shard.count;
  let next = 0;
  for (const p of sorted) {
    if (p.batch.from !== next) return { error: `shard ${p.shard.index}/${count} starts at trial ${p.batch.from}, expected ${next}` };
    next = p.batch.to;
  }
  if (next !== sorted[0]!.trials) return { error: `the shards cover ${next} of ${sorted[0]!.trials} trials` };
  return { ok: sorted };
}

/** Batches of consecutive trials as one batch (in trial order). */
export function concatBatches(batches: readonly TrialBatch[]): TrialBatch {
  const sorted = [...batches].sort((a, b) => a.from - b.from);
  const from = sorted[0]?.from ?? 0;
  const to = sorted[sorted.length - 1]?.to ?? 0;
  const join = (k: (typeof ARRAYS)[number]): Float64Array => {
    const out = new Float64Array(sorted.reduce((s, b) => s + b[k].length, 0));
    let off = 0;
    for (const b of sorted) {
      out.set(b[k], off);
      off += b[k].length;
    }
    return out;
  };
  return { from, to, full: join('full'), affected: join('affected'), recovered: join('recovered'), samples: join('samples'), actionAt: join('actionAt') };
}
