/** What the explorer asks the engine to simulate, and how it names it. */
import { formatDuration } from '../../catalog/units.js';

export const DEFAULT_FAIL_MINUTES = 30;

/** A simulation the shell should run; the reducer only records it. */
export type SimRequest =
  | { readonly kind: 'fail'; readonly row: number; readonly forMinutes: number | null }
  | { readonly kind: 'scenario'; readonly index: number };

/** Two requests for the same simulation. */
export const sameRequest = (a: SimRequest, b: SimRequest): boolean =>
  a.kind === 'fail' && b.kind === 'fail' ? a.row === b.row && a.forMinutes === b.forMinutes : a.kind === 'scenario' && b.kind === 'scenario' && a.index === b.index;

/** The pane title for a simulated failure of one service. */
export function failLabel(id: string, forMinutes: number | null): string {
  return forMinutes === null ? `${id} fails and never recovers` : `${id} fails for ${formatDuration(forMinutes)}`;
}
