/**
 * Renderers and locations: SARIF 2.1.0 structure (the schema's required fields, checked by
 * hand-written rules), findings pointing at the catalog text that creates them, markdown
 * escaping and layout.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { reviewCatalog } from '../../src/analysis/review.js';
import { reviewSarif, SARIF_LEVEL } from '../../src/analysis/render/sarif.js';
import { diffMarkdown, mdEscape, pathText, reviewMarkdown } from '../../src/analysis/render/markdown.js';
import type { Finding } from '../../src/analysis/findings.js';
import { FIXTURES, load } from './load.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The required fields and value constraints of the SARIF 2.1.0 schema for the objects we
 * emit (sarifLog, run, tool, toolComponent, reportingDescriptor, result, message, location,
 * physicalLocation, artifactLocation, region). Returns every violation as "path: problem".
 */
function sarifViolations(log: unknown): string[] {
  const out: string[] = [];
  const need = (cond: boolean, path: string, problem: string) => void (cond || out.push(`${path}: ${problem}`));
  const message = (m: unknown, path: string) => {
    need(isObj(m), path, 'message must be an object');
    if (isObj(m)) need(typeof m.text === 'string' || typeof m.id === 'string', path, 'message needs text or id');
  };
  const mfString = (m: unknown, path: string) => {
    if (m === undefined) return;
    need(isObj(m) && typeof m.text === 'string', path, 'multiformatMessageString needs text');
  };
  const location = (l: unknown, path: string) => {
    need(isObj(l), path, 'location must be an object');
    if (!isObj(l)) return;
    if (l.id !== undefined) need(Number.isInteger(l.id) && (l.id as number) >= -1, `${path}.id`, 'integer >= -1');
    const pl = l.physicalLocation;
    if (pl === undefined) return;
    need(isObj(pl) && (pl.artifactLocation !== undefined || pl.address !== undefined), `${path}.physicalLocation`, 'needs artifactLocation or address');
    if (!isObj(pl)) return;
    const al = pl.artifactLocation;
    if (isObj(al) && al.uri !== undefined) {
      need(typeof al.uri === 'string' && !/^[a-z]+:/i.test(al.uri as string) && !(al.uri as string).startsWith('/'), `${path}.artifactLocation.uri`, 'a relative URI reference');
      need(!/[\s\\]/.test(al.uri as string), `${path}.artifactLocation.uri`, 'no spaces or backslashes');
    }
    const rg = pl.region;
    if (rg !== undefined) {
      need(isObj(rg), `${path}.region`, 'object');
      if (isObj(rg)) {
        need(Number.isInteger(rg.startLine) && (rg.startLine as number) >= 1, `${path}.region.startLine`, 'integer >= 1');
        need(Number.isInteger(rg.startColumn) && (rg.startColumn as number) >= 1, `${path}.region.startColumn`, 'integer >= 1');
      }
    }
  };
  need(isObj(log), '$', 'sarifLog must be an object');
  if (!isObj(log)) return out;
  need(log.version === '2.1.0', '$.version', 'must be "2.1.0"');
  need(Array.isArray(log.runs), '$.runs', 'required array');
  (Array.isArray(log.runs) ? log.runs : []).forEach((run: unknown, i: number) => {
    const p = `$.runs[${i}]`;
    need(isObj(run) && isObj(run.tool), `${p}.tool`, 'required');
    if (!isObj(run) || !isObj(run.tool)) return;
    const driver = run.tool.driver;
    need(isObj(driver) && typeof driver.name === 'string', `${p}.tool.driver.name`, 'required string');
    const rules = isObj(driver) && Array.isArray(driver.rules) ? (driver.rules as unknown[]) : [];
    rules.forEach((r, j) => {
      need(isObj(r) && typeof r.id === 'string', `${p}.tool.driver.rules[${j}].id`, 'required string');
      if (isObj(r)) {
        mfString(r.shortDescription, `${p}.tool.driver.rules[${j}].shortDescription`);
        mfString(r.fullDescription, `${p}.tool.driver.rules[${j}].fullDescription`);
        const dc = r.defaultConfiguration;
        if (isObj(dc)) need(['none', 'note', 'warning', 'error'].includes(dc.level as string), `${p}.tool.driver.rules[${j}].defaultConfiguration.level`, 'enum');
      }
    });
    (Array.isArray(run.results) ? (run.results as unknown[]) : []).forEach((res, j) => {
      const rp = `${p}.results[${j}]`;
      need(isObj(res), rp, 'object');
      if (!isObj(res)) return;
      message(res.message, `${rp}.message`);
      if (res.level !== undefined) need(['none', 'note', 'warning', 'error'].includes(res.level as string), `${rp}.level`, 'enum');
      if (res.ruleIndex !== undefined) {
        need(Number.isInteger(res.ruleIndex) && (res.ruleIndex as number) >= -1, `${rp}.ruleIndex`, 'integer >= -1');
        const rule = rules[res.ruleIndex as number];
        need(isObj(rule) && rule.id === res.ruleId, `${rp}.ruleIndex`, 'must index the rule named by ruleId');
      }
      (Array.isArray(res.locations) ? (res.locations as unknown[]) : []).forEach((l, k) => location(l, `${rp}.locations[${k}]`));
      (Array.isArray(res.relatedLocations) ? (res.relatedLocations as unknown[]) : []).forEach((l, k) => location(l, `${rp}.relatedLocations[${k}]`));
      if (res.partialFingerprints !== undefined) {
        need(isObj(res.partialFingerprints) && Object.values(res.partialFingerprints).every((v) => typeof v === 'string'), `${rp}.partialFingerprints`, 'strings');
      }
    });
  });
  return out;
}

