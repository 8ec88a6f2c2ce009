/**
 * Property tests (fast-check):
 * (a) a generated catalog, serialised with yaml's `stringify` in a random style, loads
 *     back to the content it was generated from (the expected content is computed by
 *     the generator, from the numbers it chose, not by loading anything);
 * (b) `buildCatalog` never throws, whatever the bytes: random bytes, random text, and
 *     random YAML-ish mutations of a valid catalog; it returns a catalog exactly when
 *     there is no error, and every diagnostic has a known code and a real position;
 * (c) the compiled graph of any generated catalog is a consistent CSR;
 * (d) the schema's duration and rate patterns accept exactly what the parsers accept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildCatalog } from '../../src/catalog/build.js';
import { DIAGNOSTIC_CODES } from '../../src/catalog/diagnostics.js';
import { ACTION_KINDS, type Catalog, type Param } from '../../src/catalog/model.js';
import { DURATION_PATTERN, parseDuration, parseRate, RATE_PATTERN } from '../../src/catalog/units.js';
import { compileGraph } from '../../src/graph/compile.js';
import { checkCsr } from '../graph/csr.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
/** Numbers compared to 12 significant digits: `90s` is 90 × (1/60) minutes in one place and 90 / 60 in another. */
const round = (x: number): number => Number(x.toPrecision(12));

// ---------------------------------------------------------------------------
// Generators: each yields [what is written in YAML, what it must load as].

type Gen<T> = fc.Arbitrary<[unknown, T]>;
type PParam = { kind: 'const'; value: number } | { kind: 'lognormal'; p50: number; p90: number } | { kind: 'uniform'; min: number; max: number };

const durationText: fc.Arbitrary<[string, number]> = fc.oneof(
  fc.integer({ min: 0, max: 10_000 }).map((n): [string, number] => [`${n}m`, n]),
  fc.integer({ min: 1, max: 100_000 }).map((n): [string, number] => [`${n}s`, n / 60]),
  fc.tuple(fc.integer({ min: 1, max: 48 }), fc.integer({ min: 0, max: 59 })).map(([h, m]): [string, number] => [`${h}h${m}m`, h * 60 + m]),
  fc.integer({ min: 1, max: 30 }).map((d): [string, number] => [`${d}d`, d * 1440]),
  fc.integer({ min: 1, max: 99 }).map((t): [string, number] => [`${t / 10}h`, (t / 10) * 60]),
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 59 })).map(([d, s]): [string, number] => [`${d}d${s}s`, d * 1440 + s / 60]),
  fc.constant<[string, number]>(['0', 0]),
);

const rateText: fc.Arbitrary<[string, number]> = fc.oneof(
  fc.integer({ min: 0, max: 100_000 }).map((n): [string, number] => [`${n}/min`, n]),
  fc.integer({ min: 1, max: 5_000 }).map((n): [string, number] => [`${n}/s`, n * 60]),
  fc.integer({ min: 1, max: 500 }).map((n): [string, number] => [`${n / 10}k/h`, ((n / 10) * 1000) / 60]),
  fc.integer({ min: 1, max: 90 }).map((n): [string, number] => [`${n}M/day`, (n * 1e6) / 1440]),
);

const numberValue: fc.Arbitrary<[number, number]> = fc.integer({ min: 0, max: 100_000 }).map((n): [number, number] => [n / 100, n / 100]);

/** A parameter: the scalar alone, or a lognormal {p50, p90}, or a uniform {min, max}. */
function paramOf(scalar: fc.Arbitrary<[string | number, number]>): Gen<PParam> {
  const positive = scalar.filter(([, v]) => v > 0);
  return fc.oneof(
    { weight: 3, arbitrary: scalar.map(([w, v]): [unknown, PParam] => [w, { kind: 'const', value: v }]) },
    fc.tuple(positive, positive).map(([a, b]): [unknown, PParam] => {
      const [lo, hi] = a[1] <= b[1] ? [a, b] : [b, a];
      return [{ p50: lo[0], p90: hi[0] }, { kind: 'lognormal', p50: lo[1], p90: hi[1] }];
    }),
    fc.tuple(scalar, scalar).map(([a, b]): [unknown, PParam] => {
      const [lo, hi] = a[1] <= b[1] ? [a, b] : [b, a];
      return [{ min: lo[0], max: hi[0] }, { kind: 'uniform', min: lo[1], max: hi[1] }];
    }),
  );
}
const durationParam = paramOf(durationText);
const rateParam = paramOf(rateText);
const numberParam = paramOf(numberValue);
/** A number parameter above 0 (a scale action's capacity multiple). */
const positiveNumberParam = paramOf(numberValue.filter(([, v]) => v > 0));

