/**
 * The building blocks of the catalog's JSON Schema (src/catalog/schema.ts): the JSON Schema
 * type, the id pattern, and the parameter, duration, rate and dependency definitions that the
 * schema's services and scenarios share.
 */
import { DURATION_PATTERN, RATE_PATTERN } from './units.js';
import { DEPENDENCY_TYPES } from './model.js';
import { DURATION_PRIOR_NAMES, RATIO_PRIOR_NAMES } from '../engine/priors.js';

export const ID_PATTERN = '^[a-z0-9][a-z0-9._-]*$';

export type JsonSchema = {
  $schema?: string;
  $id?: string;
  $ref?: string;
  title?: string;
  description?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  enum?: Array<string | number>;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  oneOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
  /** Non-standard: how the validator parses a string value ('duration' | 'rate'). */
  'x-unit'?: 'duration' | 'rate';
  /** Non-standard: values refused here that are valid elsewhere, with where they go (a hint). */
  'x-elsewhere'?: Record<string, string>;
  markdownDescription?: string;
};

export const str = (description: string): JsonSchema => ({ type: 'string', description });
export const ref = (name: string, description?: string): JsonSchema =>
  description === undefined ? { $ref: `#/definitions/${name}` } : { $ref: `#/definitions/${name}`, description };

export const freeFlag: JsonSchema = {
  type: 'boolean',
  description: 'A free parameter: `blast fit` may move it within its range or around its prior to match observed milestones.',
};

export const drawKey: JsonSchema = {
  type: 'string',
  pattern: ID_PATTERN,
  description: 'A shared draw: parameters naming the same draw take the same quantile of their own distributions in each Monte Carlo trial (one effort, one duration), e.g. draw: apps-restart. Its parameters must all be lognormal (priors included) or all uniform, and not free.',
};

export function paramOf(scalar: JsonSchema, what: string): JsonSchema {
  return {
    description: `${what}: a fixed value, or a distribution for Monte Carlo ({p50, p90} lognormal, or {min, max} uniform).`,
    oneOf: [
      scalar,
      {
        type: 'object',
        description: 'Lognormal distribution given by its median and 90th percentile.',
        properties: { p50: scalar, p90: scalar, free: freeFlag, draw: drawKey },
        required: ['p50', 'p90'],
        additionalProperties: false,
      },
      {
        type: 'object',
        description: 'Uniform distribution between min and max.',
        properties: { min: scalar, max: scalar, free: freeFlag, draw: drawKey },
        required: ['min', 'max'],
        additionalProperties: false,
      },
    ],
  };
}

/** `{prior: <name>}`: a duration whose distribution is a documented prior (docs/model.md, "Priors"). */
export const priorParam: JsonSchema = {
  type: 'object',
  description: 'A documented prior from the engine\'s table, e.g. {prior: detect}.',
  properties: {
    prior: {
      type: 'string',
      enum: [...DURATION_PRIOR_NAMES],
      description: 'The prior\'s name (docs/model.md, "Priors").',
      'x-elsewhere': Object.fromEntries(RATIO_PRIOR_NAMES.map((n) => [n, `${n} is a multiple, not a duration: it goes in a backlog's capacity, e.g. capacity: {prior: ${n}}`])),
    },
    times: { type: 'number', exclusiveMinimum: 0, description: 'Multiplies the prior (default 1): a prior given per unit of size times the size, e.g. {prior: restore-per-tb, times: 5} for 5 TB.' },
    free: freeFlag,
    draw: drawKey,
  },
  required: ['prior'],
  additionalProperties: false,
};

/**
 * `{prior: catch-up}`: a backlog's capacity as a multiple of its arrival, from a documented
 * prior that is a ratio (docs/model.md, "Priors").
 */
export const ratioPriorParam: JsonSchema = {
  ...priorParam,
  description: 'A documented prior that is a multiple of the backlog\'s arrival, e.g. {prior: catch-up}.',
  properties: {
    ...priorParam.properties,
    prior: {
      type: 'string',
      enum: [...RATIO_PRIOR_NAMES],
      description: 'The prior\'s name (docs/model.md, "Priors"): capacity = arrival × the prior (× times).',
      'x-elsewhere': Object.fromEntries(DURATION_PRIOR_NAMES.map((n) => [n, `${n} is a duration; a backlog's capacity is a rate (e.g. 1200/min) or a multiple of its arrival, {prior: ${RATIO_PRIOR_NAMES.join(' | ')}}`])),
    },
  },
};