describe('SARIF', () => {
  const review = reviewCatalog(load(`${FIXTURES}/review-small.yaml`));
  const log = reviewSarif(review.findings, { toolVersion: '9.9.9' }) as Json;

  it('meets the required fields of SARIF 2.1.0', () => {
    expect(sarifViolations(log)).toEqual([]);
  });

  it('the structural check catches a broken log', () => {
    const broken = JSON.parse(JSON.stringify(log)) as { runs: Array<{ results: Array<Json> }> };
    delete broken.runs[0]!.results[0]!.message;
    (broken.runs[0]!.results[1]!.locations as Array<{ physicalLocation: { region: Json } }>)[0]!.physicalLocation.region.startLine = 0;
    expect(sarifViolations(broken)).toHaveLength(2);
  });

  it('has one rule per finding kind and one result per finding, at its catalog line', () => {
    const run = (log.runs as Json[])[0]!;
    const rules = ((run.tool as Json).driver as Json).rules as Json[];
    expect(rules.map((r) => r.id)).toEqual(['spof', 'shared-fate', 'cycle', 'tier-inversion', 'cut-set']);
    const results = run.results as Json[];
    expect(results).toHaveLength(review.findings.length);
    review.findings.forEach((f, i) => {
      const r = results[i]!;
      expect(r.ruleId).toBe(f.kind);
      expect(r.level).toBe(SARIF_LEVEL[f.severity]);
      const loc = ((r.locations as Json[])[0]!.physicalLocation as Json);
      expect((loc.artifactLocation as Json).uri).toBe('test/fixtures/analysis/review-small.yaml');
      expect(loc.region).toEqual({ startLine: f.location.line, startColumn: f.location.col });
      expect((r.partialFingerprints as Json)['blastRadiusFinding/v1']).toBe(f.fingerprint);
    });
  });

  it('encodes file names as relative URI references', () => {
    const f = review.findings[0]!;
    const moved: Finding = { ...f, location: { ...f.location, file: 'my catalogs\\shop #1.yaml' } };
    const out = reviewSarif([moved], { toolVersion: '1' }) as Json;
    expect(sarifViolations(out)).toEqual([]);
    const uri = ((((out.runs as Json[])[0]!.results as Json[])[0]!.locations as Json[])[0]!.physicalLocation as Json).artifactLocation as Json;
    expect(uri.uri).toBe('my%20catalogs/shop%20%231.yaml');
  });
});

