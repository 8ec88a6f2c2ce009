/**
 * A service's cells in words, as `blast show` and the explorer print them (docs/catalog.md,
 * "Cells, zones and regions"): names and traffic shares, failover and headroom, and which
 * dependencies are per cell. Plain strings; callers make them safe for their output.
 */
import type { Service } from './model.js';

/** "use1-az1 20 %, use1-az2 20 %, … (failover at once, headroom 50 %)", or null without cells. */
export function cellsLine(s: Service): string | null {
  const c = s.cells;
  if (!c) return null;
  const fo = c.failover ? `failover ${c.failoverAfter ? 'after a delay' : 'at once'}${c.failoverOver ? ', moved gradually' : ''}${c.headroom > 0 ? `, headroom ${Math.round(c.headroom * 100)} %` : ''}` : 'no failover';
  return `${c.names.map((n, k) => `${n} ${Math.round(c.shares[k]! * 1000) / 10} %`).join(', ')} (${fo})`;
}

/** The ids of the dependencies a service with cells needs in its own cell (`cell: local`). */
export const cellLocalDependencies = (s: Service): string[] => s.dependsOn.filter((d) => d.cell === 'local').flatMap((d) => d.of);