/** A backlog's capacity: a rate parameter that also accepts `{prior: catch-up}`. */
export function withRatioPrior(p: JsonSchema): JsonSchema {
  return { ...p, oneOf: [...p.oneOf!, ratioPriorParam] };
}

/** A duration parameter: also accepts `{prior: <name>}`. */
export function withPrior(p: JsonSchema): JsonSchema {
  return { ...p, description: `${p.description!} Or {prior: <name>}, a documented prior.`, oneOf: [...p.oneOf!, priorParam] };
}

export const duration: JsonSchema = {
  type: 'string',
  pattern: DURATION_PATTERN,
  'x-unit': 'duration',
  description: 'A duration such as 90s, 15m, 2h37m or 1d.',
};
export const rate: JsonSchema = {
  type: 'string',
  pattern: RATE_PATTERN,
  'x-unit': 'rate',
  description: 'A rate such as 1200/min, 20/s or 2.5k/h.',
};
export const positiveNumber: JsonSchema = { type: 'number', minimum: 0, description: 'A non-negative number.' };

export const serviceRef: JsonSchema = { type: 'string', pattern: ID_PATTERN, description: 'A service id.' };

export const depCommon: Record<string, JsonSchema> = {
  type: {
    type: 'string',
    enum: [...DEPENDENCY_TYPES],
    description:
      'hard (default): fails when the dependency fails; soft: degrades when it fails; async: work queues while it is not up.',
  },
  failOn: {
    type: 'string',
    enum: ['down', 'degraded'],
    description: 'degraded: a degraded dependency already takes this service down (a health check that times out).',
  },
  failover: {
    type: 'boolean',
    description: 'The dependency acts through an automatic failover; disabling the dependency suspends its effect.',
  },
  capacity: {
    type: 'number',
    minimum: 0,
    maximum: 1,
    description:
      "Fraction of this service's processing capacity left while this dependency is impaired (backlog models; default: the backlog's degradedCapacity).",
  },
  needs: {
    type: 'number',
    minimum: 0,
    maximum: 1,
    description:
      'Capacity as a fraction: this service fails (down for hard, degraded for soft) while the dependency serves less than this fraction of its demand, e.g. 0.8. A single dependency only.',
  },
  scales: {
    oneOf: [
      { type: 'boolean', description: 'true: share 1.' },
      { type: 'number', minimum: 0, maximum: 1, description: 'The share of this service that scales with the dependency.' },
    ],
    description:
      "Capacity as a fraction: this service's capacity is at most 1 − share × (1 − the dependency's served fraction). A single dependency only.",
  },
  backpressure: {
    type: 'boolean',
    description: 'On an async dependency with a bounded queue (backlog.cap): while its queue is full, writes block and this service is down.',
  },
  staleFor: {
    $ref: '#/definitions/durationParam',
    description:
      'A dependency seen through a cache, lease or TTL: its impairment reaches this service only once it has lasted this long (DNS answers cached for 11m: staleFor: 11m); a recovery before then is never felt. 0 (default): at once.',
  },
  fill: {
    type: 'object',
    description:
      'This service is a cache in front of the dependency (its origin): when the cache comes back empty (after an outage, or a restart), its misses raise the origin\'s demand by share × hitRatio / (1 − hitRatio) × (1 − warmth), warmth rising linearly from 0 to 1 over warm (hitRatio 0.9: a cold cache sends 10× its normal misses).',
    properties: {
      hitRatio: { $ref: '#/definitions/numberParam', description: 'The cache\'s normal hit ratio, from 0 to below 1 (0.9: nine requests in ten served from the cache).' },
      warm: { $ref: '#/definitions/durationParam', description: 'How long the cache takes to refill to its normal hit ratio (default: its recovery.time).' },
      share: { type: 'number', minimum: 0, maximum: 1, description: "The fraction of the origin's normal demand that is this cache's misses (default 1)." },
    },
    required: ['hitRatio'],
    additionalProperties: false,
  },
  cell: {
    type: 'string',
    enum: ['local', 'global'],
    description: 'Cells: local = each cell of this service needs the cell of the same name of the dependency; global (default) = it needs the dependency as a whole (its traffic-weighted served fraction).',
  },
  why: str('One-line justification of this dependency, with its source.'),
};

/** A cell name: the id pattern. */
export const cellRef: JsonSchema = { type: 'string', pattern: ID_PATTERN, description: 'A cell name (region, availability zone, shard).' };
