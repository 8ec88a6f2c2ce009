/**
 * The catalog format v1 as a JSON Schema (draft-07 subset). This object is the single
 * source of truth: the validator walks YAML nodes against it, and
 * `schema/catalog.schema.json` is generated from it for editors (YAML language server).
 */
import { ACTION_KINDS, OBSERVED_EVENTS } from './model.js';
import { str, ref, paramOf, withPrior, withRatioPrior, duration, rate, positiveNumber, serviceRef, depCommon, cellRef, ID_PATTERN, type JsonSchema } from './schema-parts.js';
import { rampOr } from './schema-ramp.js';

export { ID_PATTERN, type JsonSchema } from './schema-parts.js';

export const catalogSchema: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://blast-radius.dev/schema/catalog-v1.json',
  title: 'blast-radius catalog v1',
  description: 'Services, their dependencies and recovery models, and failure scenarios.',
  type: 'object',
  properties: {
    version: { type: 'integer', enum: [1], description: 'Catalog format version (1).' },
    catalog: {
      type: 'object',
      description: 'About the catalog as a whole.',
      properties: { name: str('Catalog name.'), description: str('What the catalog covers.') },
      additionalProperties: false,
    },
    services: {
      type: 'object',
      description: 'Services keyed by id (lowercase letters, digits, . _ -).',
      patternProperties: { [ID_PATTERN]: ref('service') },
      additionalProperties: false,
    },
    scenarios: {
      type: 'object',
      description: 'Failure scenarios keyed by id.',
      patternProperties: { [ID_PATTERN]: ref('scenario') },
      additionalProperties: false,
    },
  },
  patternProperties: { '^x-': { description: 'Extension key, ignored: a home for YAML anchors such as defaults.' } },
  additionalProperties: false,
  definitions: {
    duration,
    rate,
    // A bare 0 needs no unit; any other bare number is refused (15 minutes or 15 seconds?).
    durationParam: withPrior(paramOf({ oneOf: [ref('duration'), { type: 'integer', enum: [0], description: 'Zero, which needs no unit.' }] }, 'A duration')),
    // A time: a duration parameter from minute 0, or relative to an event.
    relativeTime: {
      type: 'object',
      description: 'A time relative to an event: {after: <event>, plus: <duration>}.',
      properties: {
        after: {
          type: 'string',
          description: 'The event: start, detection, fault-end, or "<service-id> impact", "<service-id> down", "<service-id> recovered".',
        },
        plus: {
          description: 'How long after the event (default 0): a duration parameter (a distribution or {prior: <name>} too), or a list of them, added.',
          oneOf: [
            ...withPrior(paramOf({ oneOf: [ref('duration'), { type: 'integer', enum: [0], description: 'Zero, which needs no unit.' }] }, 'A duration')).oneOf!,
            { type: 'array', description: 'Several durations, added: e.g. [{prior: diagnose}, {prior: mitigate}].', items: ref('durationParam'), minItems: 1 },
          ],
        },
      },
      required: ['after'],
      additionalProperties: false,
    },
    timeParam: {
      description: 'A time: a duration from minute 0 (a fixed value, a distribution or {prior: <name>}), or {after: <event>, plus: <duration>}.',
      oneOf: [...withPrior(paramOf({ oneOf: [ref('duration'), { type: 'integer', enum: [0], description: 'Zero, which needs no unit.' }] }, 'A duration')).oneOf!, ref('relativeTime')],
    },
    rateParam: paramOf(ref('rate'), 'A rate'),
    // a backlog's capacity: a rate, or a multiple of its arrival from a prior such as catch-up
    capacityParam: withRatioPrior(paramOf(ref('rate'), 'A rate')),
    numberParam: paramOf(positiveNumber, 'A number'),
    service: {
      type: 'object',
      description: 'A service or internal component.',
      properties: {
        name: str('Display name (the official name where one exists).'),
        tier: { type: 'integer', minimum: 0, maximum: 3, description: 'Criticality: 0 = most critical … 3.' },
        description: str('What it does.'),
        owner: str('Owning team.'),
        system: str('System or group it belongs to.'),
        region: str('Region.'),
        zone: str('Availability zone.'),
        links: {
          type: 'array',
          description: 'Links: runbooks, dashboards, sources.',
          items: {
            oneOf: [
              { type: 'string', description: 'A URL.' },
              {
                type: 'object',
                properties: { title: str('Link text.'), url: str('URL.') },
                required: ['url'],
                additionalProperties: false,
              },
            ],
          },
        },
        labels: {
          type: 'object',
          description: 'Free-form string labels.',
          additionalProperties: { type: 'string' },
        },
        dependsOn: { type: 'array', description: 'What this service needs.', items: ref('dependency') },
        recovery: {
          type: 'object',
          description: 'Own restart / warm-up once the causes of an outage clear.',
          properties: {
            time: ref('durationParam', 'Warm-up time after the causes clear.'),
            state: { type: 'string', enum: ['down', 'degraded'], description: 'State during warm-up (default down).' },
          },
          required: ['time'],
          additionalProperties: false,
        },
        restart: {
          type: 'object',
          description: 'Staged recovery: after the causes of an outage clear, capacity returns linearly as units come back at rate.',
          properties: {
            units: ref('numberParam', 'Units to bring back (hosts, tasks, partitions).'),
            rate: ref('rateParam', 'Units brought back per unit of time when warming behind a throttle.'),
            over: ref('durationParam', 'Instead of rate: how long bringing every unit back takes behind a throttle (rate = units / over), e.g. {prior: restart-fleet}.'),
            coldStart: ref('numberParam', 'How many times slower warming is under full load (no throttle) than behind a throttle; ≥ 1, default 1.'),
            healthCheck: {
              type: 'object',
              description:
                'The slow-start trap: grace after a unit starts, a unit below threshold of full speed is removed and restarted. A unit reaches full speed over warmup behind a throttle, over warmup × coldStart under full load; when that fails the check, no unit stays in service until a throttle is put in place.',
              properties: {
                threshold: { type: 'number', minimum: 0, maximum: 1, description: 'Fraction of full speed a unit must reach by the end of its grace period, e.g. 0.8 (0: every unit passes).' },
                grace: ref('durationParam', 'How long after a unit starts the health check first judges it.'),
                warmup: ref('durationParam', 'How long one unit takes to reach full speed behind a throttle (× coldStart under full load).'),
                panic: {
                  type: 'number',
                  minimum: 0,
                  maximum: 1,
                  description:
                    "Load-balancer panic mode: while the fleet's capacity in service is below this fraction, traffic goes to every unit, healthy or not, so warming units are not removed and the restart advances at the full-load pace up to it (Envoy's default panic threshold is 0.5).",
                },
              },
              required: ['threshold', 'grace', 'warmup'],
              additionalProperties: false,
            },
          },
          required: ['units'],
          additionalProperties: false,
        },
        crashLoop: {
          type: 'object',
          description: 'Crash loop: while a cause persists, restarts fail with exponential backoff; after it clears, the service waits for its next attempt.',
          properties: {
            base: ref('durationParam', 'First backoff (doubling after each failed restart).'),
            cap: ref('durationParam', 'Longest backoff.'),
            jitter: { type: 'boolean', description: 'Jittered backoff: the wait after the cause clears is a uniform draw up to the current backoff.' },
          },
          required: ['base', 'cap'],
          additionalProperties: false,
        },
        clients: {
          type: 'object',
          description: 'Client model: when a dependency with a queue comes back from an outage, these clients reconnect and retry at once (a reconnect herd).',
          properties: {
            count: ref('numberParam', 'Clients (connections, instances) that reconnect.'),
            retry: ref('numberParam', 'Units of work each client sends on reconnecting (default 1).'),
            spread: ref('durationParam', 'Reconnects jittered evenly over this window (default 0: a synchronized herd).'),
          },
          required: ['count'],
          additionalProperties: false,
        },
        backlog: {
          type: 'object',
          description: 'Work that piles up while the service cannot process it, and drains after.',
          properties: {
            arrival: ref('rateParam', 'Work arriving in normal operation.'),
            capacity: ref('capacityParam', 'Work the service can process when healthy; or {prior: catch-up}, a documented multiple of the arrival when the post-mortem does not say how fast the backlog drained.'),
            cap: ref('numberParam', 'Most work that can pile up.'),
            timeout: ref('durationParam', 'Work not served within this time expires: the collapse threshold.'),
            retry: ref('numberParam', 'Arrival multiplier while the service is down (client retries).'),
            degradedCapacity: ref('numberParam', 'Fraction of capacity available while degraded (default 0.5).'),
            mitigation: ref('durationParam', 'Detection-and-mitigation delay after a collapse no operator action ends.'),
            unit: str('Unit of work, for reports.'),
            shedding: {
              description:
                'Load shedding (admission control, circuit breaking): work that cannot be served within the timeout is rejected at once, so the queue never holds more than capacity × timeout and the service serves capacity / arrival of its demand instead of collapsing. Needs a timeout.',
              oneOf: [
                { type: 'boolean', description: 'true: engaged whenever the queue reaches capacity × timeout; false: no shedding.' },
                {
                  type: 'object',
                  description: 'Shedding that engages only after the queue has been past capacity × timeout (collapsed) for a while: a breaker that trips on a measured error rate.',
                  properties: { after: ref('durationParam', 'How long after the collapse starts the shedding engages (0: at once).') },
                  required: ['after'],
                  additionalProperties: false,
                },
              ],
            },
          },
          required: ['arrival', 'capacity'],
          additionalProperties: false,
        },
        partial: {
          type: 'boolean',
          description: 'Impairment touches only part of its users; it does not hold back the time to full recovery.',
        },
        cells: {
          description: 'Cells (regions, availability zones, shards): a list of names with equal traffic shares, or names mapped to their traffic shares (summing to 1).',
          oneOf: [
            { type: 'array', items: cellRef, minItems: 1, description: 'Cell names, equal shares.' },
            {
              type: 'object',
              description: 'Cell names mapped to traffic shares (0 to 1, summing to 1).',
              patternProperties: { [ID_PATTERN]: { type: 'number', minimum: 0, maximum: 1, description: 'The share of traffic this cell serves.' } },
              additionalProperties: false,
            },
          ],
        },
        failover: {
          description: 'Cells: when a cell is down, its traffic moves to the other cells in proportion to their shares (default false).',
          oneOf: [
            // a duration first: a bare number is then reported as a duration missing its unit
            ref('duration', 'How long after a cell goes down its traffic moves (health checks, DNS TTLs), e.g. 2m.'),
            { type: 'boolean', description: 'true: at once; false: never.' },
            ...withPrior(paramOf(ref('duration'), 'A duration')).oneOf!.filter((b) => b.type === 'object'),
            {
              type: 'object',
              description: 'A gradual failover (DNS TTLs expiring, load-balancer weights shifted in steps, a zonal shift): {after, over}.',
              properties: {
                after: ref('durationParam', 'How long after a cell goes down its traffic starts to move (default 0).'),
                over: ref('durationParam', 'How long moving all of it takes: the moved share rises linearly from 0 to 1 over this time, e.g. 5m.'),
              },
              required: ['over'],
              additionalProperties: false,
            },
          ],
        },
        headroom: {
          type: 'number',
          minimum: 0,
          description: 'Cells: spare capacity of each cell as a fraction of its share (0.25: it absorbs 25 % more traffic before it is overloaded); default 0.',
        },
      },
      required: ['name'],
      additionalProperties: false,
    },
    dependency: {
      description: 'A service id (hard), {service, type}, or a redundancy group {atLeast, of}.',
      oneOf: [
        serviceRef,
        {
          type: 'object',
          description: 'A dependency with options.',
          properties: { service: serviceRef, ...depCommon },
          required: ['service'],
          additionalProperties: false,
        },
        {
          type: 'object',
          description: 'A redundancy group: needs at least `atLeast` of `of` up.',
          properties: {
            atLeast: { type: 'integer', description: 'How many members must be up (1 to the size of the group).' },
            of: { type: 'array', items: serviceRef, description: 'The redundant members (at least one).' },
            ...depCommon,
          },
          required: ['atLeast', 'of'],
          additionalProperties: false,
        },
      ],
    },
    observation: {
      type: 'object',
      description: 'One observed milestone: a service (or all) reached a state at a time, according to a source.',
      properties: {
        service: { type: 'string', pattern: ID_PATTERN, description: 'A service id, or `all` (every service not marked partial).' },
        event: {
          type: 'string',
          enum: [...OBSERVED_EVENTS],
          description: 'impact (first impaired), down (first down), recovered (back up for good), capacity (reached at least `fraction` of capacity).',
        },
        at: {
          type: 'string',
          description: "When: a duration from minute 0 (3h15m), or an ISO 8601 timestamp with offset (needs the scenario's start).",
        },
        fraction: { type: 'number', minimum: 0, maximum: 1, description: 'capacity only: the fraction of capacity reached at least (0 to 1).' },
        bound: {
          type: 'string',
          enum: ['upper', 'lower'],
          description: 'upper: by then at the latest; lower: not before then.',
        },
        tolerance: ref('duration', 'Allowed error (default: max(20 min, 25 % of the observed time)).'),
        label: str('Short text for tables.'),
        source: str('Where the fact comes from: a URL, optionally with a section.'),
      },
      required: ['service', 'event', 'at', 'source'],
      additionalProperties: false,
    },
    scenario: {
      type: 'object',
      description: 'Faults and operator actions at stated times.',
      properties: {
        name: str('Display name.'),
        description: str('What happened, with sources.'),
        start: str('Wall-clock time of minute 0, ISO 8601 with offset (e.g. 2025-10-19T23:48:00-07:00).'),
        detection: ref('timeParam', 'When the incident is detected (default: first impact plus {prior: detect}); actions may count from it.'),
        faults: {
          type: 'array',
          description: 'Services failing at stated times.',
          items: {
            type: 'object',
            properties: {
              service: serviceRef,
              at: ref('durationParam', 'When the fault starts.'),
              for: ref('durationParam', 'How long it lasts.'),
              until: ref('durationParam', 'When it ends (alternative to for).'),
              capacity: rampOr('A load fault: the capacity left while it lasts (0..1), e.g. 0.5 for a deploy that halves it; the service is not taken down.', '{from, to, over}: capacity that decays, e.g. {from: 1, to: 0.15, over: 3h} (a leak, a log that bloats).'),
              demand: rampOr('A load fault: demand is multiplied by this while it lasts (a surge), e.g. 3; the service is not taken down.', '{from, to, over}: demand that grows, e.g. {from: 1, to: 3, over: 1h}.'),
              cell: { ...cellRef, description: 'Of a service with cells: the one cell the fault hits (default: every cell).' },
            },
            required: ['service'],
            additionalProperties: false,
          },
        },
        actions: {
          type: 'array',
          description: 'Operator actions.',
          items: {
            type: 'object',
            properties: {
              at: ref('timeParam', 'When operators act: a duration from minute 0, or {after: <event>, plus: <duration>}.'),
              service: serviceRef,
              do: {
                type: 'string',
                enum: [...ACTION_KINDS],
                description:
                  'throttle (admit at most `rate`), relax (lift a throttle over `over`), restart (end a collapse; `drop` the queue), disable / enable (a failover), scale (capacity becomes `capacity` times nominal), shed (demand becomes `demand` times normal).',
              },
              rate: ref('rateParam', 'throttle: admitted rate.'),
              over: ref('durationParam', 'relax: ramp duration.'),
              drop: { type: 'boolean', description: 'restart: drop the queued work.' },
              capacity: ref('numberParam', 'scale: capacity from now on as a multiple of nominal (2: doubled; 1: back to nominal); more than 0.'),
              demand: ref('numberParam', 'shed: demand from now on as a multiple of normal (0.7: 30 % moved elsewhere; 1: all back).'),
              cell: { ...cellRef, description: 'Of a service with cells: the one cell acted on (default: every cell).' },
              why: str('Why, with source.'),
            },
            required: ['at', 'service', 'do'],
            additionalProperties: false,
          },
        },
        observed: {
          type: 'array',
          description: 'Milestones observed in the real incident, each with its source: what `blast replay` compares with and `blast fit` fits to.',
          items: ref('observation'),
        },
        affected: {
          type: 'array',
          description: 'Services the sources name as affected, compared with the simulated blast radius by `blast replay`.',
          items: serviceRef,
        },
        fitted: {
          type: 'array',
          description: 'Parameters whose values were chosen to make this scenario\'s observed milestones come out (calibrated by hand or by `blast fit --write`): the incident library then reports the scenario as calibrated, not priors-only.',
          items: {
            type: 'object',
            description: 'One fitted parameter.',
            properties: {
              service: { type: 'string', description: 'The service whose parameter it is.' },
              param: { type: 'string', description: 'Which parameter, e.g. recovery.time, backlog.capacity, or "capacity of its edge to ec2".' },
              why: { type: 'string', description: 'Which milestone it was fitted to.' },
            },
            required: ['service', 'param'],
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    },
  },
};

/** The schema as `schema/catalog.schema.json` holds it: 2-space JSON with a final newline. */
export function catalogSchemaJson(): string {
  return `${JSON.stringify(catalogSchema, null, 2)}\n`;
}
