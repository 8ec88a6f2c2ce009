/** What the explorer asks the engine to simulate, and how it names it. */
import { formatDuration } from '../../catalog/units.js';

export const DEFAULT_FAIL_MINUTES = 30;

/** A simulation the shell should run; the reducer only records it. */
export type SimRequest =
  | { readonly kind: 'fail'; readonly row: number; readonly forMinutes: number | null; /** One cell of a service with cells; absent: all of it. */ readonly cell?: string }
  | { readonly kind: 'scenario'; readonly index: number };

/** Two requests for the same simulation. */
export const sameRequest = (a: SimRequest, b: SimRequest): boolean =>
  a.kind === 'fail' && b.kind === 'fail' ? a.row === b.row && a.forMinutes === b.forMinutes && a.cell === b.cell : a.kind === 'scenario' && b.kind === 'scenario' && a.index === b.index;

/** The pane title for a simulated failure of one service, or of one of its cells. */
export function failLabel(id: string, forMinutes: number | null, cell?: string): string {
  const who = cell === undefined ? id : `${id}@${cell}`;
  return forMinutes === null ? `${who} fails and never recovers` : `${who} fails for ${formatDuration(forMinutes)}`;
}

/** What the engine fails for a request: the service, or `service@cell`. */
export const failTarget = (rawId: string, cell: string | undefined): string => (cell === undefined ? rawId : `${rawId}@${cell}`);
