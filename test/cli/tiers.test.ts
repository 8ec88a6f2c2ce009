/**
 * A left-out tier is not silent: it counts as tier 2, which the review does not target, so
 * `review` says when it has no targets, `validate --strict` lists services without a tier, and
 * importers write a visible placeholder where the source has no tier.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo, tempDir } from './helpers.js';

const shop = readFileSync('catalogs/example-shop/services.yaml', 'utf8');
const tmp = tempDir('tiers');
afterAll(() => tmp.cleanup());

// every tier removed; and one catalog with only the first service's (cdn, tier 1) removed
const noTiers = tmp.write('no-tiers.yaml', shop.replace(/^ +tier: \d\n/gm, ''));
const firstTierLine = shop.split('\n').findIndex((l) => /^ +tier: \d$/.test(l));
const oneMissing = tmp.write('one-missing.yaml', shop.split('\n').filter((_, i) => i !== firstTierLine).join('\n'));
const tierCount = shop.split('\n').filter((l) => /^ +tier: \d$/.test(l)).length;

async function run(...argv: string[]) {
  const io = memoryIo();
  const exit = await runCli(argv, io);
  return { exit, out: io.out(), err: io.err() };
}

describe('services without a tier', () => {
  it('the example shop states a tier for each of its 19 services (the fixtures below remove them)', () => {
    expect(tierCount).toBe(19);
    expect(shop.split('\n')[firstTierLine - 2]).toBe('  cdn:');
  });

  it('review with no tier 0-1 service says it has 0 targets and why; --strict exits 1', async () => {
    const r = await run('review', noTiers);
    expect(r.exit).toBe(0);
    expect(r.err).toContain('warning: 0 targets: no service has tier ≤ 1 (19 of 19 have no tier and count as tier 2); set tiers, or name targets with --target <id>');
    expect((await run('review', noTiers, '--strict')).exit).toBe(1);
    // named targets: nothing to warn about
    const named = await run('review', noTiers, '--target', 'checkout', '--strict');
    expect(named.err).toBe('');
    expect(named.exit).toBe(0);
  });

  it('review names the services that lost their tier, and --strict fails on them', async () => {
    const r = await run('review', oneMissing, '--json');
    expect(r.err).toContain('warning: 1 service has no tier and counts as tier 2, so it is not a review target: cdn;');
    expect(JSON.parse(r.out).targets).not.toContain('cdn');
    expect((await run('review', oneMissing, '--strict')).exit).toBe(1);
    expect((await run('review', 'catalogs/example-shop', '--strict')).exit).toBe(0);
  });

  it('validate --strict warns at each service without a tier (line of its id); without --strict it stays quiet', async () => {
    const strict = await run('validate', oneMissing, '--strict');
    expect(strict.exit).toBe(1);
    // the id line is two lines above the removed tier line (id, name, tier): 1-based line firstTierLine - 1
    expect(strict.err).toContain(`one-missing.yaml:${firstTierLine - 1}:3: warning[missing-tier]: service "cdn" has no tier: it counts as tier 2`);
    const strictAll = await run('validate', noTiers, '--strict', '--json');
    expect(JSON.parse(strictAll.out).diagnostics.filter((d: { code: string }) => d.code === 'missing-tier')).toHaveLength(19);
    const plain = await run('validate', oneMissing);
    expect(plain.exit).toBe(0);
    expect(plain.err).not.toContain('missing-tier');
    expect((await run('validate', 'catalogs/example-shop', '--strict')).exit).toBe(0);
  });

  it('import writes the tier the source has, and a placeholder comment where it has none', async () => {
    const backstage = await run('import', 'backstage', 'test/fixtures/import/backstage/catalog-info.yaml', 'test/fixtures/import/backstage/payments/catalog-info.yaml');
    expect(backstage.exit).toBe(0);
    const web = backstage.out.slice(backstage.out.indexOf('\n  artist-web:\n'));
    expect(web.split('\n').slice(1, 8).join('\n')).toMatch(/\n    tier: 1\n/);
    const compose = await run('import', 'compose', 'test/fixtures/import/compose/compose.yaml');
    expect(compose.exit).toBe(0);
    const services = compose.out.split('\n').filter((l) => /^  [a-z0-9-]+:$/.test(l)).length;
    expect(services).toBeGreaterThan(0);
    expect(compose.out.split('\n').filter((l) => l === '    # tier: ?   (not in the source: set 0, most critical, to 3; left out, it counts as 2 and is not a review target)')).toHaveLength(services);
    expect(compose.out).not.toMatch(/^ +tier: /m);
  });
});
