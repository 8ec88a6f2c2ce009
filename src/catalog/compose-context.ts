/**
 * What composing one source file needs everywhere (compose.ts): the diagnostics it reports,
 * where each value is written, and readers of the schema-checked plain values.
 */
import type { Diagnostic } from './diagnostics.js';
import type { Plain, PlainObject, Positions } from './check-schema.js';
import type { SourcePos } from './model.js';

export const has = (o: PlainObject, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
export const obj = (v: Plain | undefined): PlainObject | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
export const arr = (v: Plain | undefined): Plain[] => (Array.isArray(v) ? v : []);
export const str = (v: Plain | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: Plain | undefined): number | undefined => (typeof v === 'number' ? v : undefined);

/** One file's diagnostics and the positions of what it writes. */
export interface PositionContext {
  readonly diagnostics: Diagnostic[];
  readonly positions: Positions;
  /** Where a value (object or list) starts; the file's start when unknown. */
  posOf(o: object | undefined): SourcePos;
  /** Where a key of an object is written. */
  keyPos(o: object, key: string): SourcePos;
  /** Where the `i`th item of a list is written. */
  itemPos(a: Plain[], i: number): SourcePos;
  /** Where the value of a key is written. */
  valuePos(o: PlainObject, key: string): SourcePos;
  /** Keys in source order: an object's own key order puts integer-like keys ("1", "42") first. */
  keysOf(o: PlainObject): string[];
  /** Whether the source writes key `k` in `o`, even with a value the schema check dropped. */
  written(o: PlainObject, k: string): boolean;
}

export function positionContext(file: string, positions: Positions, diagnostics: Diagnostic[]): PositionContext {
  const fallback: SourcePos = { file, line: 1, col: 1 };
  const at = positions.at;
  const posOf = (o: object | undefined): SourcePos => {
    const p = o && positions.of.get(o);
    return p === undefined ? fallback : at(p);
  };
  const keyPos = (o: object, key: string): SourcePos => {
    const p = positions.keys.get(o)?.get(key);
    return p === undefined ? posOf(o) : at(p);
  };
  const itemPos = (a: Plain[], i: number): SourcePos => {
    const p = positions.items.get(a)?.[i];
    return p === undefined ? posOf(a) : at(p);
  };
  const valuePos = (o: PlainObject, key: string): SourcePos => {
    const p = positions.values.get(o)?.get(key);
    return p === undefined ? keyPos(o, key) : at(p);
  };
  const keysOf = (o: PlainObject): string[] => {
    const written = positions.keys.get(o);
    return written ? [...written.keys()].filter((k) => has(o, k)) : Object.keys(o);
  };
  const written = (o: PlainObject, k: string): boolean => has(o, k) || positions.keys.get(o)?.has(k) === true;
  return { diagnostics, positions, posOf, keyPos, itemPos, valuePos, keysOf, written };
}
