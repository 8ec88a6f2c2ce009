/**
 * Backpressure (docs/model.md): a full bounded queue makes the services writing to it down,
 * through the edge. Expected numbers are worked out in the comments.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, spans, svc } from './helpers.js';

const y = (bp: string) => `services:
  d: {name: D}
  q: {name: Queue, dependsOn: [d], backlog: {arrival: 100/min, capacity: 200/min, cap: 1000}}
  p: {name: Producer, dependsOn: [{service: q, type: async${bp}}]}
  w: {name: Web, dependsOn: [p]}
scenarios:
  s:
    faults: [{service: d, at: 0m, for: 30m}]
`;

describe('backpressure', () => {
  it('a full queue blocks its writers after the time the buffer takes to fill', () => {
    // q is blocked 0..30 (d down); its queue fills at 100/min and reaches its cap of 1000 at 10.
    // From 10 writes block: p is down 10..30, and w (hard on p) with it. At 30 q drains at
    // 200 − 100 = 100/min: p and w are released at once, q is empty at 30 + 1000/100 = 40.
    const r = runScenario(y(', backpressure: true'));
    expect(spans(r, 'p')).toEqual([['down', 10, 30, 'dependency']]);
    expect(spans(r, 'w')).toEqual([['down', 10, 30, 'dependency']]);
    expect(spans(r, 'q')).toEqual([['down', 0, 30, 'dependency'], ['degraded', 30, 40, 'backlog']]);
    expect(svc(r, 'p').intervals[0]!.cause.detail).toBe('writes to Queue block: its queue is full (backpressure)');
  });

  it('without backpressure an async edge never impairs the writer', () => {
    const r = runScenario(y(''));
    expect(svc(r, 'p').impactStartMinutes).toBeNull();
    expect(svc(r, 'w').impactStartMinutes).toBeNull();
  });
});
