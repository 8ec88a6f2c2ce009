/**
 * SARIF output validates against the SARIF 2.1.0 JSON schema (the copy shipped by
 * @microsoft/jest-sarif, a draft-04 schema, checked with ajv's draft-04 class), inside a git
 * repository (relative URIs with the %SRCROOT% base) and outside one (absolute file: URIs,
 * no base).
 */
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type AjvDraft04 from 'ajv-draft-04';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { repoRelativeUri } from '../../src/cli/commands/review.js';
import { memoryIo } from './helpers.js';

const require = createRequire(import.meta.url);
// a CommonJS module whose class is its `default` export
const Ajv = (require('ajv-draft-04') as typeof AjvDraft04).default;
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
// the schema's language-tag pattern has a stray ']' that a unicode regular expression refuses
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
const validate = ajv.compile(schema);

interface Sarif { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }> }> }> }
const artifacts = (s: Sarif) => s.runs[0]!.results.flatMap((r) => r.locations.map((l) => l.physicalLocation.artifactLocation));

async function sarifOf(catalog: string): Promise<Sarif> {
  const io = memoryIo();
  expect(await runCli(['review', catalog, '--format', 'sarif'], io)).toBe(0);
  return JSON.parse(io.out()) as Sarif;
}

// outside any git repository: a temporary directory (tmpdir is not inside one)
const outside = realpathSync(mkdtempSync(join(tmpdir(), 'blast-sarif-')));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

describe('SARIF', () => {
  it('the schema rejects what it should (a sanity check of the validator)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 3 } } }] }] }] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } } }] })).toBe(true);
  });

  it('inside the repository: valid, relative URIs against %SRCROOT%', async () => {
    const sarif = await sarifOf('catalogs/example-shop');
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const a = artifacts(sarif);
    expect(a.length).toBeGreaterThan(0);
    for (const x of a) expect(x).toEqual({ uri: 'catalogs/example-shop/services.yaml', uriBaseId: '%SRCROOT%' });
  });

  it('outside a git repository: valid, absolute file: URIs without a base', async () => {
    cpSync('catalogs/example-shop', join(outside, 'my shop'), { recursive: true });
    const file = join(outside, 'my shop', 'services.yaml');
    expect(repoRelativeUri(file, outside)).toBe(pathToFileURL(file).href);
    // a space in the directory name is percent-encoded
    expect(pathToFileURL(file).href).toContain('/my%20shop/services.yaml');
    const sarif = await sarifOf(join(outside, 'my shop'));
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    for (const x of artifacts(sarif)) expect(x).toEqual({ uri: pathToFileURL(file).href });
  });
});
