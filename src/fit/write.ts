/**
 * Puts fitted values back into catalog YAML text, keeping everything else byte for byte:
 * the parameter's mapping (`{min: 1h, max: 4h, free: true}`, flow or block) is replaced by
 * the fitted value, and a comment line above it says which scenario it was fitted on and
 * what was written before (so the range can be restored to fit again). Comments inside
 * the replaced mapping move to their own lines above. Pure: text in, text out.
 */
import { isMap, isPair, isScalar, parseDocument, visit, type Pair } from 'yaml';
import { formatDuration, parseDuration, parseRate } from '../catalog/units.js';
import { RATIO_PRIOR_NAMES } from '../engine/priors.js';

export interface ValueEdit {
  /** 1-based line and column of the parameter's mapping (Param.pos). */
  readonly line: number;
  readonly col: number;
  /** The fitted value in the parameter's unit (minutes, per minute, or a number). */
  readonly value: number;
  /** Text of the comment (without `#`). */
  readonly comment: string;
}

export type WriteOutcome = { readonly text: string } | { readonly error: string };

/** Rounds to `digits` significant digits, as a plain decimal. */
export function significant(v: number, digits: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const p = Math.pow(10, digits - 1 - Math.floor(Math.log10(Math.abs(v))));
  const r = Math.round(v * p) / p;
  return String(Number(r.toPrecision(digits)));
}

/** The value written in the unit of `sample` (the text of the mapping's first bound): a duration, a rate or a number. */
export function formatLike(sample: string, value: number): string {
  if (/^\d+(\.\d+)?[kM]?\//.test(sample) && parseRate(sample) !== undefined) return `${significant(value, 3)}/min`;
  if (parseDuration(sample) !== undefined && sample !== '0' && !/^\d+(\.\d+)?$/.test(sample)) {
    // whole minutes above 10 minutes; seconds below
    return value >= 10 ? formatDuration(Math.round(value)) : value >= 1 ? `${significant(value, 2)}m` : `${Math.round(value * 60)}s`;
  }
  return significant(value, 4);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Applies `edits` to `text` (one catalog file). */
export function writeFittedValues(text: string, edits: readonly ValueEdit[]): WriteOutcome {
  const bom = text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const body = bom ? text.slice(1) : text;
  const doc = parseDocument(body, { keepSourceTokens: false, uniqueKeys: false });
  if (doc.errors.length) return { error: `the file no longer parses as YAML: ${doc.errors[0]!.message.split('\n')[0]}` };
  const starts = lineStarts(body);
  const byOffset = new Map<number, Pair>();
  visit(doc, {
    Pair(_, pair) {
      const v = pair.value as { range?: [number, number, number] } | null;
      if (isMap(pair.value) && v?.range) byOffset.set(v.range[0], pair);
    },
  });
  const changes: Array<{ start: number; end: number; text: string; seq: number }> = [];
  for (const e of edits) {
    const offset = (starts[e.line - 1] ?? NaN) + e.col - 1;
    const pair = byOffset.get(offset);
    if (!pair || !isPair(pair) || !isScalar(pair.key) || !isMap(pair.value) || !pair.key.range || !pair.value.range) {
      return { error: `no parameter mapping at line ${e.line}, column ${e.col} any more (was the file edited since it was loaded?)` };
    }
    const map = pair.value;
    // A block mapping's range runs through its final line break: keep the line breaks.
    let vEnd = map.range![1];
    while (vEnd > 0 && /[\s]/.test(body[vEnd - 1]!)) vEnd--;
    const keyStart = pair.key.range[0];
    const first = map.items[0];
    const sampleNode = first && isScalar(first.value) && first.value.range ? first.value : undefined;
    // a prior ({prior: name, free: true}) is a duration, or a rate for a ratio prior (a backlog's
    // capacity, `catch-up`): its fitted value is written as one
    const prior = map.items.find((it) => isScalar(it.key) && it.key.value === 'prior');
    const ratio = prior !== undefined && isScalar(prior.value) && (RATIO_PRIOR_NAMES as readonly unknown[]).includes(prior.value.value);
    const sample = prior ? (ratio ? '1/min' : '1m') : sampleNode ? body.slice(sampleNode.range![0], sampleNode.range![1]).trim() : '';
    const was = `{${map.items
      .map((it) => {
        const k = it.key as { range?: [number, number, number] } | null;
        const val = it.value as { range?: [number, number, number] } | null;
        return k?.range && val?.range ? `${body.slice(k.range[0], k.range[1]).trim()}: ${body.slice(val.range[0], val.range[1]).trim()}` : '';
      })
      .filter(Boolean)
      .join(', ')}}`;
    const keyEnd = pair.key.range[1];
    const removed = body.slice(keyEnd, vEnd);
    const innerComments = removed.split('\n').flatMap((l) => {
      const m = /(^|\s)(#.*)$/.exec(l);
      return m && !l.slice(0, m.index).includes('"') && !l.slice(0, m.index).includes("'") ? [m[2]!.trim()] : [];
    });
    const keyLine = starts.filter((s) => s <= keyStart).length - 1;
    const lineStart = starts[keyLine]!;
    const indent = /^[ ]*/.exec(body.slice(lineStart))![0];
    const notes = [`# ${e.comment}; was ${was}`, ...innerComments].map((c) => `${indent}${c}\n`).join('');
    changes.push({ start: lineStart, end: lineStart, text: notes, seq: changes.length });
    changes.push({ start: keyEnd, end: vEnd, text: `: ${formatLike(sample, e.value)}`, seq: changes.length });
  }
  // from the end backwards, so offsets stay valid; insertions at one place keep the edits' order
  changes.sort((a, b) => b.start - a.start || b.end - a.end || b.seq - a.seq);
  let out = body;
  for (const c of changes) out = out.slice(0, c.start) + c.text + out.slice(c.end);
  const check = parseDocument(out, { uniqueKeys: false });
  if (check.errors.length) return { error: `bug: writing the fitted values would break the YAML (${check.errors[0]!.message.split('\n')[0]})` };
  return { text: bom + out };
}