/** Free text: any Unicode, quotes, colons, hashes, newlines, leading spaces. */
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.constantFrom('a: b', '"quoted"', "it's", '# not a comment', '- dash', '{x}', '[y]', 'null', 'true', '1e3', '0x10', '  padded  ', 'line\nbreak', '*alias', '&anchor', '!tag', '%', '@', '`', '~', ''),
);
const id = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,9}$/);
const labelKey = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty')).filter((k) => k !== '<<');

/** Optional fields of an object: each present or absent. */
function optional<T extends Record<string, Gen<unknown>>>(fields: T): fc.Arbitrary<Array<[string, unknown, unknown]>> {
  const entries = Object.entries(fields);
  return fc.tuple(...entries.map(([k, g]) => fc.option(g.map(([w, e]) => [k, w, e] as [string, unknown, unknown]), { nil: undefined }))).map((xs) => xs.filter((x): x is [string, unknown, unknown] => x !== undefined));
}
const same = <T>(a: fc.Arbitrary<T>): Gen<T> => a.map((v): [unknown, T] => [v, v]);

interface PDep { of: string[]; atLeast: number; group: boolean; type: string; failOn: string; failover: boolean; capacity?: number; why?: string }
interface PService {
  id: string; name: string; tier: number; description?: string; owner?: string; system?: string; region?: string; zone?: string;
  links: Array<{ title: string; url: string }>; labels: Array<[string, string]>; deps: PDep[];
  recovery?: { time: PParam; state: string }; backlog?: Record<string, unknown>; partial: boolean;
}
interface PScenario { id: string; name?: string; description?: string; start?: string; faults: unknown[]; actions: unknown[] }
interface PCatalog { name?: string; description?: string; services: PService[]; scenarios: PScenario[] }

function depArb(others: string[]): Gen<PDep> {
  const common = optional({
    type: same(fc.constantFrom('hard', 'soft', 'async')),
    failOn: same(fc.constantFrom('down', 'degraded')),
    failover: same(fc.boolean()),
    capacity: same(fc.integer({ min: 0, max: 100 }).map((n) => n / 100)),
    why: same(text),
  });
  const withCommon = (base: Record<string, unknown>, exp: Omit<PDep, 'type' | 'failOn' | 'failover'>, extra: Array<[string, unknown, unknown]>): [unknown, PDep] => {
    const written: Record<string, unknown> = { ...base };
    const e: Record<string, unknown> = { type: 'hard', failOn: 'down', failover: false, ...exp };
    for (const [k, w, v] of extra) {
      written[k] = w;
      e[k] = v;
    }
    return [written, e as unknown as PDep];
  };
  return fc.oneof(
    fc.constantFrom(...others).map((o): [unknown, PDep] => [o, { of: [o], atLeast: 1, group: false, type: 'hard', failOn: 'down', failover: false }]),
    fc.tuple(fc.constantFrom(...others), common).map(([o, extra]) => withCommon({ service: o }, { of: [o], atLeast: 1, group: false }, extra)),
    fc
      .subarray(others, { minLength: 1 })
      .chain((of) => fc.tuple(fc.constant(of), fc.integer({ min: 1, max: of.length }), common))
      .map(([of, k, extra]) => withCommon({ atLeast: k, of }, { of, atLeast: k, group: true }, extra)),
  );
}

