/**
 * Catalogs for the order in which an instant is evaluated (docs/model.md, "Within an instant").
 */

/**
 * The smallest catalog whose result depended on the order its services are listed in before the
 * engine judged collapses on the state an instant settles to (docs/model.md, "Within an instant";
 * src/engine/judge.ts). Q is a queue with a hard dependency on A and a soft one on B, and B needs
 * A. A is down for an hour, so Q (down with A) holds 60 × 100 = 6,000 units when A comes back at
 * +1h; B, which needs only A, is back at +1h too. `first`: which of Q and B the catalog lists first.
 */
export const queueBehindTwo = (first: 'q' | 'b'): string => {
  const q = `  q:
    name: Q
    dependsOn:
      - a
      - {service: b, type: soft}
    backlog: {arrival: 100/min, capacity: 400/min, degradedCapacity: 0.5, timeout: 20m, mitigation: 45m}
`;
  const b = `  b:
    name: B
    dependsOn: [a]
`;
  return `services:
  a: {name: A}
${first === 'q' ? q + b : b + q}scenarios:
  s:
    faults: [{service: a, at: 0m, for: 60m}]
`;
};

/**
 * A queue in a cyclic block with the service that needs it: Q (arrival 60/min, capacity 300/min,
 * degraded capacity 0.9, timeout 8 min, mitigation at once) depends softly on S, and S needs Q.
 * Q is down for an hour: 3,600 units queued at +1h, when S still waits for Q. Q is judged with S
 * down, degraded: 3,600 > 270 × 8 = 2,160, a collapse (on the settled state, at full capacity,
 * 3,600 > 300 × 8 = 2,400 too), and then S comes up within the same minute: the result flags it.
 */
export const queueInACycle = `services:
  q:
    name: Q
    dependsOn:
      - {service: s, type: soft}
    backlog: {arrival: 60/min, capacity: 300/min, degradedCapacity: 0.9, timeout: 8m, mitigation: 0m}
  s:
    name: S
    dependsOn: [q]
scenarios:
  s:
    faults: [{service: q, at: 0m, for: 60m}]
`;
