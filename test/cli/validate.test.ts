/** `blast validate` in process: exit codes, text and JSON output, --strict, colour. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from './helpers.js';

const F = 'test/fixtures/catalog';

async function run(...argv: string[]) {
  const io = memoryIo();
  const exit = await runCli(argv, io);
  return { exit, out: io.out(), err: io.err() };
}

interface ValidateJson {
  valid: boolean;
  services: number | null;
  scenarios: number | null;
  errors: number;
  warnings: number;
  diagnostics: Array<{ code: string; severity: string; message: string; file: string | null; line: number | null; col: number | null; hint: string | null }>;
}

describe('blast validate', () => {
  it('accepts the example catalog: 19 services and 3 scenarios in 2 files', async () => {
    // Counted in catalogs/example-shop/services.yaml and scenarios.yaml.
    const r = await run('validate', 'catalogs/example-shop');
    expect(r.exit).toBe(0);
    expect(r.out).toBe('valid: catalogs/example-shop: 19 services, 3 scenarios in 2 files (0 errors, 0 warnings)\n');
    expect(r.err).toBe('');
  });

  it('rejects an invalid catalog with exit 2 and every problem as file:line:col on stderr', async () => {
    const r = await run('validate', `${F}/unknown-reference.yaml`);
    expect(r.exit).toBe(2);
    expect(r.out).toBe('');
    const heads = r.err.split('\n').filter((l) => /^\S+:\d+:\d+: /.test(l)).map((l) => l.split(': ')[0] + ' ' + /\[(.+?)\]/.exec(l)![1]);
    expect(heads).toEqual([
      `${F}/unknown-reference.yaml:6:9 unknown-service`,
      `${F}/unknown-reference.yaml:7:18 unknown-service`,
      `${F}/unknown-reference.yaml:10:24 unknown-service`,
    ]);
    expect(r.err).toContain('  hint: did you mean "database"?');
    expect(r.err.trimEnd().split('\n').at(-1)).toBe(`invalid: ${F}/unknown-reference.yaml: 3 errors, 0 warnings`);
  });

  it('prints an excerpt with a caret under the column', async () => {
    const r = await run('validate', `${F}/unknown-reference.yaml`);
    expect(r.err).toContain('  6 |       - databse\n    |         ^\n');
  });

  it.each([
    ['unknown-field.yaml', 3],
    ['hard-cycle.yaml', 1],
  ])('warnings only (%s): exit 0, or 1 with --strict', async (fixture, warnings) => {
    const plain = await run('validate', `${F}/${fixture}`);
    expect(plain.exit).toBe(0);
    expect(plain.out).toContain(`(0 errors, ${warnings} warning${warnings === 1 ? '' : 's'})`);
    expect(plain.err.match(/: warning\[/g)).toHaveLength(warnings);
    const strict = await run('validate', `${F}/${fixture}`, '--strict');
    expect(strict.exit).toBe(1);
  });

  it('--strict on a catalog without warnings exits 0', async () => {
    expect((await run('validate', `${F}/valid-minimal.yaml`, '--strict')).exit).toBe(0);
  });

  it('--json for a valid catalog', async () => {
    const r = await run('validate', 'catalogs/example-shop', '--json');
    expect(r.exit).toBe(0);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual({ valid: true, services: 19, scenarios: 3, errors: 0, warnings: 0, diagnostics: [] });
  });

  it('--json for an invalid catalog: every diagnostic with code, position and hint, exit 2', async () => {
    const r = await run('validate', `${F}/scenario-unknown-service.yaml`, '--json');
    expect(r.exit).toBe(2);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out) as ValidateJson;
    expect(j).toMatchObject({ valid: false, services: null, scenarios: null, errors: 2, warnings: 0 });
    expect(j.diagnostics.map(({ code, severity, file, line, col, hint }) => ({ code, severity, file, line, col, hint }))).toEqual([
      { code: 'scenario-unknown-service', severity: 'error', file: `${F}/scenario-unknown-service.yaml`, line: 7, col: 9, hint: 'did you mean "api"?' },
      { code: 'scenario-unknown-service', severity: 'error', file: `${F}/scenario-unknown-service.yaml`, line: 10, col: 9, hint: 'add it under services, or fix the id' },
    ]);
    for (const d of j.diagnostics) expect(typeof d.message).toBe('string');
  });

  it('--json with --strict and warnings: valid, exit 1', async () => {
    const r = await run('validate', `${F}/unknown-field.yaml`, '--json', '--strict');
    expect(r.exit).toBe(1);
    // the three unknown fields, and (--strict) service b without a tier
    expect(JSON.parse(r.out)).toMatchObject({ valid: true, errors: 0, warnings: 4 });
  });

  it('a directory catalog reports a duplicate id in the second file', async () => {
    const r = await run('validate', `${F}/duplicate-across-files`);
    expect(r.exit).toBe(2);
    expect(r.err).toContain(`${F}/duplicate-across-files/b.yaml:5:3: error[duplicate-id]`);
  });

  it('no colour without a TTY, colour with FORCE_COLOR, none with --no-color or NO_COLOR', async () => {
    const esc = '\u001b[';
    const argv = ['validate', `${F}/unknown-field.yaml`];
    const plain = memoryIo();
    await runCli(argv, plain);
    expect(plain.out() + plain.err()).not.toContain(esc);
    const forced = memoryIo({ FORCE_COLOR: '1' });
    await runCli(argv, forced);
    expect(forced.err()).toContain(esc);
    const flag = memoryIo({ FORCE_COLOR: '1' });
    await runCli(['--no-color', ...argv], flag);
    expect(flag.out() + flag.err()).not.toContain(esc);
    const env = memoryIo({ FORCE_COLOR: '1', NO_COLOR: '1' });
    await runCli(argv, env);
    expect(env.out() + env.err()).not.toContain(esc);
  });

  it('--help shows examples and exits 0', async () => {
    const r = await run('validate', '--help');
    expect(r.exit).toBe(0);
    expect(r.out).toContain('Examples:');
    expect(r.out).toContain('--strict');
  });

  it('a missing argument is a usage error (exit 2)', async () => {
    const r = await run('validate');
    expect(r.exit).toBe(2);
    expect(r.err).toContain("missing required argument 'catalog'");
  });
});
