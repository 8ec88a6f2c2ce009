/**
 * The explorer's service lines under the timeline say when the service's collapse was judged
 * before a dependency settled that minute (the limitation of docs/model.md, "Within an instant",
 * left inside cyclic blocks; test/engine/listing-order.test.ts works the catalogs by hand), and
 * say nothing of it for a queue judged on the settled state.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import { buildExplorerData } from '../../src/tui/state/data.js';
import { initialState, reduce } from '../../src/tui/state/reducer.js';
import { runSimulation } from '../../src/tui/state/simulate.js';
import { simLines } from '../../src/tui/state/view.js';
import { queueBehindTwo, queueInACycle } from '../engine/instant-order-catalogs.js';

const text = (ls: readonly (readonly { text: string }[])[]) => ls.map((l) => l.map((x) => x.text).join('').trimEnd());

function linesForQ(yaml: string): string[] {
  const catalog = buildCatalog([{ file: 't.yaml', bytes: new TextEncoder().encode(yaml) }]).catalog!;
  const data = buildExplorerData(catalog, 't');
  const request = { kind: 'scenario' as const, index: 0 };
  const sim = reduce(data, initialState(data, 100, 30), { type: 'simulated', ...runSimulation(data, request), request }).sim!;
  return text(simLines(data, sim, data.byId.get('q')!, 80));
}

describe('a collapse judged before a dependency settled, in the explorer', () => {
  it('a queue in a cyclic block judged while the service that needs it waited for it: a caution under Q with the minute and the dependency', () => {
    expect(linesForQ(queueInACycle).join(' ')).toContain('! collapse at 1h judged before S settled that minute: it may not happen (engine limitation: docs/model.md, "Within an instant")');
  });

  it('a queue judged on the state its minute settles to: no caution', () => {
    for (const first of ['q', 'b'] as const) expect(linesForQ(queueBehindTwo(first)).some((l) => l.startsWith('!'))).toBe(false);
  });
});
