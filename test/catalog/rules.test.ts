/**
 * One fixture per rule under test/fixtures/catalog/: every diagnostic asserted by code,
 * severity and file:line:col (positions counted by hand from the fixture text), never
 * by message wording. Each fixture's expected list is complete: nothing else is reported.
 */
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import type { Diagnostic } from '../../src/catalog/diagnostics.js';

const FIXTURES = 'test/fixtures/catalog';

/** `severity code file:line:col`, the part of a diagnostic these tests pin down. */
const where = (d: Diagnostic): string => `${d.severity} ${d.code} ${d.pos ? `${basename(d.pos.file)}:${d.pos.line}:${d.pos.col}` : '-'}`;

function check(fixture: string): { valid: boolean; found: string[]; diagnostics: readonly Diagnostic[] } {
  const res = loadCatalog(`${FIXTURES}/${fixture}`);
  return { valid: res.catalog !== undefined, found: res.diagnostics.map(where), diagnostics: res.diagnostics };
}

describe('catalog rules, by code and position', () => {
  it.each<[string, boolean, string[]]>([
    ['valid-minimal.yaml', true, []],
    [
      'unknown-reference.yaml',
      false,
      [
        'error unknown-service unknown-reference.yaml:6:9', // - databse
        'error unknown-service unknown-reference.yaml:7:18', // service: cache
        'error unknown-service unknown-reference.yaml:10:24', // of: [database, databaes]
      ],
    ],
    ['duplicate-key.yaml', false, ['error yaml-duplicate-key duplicate-key.yaml:4:3']],
    ['duplicate-across-files', false, ['error duplicate-id b.yaml:5:3']],
    [
      'self-dependency.yaml',
      false,
      ['error self-dependency self-dependency.yaml:6:9', 'error self-dependency self-dependency.yaml:11:19'],
    ],
    ['group-at-least.yaml', false, ['error group-at-least group-at-least.yaml:9:9', 'error group-at-least group-at-least.yaml:14:9']],
    ['group-empty.yaml', false, ['error group-empty group-empty.yaml:5:9']],
    [
      'invalid-duration.yaml',
      false,
      [
        'error invalid-duration invalid-duration.yaml:5:13', // 5 minutes
        'error invalid-duration invalid-duration.yaml:9:13', // 15 (a bare number)
        'error invalid-duration invalid-duration.yaml:14:13', // 1h30
        'error invalid-duration invalid-duration.yaml:15:30', // p90: soon
      ],
    ],
    ['invalid-rate.yaml', false, ['error invalid-rate invalid-rate.yaml:5:16', 'error invalid-rate invalid-rate.yaml:6:17']],
    [
      'invalid-tier.yaml',
      false,
      [
        'error invalid-tier invalid-tier.yaml:4:11', // 5
        'error invalid-tier invalid-tier.yaml:7:11', // "1", a string
        'error invalid-tier invalid-tier.yaml:10:11', // -1
        'error invalid-tier invalid-tier.yaml:13:11', // 1.5
      ],
    ],
    [
      'unknown-field.yaml',
      true,
      ['warning unknown-field unknown-field.yaml:5:5', 'warning unknown-field unknown-field.yaml:7:5', 'warning unknown-field unknown-field.yaml:9:5'],
    ],
    [
      // one slip from a field that is absent: an error (the dependencies would vanish); a
      // near-miss of a field that is present (Tier beside tier) stays a warning
      'near-miss-field.yaml',
      false,
      [
        'error unknown-field near-miss-field.yaml:5:5', // depends_on
        'error unknown-field near-miss-field.yaml:9:5', // dependson
        'warning unknown-field near-miss-field.yaml:12:5', // Tier, with tier present
        'error missing-field near-miss-field.yaml:15:7', // recovery without time
        'error unknown-field near-miss-field.yaml:15:7', // tiem
      ],
    ],
    [
      'scenario-unknown-service.yaml',
      false,
      ['error scenario-unknown-service scenario-unknown-service.yaml:7:9', 'error scenario-unknown-service scenario-unknown-service.yaml:10:9'],
    ],
    ['hard-cycle.yaml', true, ['warning hard-cycle hard-cycle.yaml:2:3']],
    [
      'wrong-types.yaml',
      false,
      [
        'error wrong-type wrong-types.yaml:3:11', // name: [A]
        'error wrong-type wrong-types.yaml:4:16', // dependsOn: b
        'error wrong-type wrong-types.yaml:5:14', // partial: yes (a string in YAML 1.2)
        'error wrong-type wrong-types.yaml:7:13', // a label holding a list
        'error wrong-type wrong-types.yaml:10:12', // links: a string, not a list
        'error wrong-type wrong-types.yaml:11:15', // recovery: 5m, not a mapping
      ],
    ],
    ['services-list.yaml', false, ['error wrong-type services-list.yaml:2:3']],
    // Reported once, although the dependency's form is chosen by peeking at its keys first.
    ['bad-merge.yaml', false, ['error wrong-type bad-merge.yaml:5:9']],
    ['merge-keys.yaml', false, ['error unknown-service merge-keys.yaml:18:21']],
  ])('%s', (fixture, valid, expected) => {
    const res = check(fixture);
    expect(res.found).toEqual(expected);
    expect(res.valid).toBe(valid);
  });

  it('suggests the closest id for an unknown reference, and says what to do when none is close', () => {
    const { diagnostics } = check('unknown-reference.yaml');
    expect(diagnostics.map((d) => d.hint)).toEqual([
      'did you mean "database"?',
      'add it under services, or fix the id',
      'did you mean "database"?',
    ]);
  });

  it('suggests the field meant for an unknown field, or lists the known fields', () => {
    const { diagnostics } = check('unknown-field.yaml');
    expect(diagnostics[0]!.hint).toBe('did you mean "dependsOn"?');
    expect(diagnostics[1]!.hint).toBe('did you mean "name"?');
    expect(diagnostics[2]!.hint).toMatch(/^known fields: .*\bdependsOn\b/);
  });

  it('a near-miss of an absent field is an error that says which field and that its content is lost', () => {
    const { diagnostics } = check('near-miss-field.yaml');
    expect(diagnostics[0]).toMatchObject({
      severity: 'error',
      message: 'unknown field "depends_on" is one slip from "dependsOn", which is missing: as written it would be ignored, and what it says lost',
      hint: 'did you mean "dependsOn"?',
    });
    expect(diagnostics[4]!.hint).toBe('did you mean "time"?');
  });

  it('names the first definition of a duplicate id in another file', () => {
    const { diagnostics } = check('duplicate-across-files');
    expect(diagnostics[0]!.message).toContain('a.yaml:2:3');
  });

  it('resolves references across the files of a directory catalog', () => {
    // b.yaml's worker depends on db from a.yaml: no unknown-service.
    expect(check('duplicate-across-files').found.some((f) => f.includes('unknown-service'))).toBe(false);
  });

  it('names the services of a hard-dependency cycle in order, and ignores soft edges', () => {
    const [d] = check('hard-cycle.yaml').diagnostics;
    expect(d!.message).toMatch(/cycle: a → b → c → a$/);
  });

  it('suggests the id meant for a scenario naming an unknown service', () => {
    const { diagnostics } = check('scenario-unknown-service.yaml');
    expect(diagnostics[0]!.hint).toBe('did you mean "api"?');
  });

  it('attaches an excerpt with a caret under the reported column', () => {
    const { diagnostics } = check('invalid-tier.yaml');
    expect(diagnostics[0]!.excerpt).toBe('4 |     tier: 5\n  |           ^');
  });
});