describe('finding locations point at the catalog text that creates them', () => {
  it.each(['catalogs/example-shop', 'catalogs/aws-us-east-1', `${FIXTURES}/review-small.yaml`])('%s', (path) => {
    const review = reviewCatalog(load(path), { maxOrder: 2 });
    const text = new Map<string, string[]>();
    const at = (file: string, line: number, col: number): string => {
      if (!text.has(file)) text.set(file, readFileSync(file, 'utf8').split('\n'));
      return text.get(file)![line - 1]!.slice(col - 1);
    };
    expect(review.findings.length).toBeGreaterThan(0);
    for (const f of review.findings) {
      const here = at(f.location.file, f.location.line, f.location.col);
      const expected =
        f.kind === 'spof' || f.kind === 'cut-set' ? f.evidence[0]![1]!.id
        : f.kind === 'cycle' ? f.path[1]!
        : f.kind === 'tier-inversion' ? f.to
        : null;
      if (expected === null) expect(here).toMatch(/^(atLeast|of):/);
      else expect([f.fingerprint, here.startsWith(expected)]).toEqual([f.fingerprint, true]);
    }
  });
});

describe('markdown', () => {
  it('escapes catalog text that would break a table or inject markup', () => {
    expect(mdEscape('a|b <img src=x> *x* `c`')).toBe('a\\|b \\<img src=x\\> \\*x\\* \\`c\\`');
    expect(mdEscape('line\nbreak')).toBe('line break');
  });

  it('escapes any string as the two replacements alone would (the early return changes nothing)', () => {
    const slow = (t: string): string => t.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`);
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '|', '\\', '`', '*', '_', '[', ']', '<', '>', '#', '~', '\n', '\u007f', '\u0000', '→', '⇒') }), (t) => {
      expect(mdEscape(t)).toBe(slow(t));
    }));
  });

  it('writes a path with its dependency kinds', () => {
    const review = reviewCatalog(load(`${FIXTURES}/review-small.yaml`));
    const f = review.findings.find((x) => x.fingerprint === 'spof:control-plane')!;
    expect(pathText(f.evidence[0]!)).toBe('front → api ⇒[1 of 2] db-a → control-plane');
  });

  it('summarises and sections the review', () => {
    const review = reviewCatalog(load(`${FIXTURES}/review-small.yaml`));
    const md = reviewMarkdown(review, review.findings, { accepted: 2 });
    const lines = md.split('\n');
    expect(lines[0]).toBe('## blast review: Review fixture');
    expect(lines[2]).toBe('**7 findings** (3 critical, 2 high, 0 medium, 2 low, 0 info), 2 more accepted by the baseline. 11 services; SPOFs and cut sets (up to 2) for 5 targets.');
    expect(lines.filter((l) => l.startsWith('### '))).toEqual([
      '### Single point of failure (3)',
      '### Shared fate (false redundancy) (1)',
      '### Hard-dependency cycle (cold-start deadlock) (1)',
      '### Tier inversion (1)',
      '### Minimal cut set (1)',
    ]);
    // one table row per finding
    expect(lines.filter((l) => /^\| (critical|high|medium|low|info) \|/.test(l))).toHaveLength(7);
    // A cut-set row names its targets and has a path to each member from the most critical one.
    expect(lines).toContain('| low | db-a + db-b failing together take 2 targets (1 tier 0, 1 tier 1) down: front, api | `test/fixtures/analysis/review-small.yaml:11:9` | front → api ⇒\\[1 of 2\\] db-a; front → api ⇒\\[1 of 2\\] db-b |');
    // A SPOF row names the failing service's targets, most critical first.
    expect(lines).toContain('| critical | control-plane is a single point of failure for 4 targets (1 tier 0, 3 tier 1): front, api, db-a, db-b | `test/fixtures/analysis/review-small.yaml:11:9` | front → api ⇒\\[1 of 2\\] db-a → control-plane |');
  });

  it('renders reviews and diffs with hundreds of thousands of findings (no spread calls that overflow the stack)', () => {
    const review = reviewCatalog(load(`${FIXTURES}/review-small.yaml`));
    const spof = review.findings.find((f) => f.kind === 'spof')!;
    // 300 000 rows: well past the argument count a spread call can take.
    const many = Array.from({ length: 300_000 }, () => spof);
    const md = reviewMarkdown({ ...review, findings: many });
    expect(md.split('\n').filter((l) => l.startsWith('| critical |') || l.startsWith('| high |'))).toHaveLength(300_000);
    const diff = diffMarkdown({ base: review, head: review, added: many, removed: many, addedServices: [], removedServices: [], radius: [] });
    expect(diff.split('\n').filter((l) => l.startsWith('| critical |') || l.startsWith('| high |'))).toHaveLength(600_000);
  });
});