/** A link: a bare URL string (its own title), or {title, url}. */
const linkArb: Gen<{ title: string; url: string }> = fc.oneof(
  text.map((u): [unknown, { title: string; url: string }] => [u, { title: u, url: u }]),
  fc.tuple(text, text).map(([t, u]): [unknown, { title: string; url: string }] => [{ title: t, url: u }, { title: t, url: u }]),
);

function serviceArb(sid: string, others: string[], recoveryPool: Array<[unknown, PParam]>): Gen<PService> {
  return fc
    .record({
      name: text,
      tier: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      opt: optional({ description: same(text), owner: same(text), system: same(text), region: same(text), zone: same(text) }),
      links: fc.array(linkArb, { maxLength: 2 }),
      labels: fc.uniqueArray(fc.tuple(labelKey, text), { maxLength: 3, selector: ([k]) => k }),
      deps: others.length ? fc.array(depArb(others), { maxLength: 4 }) : fc.constant([] as Array<[unknown, PDep]>),
      recovery: fc.option(fc.tuple(fc.nat(Math.max(recoveryPool.length - 1, 0)), fc.option(fc.constantFrom('down', 'degraded'), { nil: undefined })), { nil: undefined }),
      backlog: fc.option(
        fc.tuple(rateParam, rateParam, optional({ cap: numberParam, timeout: durationParam, retry: numberParam, degradedCapacity: numberParam, mitigation: durationParam, unit: same(text) })),
        { nil: undefined },
      ),
      partial: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map((r): [unknown, PService] => {
      const w: Record<string, unknown> = { name: r.name };
      const e: PService = { id: sid, name: r.name, tier: r.tier ?? 2, links: r.links.map(([, x]) => x), labels: r.labels, deps: r.deps.map(([, x]) => x), partial: r.partial ?? false };
      if (r.tier !== undefined) w.tier = r.tier;
      else (e as unknown as Record<string, unknown>).tierDefaulted = true;
      for (const [k, wv, ev] of r.opt) {
        w[k] = wv;
        (e as unknown as Record<string, unknown>)[k] = ev;
      }
      if (r.links.length) w.links = r.links.map(([x]) => x);
      // Maps keep insertion order; plain objects would put integer-like keys first.
      if (r.labels.length) w.labels = new Map(r.labels);
      if (r.deps.length) w.dependsOn = r.deps.map(([x]) => x);
      if (r.recovery && recoveryPool.length) {
        // The same time object is reused across services, so stringify writes anchors and aliases.
        const [time, timeExp] = recoveryPool[r.recovery[0]]!;
        w.recovery = r.recovery[1] ? { time, state: r.recovery[1] } : { time };
        e.recovery = { time: timeExp, state: r.recovery[1] ?? 'down' };
      }
      if (r.backlog) {
        const [[aw, ae], [cw, ce], extra] = r.backlog;
        const bw: Record<string, unknown> = { arrival: aw, capacity: cw };
        const be: Record<string, unknown> = { arrival: ae, capacity: ce };
        for (const [k, wv, ev] of extra) {
          bw[k] = wv;
          be[k] = ev;
        }
        w.backlog = bw;
        e.backlog = be;
      }
      if (r.partial !== undefined) w.partial = r.partial;
      return [w, e];
    });
}

function scenarioArb(sid: string, ids: string[]): Gen<PScenario> {
  const fault = fc
    .record({
      service: fc.constantFrom(...ids),
      at: fc.option(durationText, { nil: undefined }),
      end: fc.oneof(fc.constant(undefined), durationParam.map((p) => ['for', p] as const), fc.integer({ min: 1, max: 600 }).map((extra) => ['until', extra] as const)),
    })
    .map(({ service, at, end }): [unknown, unknown] => {
      const w: Record<string, unknown> = { service };
      const atMin = at ? at[1] : 0;
      const e: Record<string, unknown> = { service, at: { kind: 'const', value: atMin } };
      if (at) w.at = at[0];
      if (end?.[0] === 'for') {
        w.for = end[1][0];
        e.for = end[1][1];
      } else if (end?.[0] === 'until') {
        // `until` must come after `at`: written in whole minutes past it.
        const until = Math.ceil(atMin) + end[1];
        w.until = `${until}m`;
        e.until = { kind: 'const', value: until };
      }
      return [w, e];
    });
  const action = fc
    .record({ at: durationParam, service: fc.constantFrom(...ids), do: fc.constantFrom(...ACTION_KINDS), rate: rateParam, over: fc.option(durationParam, { nil: undefined }), drop: fc.option(fc.boolean(), { nil: undefined }), why: fc.option(text, { nil: undefined }), capacity: positiveNumberParam, demand: numberParam })
    .map((a): [unknown, unknown] => {
      const w: Record<string, unknown> = { at: a.at[0], service: a.service, do: a.do };
      const e: Record<string, unknown> = { at: a.at[1], service: a.service, do: a.do, drop: a.drop ?? false };
      if (a.do === 'throttle') [w.rate, e.rate] = a.rate;
      if (a.do === 'relax' && a.over) [w.over, e.over] = a.over;
      if (a.do === 'scale') [w.capacity, e.capacity] = a.capacity;
      if (a.do === 'shed') [w.demand, e.demand] = a.demand;
      if (a.drop !== undefined) w.drop = a.drop;
      if (a.why !== undefined) [w.why, e.why] = [a.why, a.why];
      return [w, e];
    });
  return fc
    .record({
      opt: optional({ name: same(text), description: same(text), start: same(fc.constantFrom('2025-10-19T23:48:00-07:00', '2025-10-20T06:48:00Z')) }),
      faults: fc.array(fault, { maxLength: 3 }),
      actions: fc.array(action, { maxLength: 3 }),
    })
    .map((s): [unknown, PScenario] => {
      const w: Record<string, unknown> = {};
      const e: PScenario = { id: sid, faults: s.faults.map(([, x]) => x), actions: s.actions.map(([, x]) => x) };
      for (const [k, wv, ev] of s.opt) {
        w[k] = wv;
        (e as unknown as Record<string, unknown>)[k] = ev;
      }
      if (s.faults.length) w.faults = s.faults.map(([x]) => x);
      if (s.actions.length) w.actions = s.actions.map(([x]) => x);
      return [w, e];
    });
}

const catalogArb: Gen<PCatalog> = fc
  .record({
    ids: fc.uniqueArray(id, { minLength: 1, maxLength: 10 }),
    scenarioIds: fc.uniqueArray(id, { maxLength: 3 }),
    recoveryPool: fc.array(durationParam, { minLength: 1, maxLength: 3 }),
    meta: optional({ name: same(text), description: same(text) }),
  })
  .chain(({ ids, scenarioIds, recoveryPool, meta }) =>
    fc.tuple(
      fc.tuple(...ids.map((sid) => serviceArb(sid, ids.filter((o) => o !== sid), recoveryPool))),
      scenarioIds.length ? fc.tuple(...scenarioIds.map((sid) => scenarioArb(sid, ids))) : fc.constant([] as Array<[unknown, PScenario]>),
      fc.constant(meta),
      fc.constant(ids),
      fc.constant(scenarioIds),
    ),
  )
  .map(([services, scenarios, meta, ids, scenarioIds]): [unknown, PCatalog] => {
    const doc: Record<string, unknown> = { version: 1 };
    const e: PCatalog = { services: services.map(([, x]) => x), scenarios: scenarios.map(([, x]) => x) };
    if (meta.length) {
      doc.catalog = Object.fromEntries(meta.map(([k, w]) => [k, w]));
      for (const [k, , v] of meta) (e as unknown as Record<string, unknown>)[k] = v;
    }
    doc.services = new Map(ids.map((sid, i) => [sid, services[i]![0]]));
    if (scenarioIds.length) doc.scenarios = new Map(scenarioIds.map((sid, i) => [sid, scenarios[i]![0]]));
    return [doc, e];
  });

/** A random writing style for yaml's stringify. */
const styleArb = fc.record({
  collectionStyle: fc.constantFrom('any', 'block', 'flow'),
  defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
  // No folding: yaml 2.9.1's stringify corrupts double-quoted strings it folds (at deep
  // indentation, and by splitting astral-plane characters' surrogate pairs at a fold, seen at
  // width 40); that is the writer, not the loader, and the loader is what this tests.
  lineWidth: fc.constantFrom(0),
  indent: fc.constantFrom(2, 4),
}) as fc.Arbitrary<NonNullable<Parameters<typeof stringify>[2]> & object>;

// ---------------------------------------------------------------------------
// Projection of a loaded catalog to the generator's shape.

const projParam = (p: Param): PParam => {
  if (p.kind === 'prior') throw new Error('the generator writes no priors');
  return p.kind === 'const' ? { kind: 'const', value: round(p.value) } : p.kind === 'lognormal' ? { kind: 'lognormal', p50: round(p.p50), p90: round(p.p90) } : { kind: 'uniform', min: round(p.min), max: round(p.max) };
};

/** Rounds every number and drops undefined fields, so both sides compare alike. */
function norm(v: unknown): unknown {
  if (typeof v === 'number') return round(v);
  if (Array.isArray(v)) return v.map(norm);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) Object.defineProperty(out, k, { value: norm(x), enumerable: true });
    return out;
  }
  return v;
}

