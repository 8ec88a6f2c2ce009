/**
 * Offsets → 1-based line and column, from the offsets at which lines start. Positions are
 * kept as offsets while a file is read and checked, and turned into `SourcePos` only where one
 * is stored or reported; consecutive questions are mostly about nearby offsets, so the finder
 * starts from the line of the previous answer before falling back to a binary search. Pure.
 */
import type { SourcePos } from './model.js';

export class LineFinder {
  private line = 0;
  private lastOffset = -1;
  private last: SourcePos | undefined;

  /** `starts`: ascending offsets of line starts, the first 0. */
  constructor(
    readonly file: string,
    private readonly starts: readonly number[],
  ) {}

  /** The position of `offset`: line = 1 + the last line starting at or before it. */
  pos(offset: number): SourcePos {
    if (offset === this.lastOffset) return this.last!;
    const s = this.starts;
    let i = this.line;
    if (s[i]! <= offset) {
      // forward a few lines, else search
      let steps = 0;
      while (i + 1 < s.length && s[i + 1]! <= offset && steps < 8) i++, steps++;
      if (i + 1 < s.length && s[i + 1]! <= offset) i = search(s, offset);
    } else i = search(s, offset);
    this.line = i;
    this.lastOffset = offset;
    const p: SourcePos = i < 0 ? { file: this.file, line: 0, col: offset } : { file: this.file, line: i + 1, col: offset - s[i]! + 1 };
    this.last = p;
    return p;
  }
}

/** The last index whose start is at or before `offset` (-1 when none). */
function search(s: readonly number[], offset: number): number {
  let low = 0;
  let high = s.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (s[mid]! <= offset) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}
