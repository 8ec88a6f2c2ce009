/**
 * The explorer's service lines under the timeline say when the service's collapse was judged
 * before a dependency settled that minute (the known limitation of docs/model.md, "Within an
 * instant"; test/engine/listing-order.test.ts works the catalog by hand), and say nothing of it
 * for the same catalog listed the other way round, where Q does not collapse.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import { buildExplorerData } from '../../src/tui/state/data.js';
import { initialState, reduce } from '../../src/tui/state/reducer.js';
import { runSimulation } from '../../src/tui/state/simulate.js';
import { simLines } from '../../src/tui/state/view.js';

const q = `  q:
    name: Q
    dependsOn: [a, {service: b, type: soft}]
    backlog: {arrival: 100/min, capacity: 400/min, degradedCapacity: 0.5, timeout: 20m, mitigation: 45m}
`;
const b = `  b: {name: B, dependsOn: [a]}
`;
const yaml = (first: 'q' | 'b') => `services:
  a: {name: A}
${first === 'q' ? q + b : b + q}scenarios:
  s:
    faults: [{service: a, at: 0m, for: 60m}]
`;
const text = (ls: readonly (readonly { text: string }[])[]) => ls.map((l) => l.map((x) => x.text).join('').trimEnd());

function linesForQ(first: 'q' | 'b'): string[] {
  const catalog = buildCatalog([{ file: 't.yaml', bytes: new TextEncoder().encode(yaml(first)) }]).catalog!;
  const data = buildExplorerData(catalog, 't');
  const request = { kind: 'scenario' as const, index: 0 };
  const sim = reduce(data, initialState(data, 100, 30), { type: 'simulated', ...runSimulation(data, request), request }).sim!;
  return text(simLines(data, sim, data.byId.get('q')!, 80));
}

describe('a collapse judged before a dependency settled, in the explorer', () => {
  it('Q listed first: a caution under Q with the minute and the dependency', () => {
    expect(linesForQ('q').join(' ')).toContain('! collapse at 1h judged before B settled that minute: it may not happen (engine limitation: docs/model.md, "Within an instant")');
  });

  it('Q listed after B: no collapse, no caution', () => {
    expect(linesForQ('b').some((l) => l.startsWith('!'))).toBe(false);
  });
});
