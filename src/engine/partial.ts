/**
 * Partial results of a sharded Monte Carlo run (`blast simulate --trials N --shard i/n`): the
 * raw trials of one shard, with what the summary needs of the model, as plain JSON. Numbers
 * travel exactly: the trial arrays as the bytes of their Float64Arrays (base64), other
 * non-finite numbers tagged. `blast merge` checks that the partials belong together and
 * cover every trial once, and summarises them as one run would have. Pure.
 */
import type { TrialBatch, SummaryShape } from './monte-carlo.js';

export const PARTIAL_FORMAT = 'blast-radius/monte-carlo-partial';
export const PARTIAL_VERSION = 1;

export interface Partial<R = unknown> {
  readonly format: typeof PARTIAL_FORMAT;
  readonly version: typeof PARTIAL_VERSION;
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

const toBase64 = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function fromBase64(s: string): Float64Array {
  const buf = Buffer.from(s, 'base64');
  const out = new Float64Array(buf.length / 8);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

/** JSON text of a partial: trial arrays as base64, non-finite numbers elsewhere as {"$number": "Infinity"}. */
export function encodePartial(p: Partial): string {
  const batch = Object.fromEntries([['from', p.batch.from], ['to', p.batch.to], ...ARRAYS.map((k) => [k, toBase64(p.batch[k])])]);
  return `${JSON.stringify({ ...p, batch }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $number: String(v) } : v))}\n`;
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
  if (p.version !== PARTIAL_VERSION) return { error: `unsupported partial version ${JSON.stringify(p.version)} (expected ${PARTIAL_VERSION})` };
  const shard = p.shard as { index?: unknown; count?: unknown } | undefined;
  const b = p.batch as Record<string, unknown> | undefined;
  if (typeof p.key !== 'string' || typeof p.trials !== 'number' || typeof p.seed !== 'number' || !shard || typeof shard.index !== 'number' || typeof shard.count !== 'number' || !b || typeof b.from !== 'number' || typeof b.to !== 'number' || ARRAYS.some((k) => typeof b[k] !== 'string')) {
    return { error: 'a partial result needs key, trials, seed, shard {index, count} and batch {from, to, arrays}' };
  }
  const batch = { from: b.from, to: b.to, ...Object.fromEntries(ARRAYS.map((k) => [k, fromBase64(b[k] as string)])) } as unknown as TrialBatch;
  return { partial: { ...(p as unknown as Partial), batch } };
}

/**
 * Checks that partials belong to one run and cover its trials exactly once; returns them by
 * shard, or a message naming what is wrong.
 */
export function checkPartials(parts: ReadonlyArray<{ file: string; partial: Partial }>): { ok: Partial[] } | { error: string } {
  if (parts.length === 0) return { error: 'no partial results given' };
  const first = parts[0]!;
  for (const { file, partial } of parts) {
    if (partial.key !== first.partial.key) return { error: `${file} is from a different run than ${first.file} (catalog, scenario, trials, seed or output options differ)` };
  }
  const count = first.partial.shard.count;
  const byIndex = new Map<number, { file: string; partial: Partial }>();
  for (const part of parts) {
    const i = part.partial.shard.index;
    const seen = byIndex.get(i);
    if (seen) return { error: `${part.file} and ${seen.file} are both shard ${i}/${count}` };
    byIndex.set(i, part);
  }
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((i) => !byIndex.has(i));
  if (missing.length) return { error: `missing shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')}` };
  const sorted = [...byIndex.values()].map((x) => x.partial).sort((a, b) => a.shard.index - b.shard.index);
  let next = 0;
  for (const p of sorted) {
    if (p.batch.from !== next) return { error: `shard ${p.shard.index}/${count} starts at trial ${p.batch.from}, expected ${next}` };
    next = p.batch.to;
  }
  if (next !== first.partial.trials) return { error: `the shards cover ${next} of ${first.partial.trials} trials` };
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
