import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import type { Io } from '../../src/cli/io.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { FIX } from './helpers.js';

function memoryIo(): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: {}, stdinIsTTY: false, out: () => out, err: () => err };
}

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'blast-import-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('blast import (CLI)', () => {
  it.each([
    ['backstage', 'backstage-bad/shapes.yaml', 'backstage-bad/shapes.yaml:14:14: error[wrong-shape]'],
    ['compose', 'compose/bad-condition.yaml', 'compose/bad-condition.yaml:6:20: error[invalid-value]'],
    ['jaeger', 'jaeger/truncated.json', 'jaeger/truncated.json:3:51: error[syntax]'],
    ['otel', 'otel/malformed.prom', 'otel/malformed.prom:3:54: error[syntax]'],
    ['terraform', 'terraform/malformed.dot', 'terraform/malformed.dot:4:25: error[syntax]'],
    ['backstage', 'backstage-bad/location.yaml', 'backstage-bad/broken.yaml:6:1: error[syntax]'], // a Location's target
    ['compose', 'compose-bad/extends.yaml', 'compose-bad/extends.yaml:6:24: error[invalid-ref]: extends is circular'],
    ['compose', 'compose-bad/interpolation.yaml', 'compose-bad/interpolation.yaml:5:21: error[interpolation]: required variable PG_VERSION is not set'],
  ])('%s: malformed input exits 2 with file:line:col and writes nothing', async (format, file, expected) => {
    const dir = join(tmp(), 'out');
    const r = await run('import', format, `${FIX}/${file}`, '-o', dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain(expected);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(dir)).toBe(false);
  });

  it('writes <dir>/<format>.yaml into a missing directory; the catalog validates', async () => {
    const dir = join(tmp(), 'new', 'catalog');
    const r = await run('import', 'compose', `${FIX}/compose/compose.yaml`, '-o', dir);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/wrote: .*compose\.yaml: imported 8 services and 9 dependencies from 1 file/);
    expect((await run('validate', dir)).code).toBe(0);
    const stdout = await run('import', 'compose', `${FIX}/compose/compose.yaml`);
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).toBe(stdout.out);
  });

  it('is deterministic: the same input gives byte-identical files', async () => {
    const a = join(tmp(), 'a');
    const b = join(tmp(), 'b');
    const inputs = [`${FIX}/backstage/payments/catalog-info.yaml`, `${FIX}/backstage/catalog-info.yaml`];
    expect((await run('import', 'backstage', ...inputs, '-o', a)).code).toBe(0);
    expect((await run('import', 'backstage', ...inputs, '-o', b)).code).toBe(0);
    expect(readFileSync(join(a, 'backstage.yaml'), 'utf8')).toBe(readFileSync(join(b, 'backstage.yaml'), 'utf8'));
  });

  it('refuses to replace an imported file without --merge or --force', async () => {
    const dir = tmp();
    const input = `${FIX}/jaeger/dependencies.json`;
    expect((await run('import', 'jaeger', input, '-o', dir)).code).toBe(0);
    const again = await run('import', 'jaeger', input, '-o', dir);
    expect(again.code).toBe(2);
    expect(again.err).toContain('jaeger.yaml exists');
    expect((await run('import', 'jaeger', input, '-o', dir, '--force', '--min-calls', '100')).code).toBe(0);
    expect(readFileSync(join(dir, 'jaeger.yaml'), 'utf8')).not.toContain('ad-service');
  });

  it('--merge keeps hand-written fields and dependencies, adds new ones, and reports what the import lacks', async () => {
    const dir = tmp();
    const input = join(tmp(), 'deps.json');
    writeFileSync(input, JSON.stringify([{ parent: 'frontend', child: 'checkout', callCount: 10 }, { parent: 'checkout', child: 'payment', callCount: 5 }]));
    expect((await run('import', 'jaeger', input, '-o', dir)).code).toBe(0);
    const file = join(dir, 'jaeger.yaml');
    // Hand edits: a tier, a recovery block, a backlog, a sharper why, a description, and a hand-written dependency.
    const edited = readFileSync(file, 'utf8')
      .replace('  checkout:\n    name: checkout\n', '  checkout:\n    name: checkout\n    tier: 0\n    description: Takes the money\n    recovery:\n      time: {p50: 3m, p90: 8m}\n      state: degraded\n    backlog:\n      arrival: 100/min\n      capacity: 400/min\n')
      .replace('why: "jaeger: 5 calls"', 'why: card payments need the payment service  # checked by hand')
      .replace('  payment:\n    name: payment\n', '  payment:\n    name: payment\n    dependsOn:\n      - service: frontend\n        type: async\n        why: written by hand\n');
    writeFileSync(file, edited);
    writeFileSync(input, JSON.stringify([{ parent: 'frontend', child: 'checkout', callCount: 20 }, { parent: 'checkout', child: 'inventory', callCount: 7 }]));
    const r = await run('import', 'jaeger', input, '-o', dir, '--merge');
    expect(r.code).toBe(0);
    expect(r.err).toContain('merged 1 new service and 1 new dependency');
    expect(r.err).toContain('kept: checkout → payment');
    expect(r.err).toContain('kept: service payment is in the catalog but not in this import');
    const loaded = loadCatalog(dir);
    expect(loaded.catalog).toBeDefined();
    const checkout = loaded.catalog!.services.get('checkout')!;
    expect(checkout.tier).toBe(0);
    expect(checkout.description).toBe('Takes the money');
    expect(checkout.recovery).toEqual({ time: { kind: 'lognormal', p50: 3, p90: 8 }, state: 'degraded' });
    expect(checkout.backlog?.capacity).toEqual({ kind: 'const', value: 400 });
    expect(checkout.dependsOn.map((d) => [d.of[0], d.type, d.why])).toEqual([
      ['payment', 'soft', 'card payments need the payment service'],
      ['inventory', 'soft', 'jaeger: 7 calls'],
    ]);
    expect(loaded.catalog!.services.get('payment')!.dependsOn.map((d) => d.why)).toEqual(['written by hand']);
    expect(loaded.catalog!.services.has('inventory')).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# checked by hand');
    // Same input again: nothing to add, the file is left byte for byte.
    const again = await run('import', 'jaeger', input, '-o', dir, '--merge');
    expect(again.err).toContain('unchanged:');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('--merge into a hand-written file only adds lines: comments, anchors, merge keys and flow lists survive', async () => {
    const dir = tmp();
    const original = readFileSync('catalogs/example-shop/services.yaml', 'utf8');
    writeFileSync(join(dir, 'jaeger.yaml'), original);
    writeFileSync(join(dir, 'scenarios.yaml'), readFileSync('catalogs/example-shop/scenarios.yaml', 'utf8'));
    const input = join(tmp(), 'deps.json');
    writeFileSync(input, JSON.stringify([{ parent: 'web', child: 'cdn', callCount: 10 }, { parent: 'db-node-a', child: 'newsvc', callCount: 5 }]));
    const r = await run('import', 'jaeger', input, '-o', dir, '--merge');
    expect(r.code).toBe(0);
    const merged = readFileSync(join(dir, 'jaeger.yaml'), 'utf8').split('\n');
    // Every original line is still there, in order, except db-node-a's flow list, which gained an entry.
    const lines = original.split('\n');
    lines.splice(lines.indexOf('    dependsOn: [storage]'), 1);
    let at = 0;
    for (const line of lines) {
      const found = merged.indexOf(line, at);
      expect(found, line).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
    expect(merged.join('\n')).toContain('x-web-defaults: &web');
    expect(merged.join('\n')).toContain('time: {p50: 3m, p90: 8m}');
    expect(merged.join('\n')).toContain('    dependsOn:\n      - storage\n      # from: ');
    expect((await run('validate', dir)).code).toBe(0);
  });

  it('--merge leaves services defined in other files alone and says which dependencies it did not write', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'hand.yaml'), 'version: 1\nservices:\n  checkout:\n    name: Checkout\n    tier: 0\n');
    const input = join(tmp(), 'deps.json');
    writeFileSync(input, JSON.stringify([{ parent: 'checkout', child: 'payment', callCount: 5 }]));
    const plain = await run('import', 'jaeger', input, '-o', dir);
    expect(plain.code).toBe(2);
    expect(plain.err).toContain('duplicate-id');
    const r = await run('import', 'jaeger', input, '-o', dir, '--merge');
    expect(r.code).toBe(0);
    expect(r.err).toContain('not written: checkout → payment');
    expect(readFileSync(join(dir, 'hand.yaml'), 'utf8')).toBe('version: 1\nservices:\n  checkout:\n    name: Checkout\n    tier: 0\n');
    expect(loadCatalog(dir).catalog!.services.has('payment')).toBe(true);
  });

  it('--json prints a summary with the catalog when there is no -o', async () => {
    const r = await run('import', 'otel', `${FIX}/otel/suffixes.prom`, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ format: 'otel', services: 3, dependencies: 3, output: null, cycles: [] });
    expect(j.catalog).toContain('web:');
  });

  it('says so when the input holds no services', async () => {
    const input = join(tmp(), 'up.prom');
    writeFileSync(input, '# TYPE up gauge\nup 1\n');
    const r = await run('import', 'otel', input);
    expect(r.code).toBe(2);
    expect(r.err).toContain('warning[no-services]: no traces_service_graph_request_total series');
    expect(r.err).toContain('error: no services found');
  });

  it('notes dependency cycles', async () => {
    const r = await run('import', 'jaeger', `${FIX}/jaeger/dependencies.json`, '--hard');
    expect(r.err).toContain('note: dependency cycle: checkout ↔ payment');
    expect(r.err).toContain('1 cycle of hard dependencies');
  });

  it.each([
    [['import', 'jeager', 'x.json'], 'did you mean "jaeger"?'],
    [['import', 'jaeger', 'x.json', '--merge'], '--merge needs -o'],
    [['import', 'jaeger', 'no/such/file.json'], 'no/such/file.json:1:1: error[read-error]: no such file or directory'],
    [['import', 'otel', `${FIX}/otel/malformed.prom`, `${FIX}/jaeger/dependencies.json`], 'more than 10 malformed lines'],
  ])('usage errors exit 2: %j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it('compose: follows extends, reads .env, and is byte-identical run to run', async () => {
    const a = join(tmp(), 'a');
    const b = join(tmp(), 'b');
    const input = `${FIX}/compose-extends/compose.yaml`;
    const r = await run('import', 'compose', input, '-o', a);
    expect(r.code).toBe(0);
    expect(r.err).toContain('compose-extends/compose.yaml:46:18: warning[interpolation]: variable REDIS_TAG is not set');
    // 8 services and a placeholder for metrics, which worker-base links to; 12 dependencies and worker → metrics.
    expect(r.err).toMatch(/imported 9 services \(1 placeholder\) and 13 dependencies from 1 file/);
    expect((await run('import', 'compose', input, '-o', b)).code).toBe(0);
    expect(readFileSync(join(a, 'compose.yaml'), 'utf8')).toBe(readFileSync(join(b, 'compose.yaml'), 'utf8'));
    expect((await run('validate', a)).code).toBe(0);
    const text = readFileSync(join(a, 'compose.yaml'), 'utf8');
    expect(text).toContain('image: shop/app:1.4');
    expect(text).toContain('profiles: debug, tools');
    // --env wins over .env; a malformed --env is a usage error.
    const env = await run('import', 'compose', input, '--env', 'TAG=9', '--env', 'REDIS_TAG=7');
    expect(env.out).toContain('image: shop/app:9');
    expect(env.err).not.toContain('REDIS_TAG');
    const bad = await run('import', 'compose', input, '--env', 'no-equals');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--env no-equals is not NAME=value');
  });

  it('writes a placeholder service for a reference the input does not define, with its source and a note', async () => {
    const dir = tmp();
    const input = join(tmp(), 'catalog-info.yaml');
    writeFileSync(input, 'kind: Component\nmetadata: {name: web}\nspec:\n  dependsOn: [resource:default/orders-db]\n  consumesApis: [search-api]\n');
    const r = await run('import', 'backstage', input, '-o', dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${input}:4:15: note[placeholder]: 2 placeholder services (label blast-radius/placeholder: "true") for what the input refers to but does not define: resource:default/orders-db, api:default/search-api`);
    expect(r.err).toContain('imported 3 services (2 placeholders) and 2 dependencies from 1 file');
    const text = readFileSync(join(dir, 'backstage.yaml'), 'utf8');
    // The placeholder names the line that refers to it, and is marked.
    expect(text).toContain(`  # from: ${input}:4\n  orders-db:\n    name: orders-db\n`);
    expect(text).toContain(`  # from: ${input}:5\n  search-api:\n`);
    expect(text.match(/blast-radius\/placeholder: "true"/g)).toHaveLength(2);
    expect((await run('validate', dir)).code).toBe(0);
    const json = JSON.parse((await run('import', 'backstage', input, '--json')).out);
    expect(json.placeholders).toEqual(['orders-db', 'search-api']);
    expect(json.dependencies).toBe(2);
  });

  it('backstage: follows Locations from the command line, writes a redundancy group, and notes what it did not read', async () => {
    const dir = tmp();
    const r = await run('import', 'backstage', `${FIX}/backstage-locations/catalog-info.yaml`, '-o', dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain('backstage-locations/catalog-info.yaml:13:7: note[not-followed]: https://github.com/example/payments/blob/main/catalog-info.yaml is a URL');
    expect(r.err).toMatch(/imported 7 services and 6 dependencies from 1 file/);
    const text = readFileSync(join(dir, 'backstage.yaml'), 'utf8');
    expect(text).toContain('      - atLeast: 1\n        of: [search-eu, search-us]\n        type: hard\n');
    expect((await run('validate', dir)).code).toBe(0);
    // Importing the directory reads every file once: the same catalog.
    const whole = await run('import', 'backstage', `${FIX}/backstage-locations`);
    expect(whole.out).toBe(readFileSync(join(dir, 'backstage.yaml'), 'utf8').replace('backstage-locations/catalog-info.yaml', 'backstage-locations'));
  });
});