function project(cat: Catalog): PCatalog {
  const params = (o: object): Record<string, unknown> => Object.fromEntries(Object.entries(o).map(([k, x]) => [k, x && typeof x === 'object' && 'kind' in x ? projParam(x as Param) : x]));
  return {
    ...(cat.meta.name !== undefined ? { name: cat.meta.name } : {}),
    ...(cat.meta.description !== undefined ? { description: cat.meta.description } : {}),
    services: [...cat.services.values()].map((s) => {
      const { pos: _pos, dependsOn, labels, recovery, backlog, links, ...rest } = s;
      return {
        ...rest,
        links: [...links],
        labels: [...labels],
        deps: dependsOn.map(({ pos: _p, memberPos: _m, ...d }) => ({ ...d, of: [...d.of] })),
        ...(recovery ? { recovery: { time: projParam(recovery.time), state: recovery.state } } : {}),
        ...(backlog ? { backlog: params(backlog) } : {}),
      } as PService;
    }),
    scenarios: [...cat.scenarios.values()].map(({ pos: _pos, faults, actions, ...sc }) => ({
      ...sc,
      faults: faults.map(({ pos: _p, ...f }) => params(f)),
      actions: actions.map(({ pos: _p, ...a }) => params(a)),
    })),
  };
}

// ---------------------------------------------------------------------------

