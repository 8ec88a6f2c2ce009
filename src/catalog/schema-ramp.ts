/**
 * The schema of a load fault's size that changes over time (src/engine/ramp.ts): a plain
 * number parameter as before, or `{from, to, over}`, a linear onset that then holds.
 */
import { paramOf, positiveNumber, ref, type JsonSchema } from './schema-parts.js';

/** A number parameter, or a ramp of it: `{from: 1, to: 0.15, over: 3h}`. */
export function rampOr(what: string, ramp: string): JsonSchema {
  const plain = paramOf(positiveNumber, 'A number');
  return {
    description: `${what} Or ${ramp}`,
    oneOf: [
      ...plain.oneOf!,
      {
        type: 'object',
        description: 'A size that changes: linear from `from` at the fault\'s start to `to` over `over`, then holds until the fault ends.',
        properties: {
          from: ref('numberParam', 'The size at the fault\'s start (default 1: nominal).'),
          to: ref('numberParam', 'The size the onset reaches, held until the fault ends.'),
          over: ref('durationParam', 'How long the onset takes (0: a step, as a plain value).'),
        },
        required: ['to', 'over'],
        additionalProperties: false,
      },
    ],
  };
}