describe('catalog properties', () => {
  it('(a) serialise → buildCatalog gives back the generated content', () => {
    fc.assert(
      fc.property(catalogArb, styleArb, ([doc, expected], style) => {
        const yamlText = stringify(doc, style);
        const res = buildCatalog([{ file: 'gen.yaml', bytes: enc(yamlText) }]);
        const errors = res.diagnostics.filter((d) => d.severity === 'error');
        expect(errors.map((d) => `${d.code} ${d.pos?.line}:${d.pos?.col} ${d.message}`)).toEqual([]);
        for (const d of res.diagnostics) expect(['duplicate-dependency', 'group-duplicate-member', 'hard-cycle', 'backlog-overloaded']).toContain(d.code);
        expect(norm(project(res.catalog!))).toEqual(norm(expected));
      }),
      { numRuns: 150 },
    );
  });

  it('(c) the compiled graph of a generated catalog is a consistent CSR', () => {
    fc.assert(
      fc.property(catalogArb, ([doc]) => {
        const cat = buildCatalog([{ file: 'gen.yaml', bytes: enc(stringify(doc)) }]).catalog!;
        checkCsr(cat, compileGraph(cat));
      }),
      { numRuns: 60 },
    );
  });

  const validText = fc.tuple(catalogArb, styleArb).map(([[doc], style]) => stringify(doc, style));
  const yamlChars = fc.constantFrom(':', ' ', '  ', '-', '- ', '[', ']', '{', '}', ',', '&a', '*a', '<<: *a', '!', '|', '>', "'", '"', '#', '%', '@', '`', '?', '\t', '\n', '\r\n', '\u0000', '\u001b', '\ufeff', '\\', 'é', '𝄞', '---', '...', '~', 'null', '1e400');
  const mutation = fc.oneof(
    fc.tuple(fc.constant('insert' as const), fc.nat(), fc.array(yamlChars, { minLength: 1, maxLength: 4 }).map((xs) => xs.join(''))),
    fc.tuple(fc.constant('delete' as const), fc.nat(), fc.integer({ min: 1, max: 12 })),
    fc.tuple(fc.constant('dupline' as const), fc.nat(), fc.constant(0)),
    fc.tuple(fc.constant('swaplines' as const), fc.nat(), fc.nat()),
    fc.tuple(fc.constant('indent' as const), fc.nat(), fc.integer({ min: -4, max: 4 })),
  );
  function mutate(src: string, ms: Array<readonly ['insert' | 'delete' | 'dupline' | 'swaplines' | 'indent', number, string | number]>): string {
    let s = src;
    for (const [kind, at, arg] of ms) {
      const i = s.length ? at % (s.length + 1) : 0;
      const lines = s.split('\n');
      const li = at % lines.length;
      if (kind === 'insert') s = s.slice(0, i) + String(arg) + s.slice(i);
      else if (kind === 'delete') s = s.slice(0, i) + s.slice(i + Number(arg));
      else if (kind === 'dupline') s = [...lines.slice(0, li + 1), lines[li]!, ...lines.slice(li + 1)].join('\n');
      else if (kind === 'swaplines') {
        const lj = Number(arg) % lines.length;
        [lines[li], lines[lj]] = [lines[lj]!, lines[li]!];
        s = lines.join('\n');
      } else {
        const n = Number(arg);
        lines[li] = n >= 0 ? ' '.repeat(n) + lines[li] : lines[li]!.replace(new RegExp(`^ {0,${-n}}`), '');
        s = lines.join('\n');
      }
    }
    return s;
  }

  /** The invariants of any build result. */
  function wellFormed(bytes: Uint8Array, source?: string): void {
    const res = buildCatalog([{ file: 'f.yaml', bytes }]);
    const hasError = res.diagnostics.some((d) => d.severity === 'error');
    expect(res.catalog !== undefined).toBe(!hasError);
    const lineCount = source === undefined ? Infinity : source.split(/\r\n|\r|\n/).length + 1;
    for (const d of res.diagnostics) {
      expect(DIAGNOSTIC_CODES).toContain(d.code);
      expect(typeof d.message).toBe('string');
      if (d.pos) {
        expect(d.pos.file).toBe('f.yaml');
        expect(d.pos.line).toBeGreaterThanOrEqual(1);
        expect(d.pos.line).toBeLessThanOrEqual(lineCount);
        expect(d.pos.col).toBeGreaterThanOrEqual(1);
      }
    }
  }

  it('(b) never throws on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => wellFormed(bytes)), { numRuns: 300 });
  });

  it('(b) never throws on random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => wellFormed(enc(s), s)), { numRuns: 300 });
  });

  it('(b) never throws on YAML-ish mutations of a valid catalog', () => {
    fc.assert(
      fc.property(validText, fc.array(mutation, { minLength: 1, maxLength: 6 }), (src, ms) => {
        const s = mutate(src, ms);
        wellFormed(enc(s), s);
      }),
      { numRuns: 300 },
    );
  });

  it('(d) the schema patterns accept exactly what parseDuration and parseRate accept', () => {
    const durationRe = new RegExp(DURATION_PATTERN);
    const rateRe = new RegExp(RATE_PATTERN);
    const pieces = fc.array(fc.constantFrom('0', '1', '5', '12', '.', '.5', 'd', 'h', 'm', 's', 'k', 'M', '/', 'min', 'sec', 'hour', 'day', ' ', '-', 'x'), { maxLength: 6 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(fc.oneof(pieces, durationText.map(([t]) => t), rateText.map(([t]) => t)), (s) => {
        expect(durationRe.test(s)).toBe(parseDuration(s) !== undefined);
        expect(rateRe.test(s)).toBe(parseRate(s) !== undefined);
      }),
      { numRuns: 2000 },
    );
  });
});
