/**
 * `blast graph` in process: formats on stdout, `-o` written atomically, and the user's
 * mistakes (unknown service, --depth without --focus, nothing to collapse by, an output
 * path that is a directory) as exit 2 with a message and nothing written.
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo, tempDir } from './helpers.js';

const SHOP = 'catalogs/example-shop';
const tmp = tempDir('graph');
afterAll(() => tmp.cleanup());

async function run(...argv: string[]) {
  const io = memoryIo();
  const exit = await runCli(argv, io);
  return { exit, out: io.out(), err: io.err() };
}

describe('blast graph', () => {
  it('writes DOT by default, one statement per service and per dependency (19 and 26 in the shop)', async () => {
    const r = await run('graph', SHOP);
    expect(r.exit).toBe(0);
    expect(r.err).toBe('');
    expect(r.out.startsWith('digraph "Example shop" {')).toBe(true);
    expect(r.out.split('\n').filter((l) => /^ {2}"[^"]+" \[/.test(l))).toHaveLength(19);
    expect(r.out.split('\n').filter((l) => / -> /.test(l))).toHaveLength(26);
  });

  it.each(['dot', 'mermaid', 'graphml', 'gexf', 'json'])('--format %s -o writes the same bytes as stdout, atomically', async (format) => {
    const shown = await run('graph', SHOP, '--format', format, '--focus', 'checkout', '-s', 'storage-outage');
    const path = join(tmp.dir, `out.${format}`);
    const written = await run('graph', SHOP, '--format', format, '--focus', 'checkout', '-s', 'storage-outage', '-o', path);
    expect(written.exit).toBe(0);
    expect(written.out).toBe('');
    expect(readFileSync(path, 'utf8')).toBe(shown.out);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--json is --format json', async () => {
    expect((await run('graph', SHOP, '--json')).out).toBe((await run('graph', SHOP, '--format', 'json')).out);
  });

  it('--fail colours by the ad-hoc failure', async () => {
    const r = await run('graph', SHOP, '--format', 'json', '--fail', 'dns', '--for', '10m');
    const g = JSON.parse(r.out) as { nodes: Array<{ key: string; attributes: { state?: string } }> };
    const state = Object.fromEntries(g.nodes.map((n) => [n.key, n.attributes.state]));
    // dns down; cdn depends on it hard, web on cdn hard, checkout on web hard
    expect(state).toMatchObject({ dns: 'down', cdn: 'down', web: 'down', checkout: 'down', storage: 'up' });
  });

  it.each([
    [['--focus', 'paymnets'], /no service "paymnets".*\n.*did you mean "payments"/],
    [['--reaches', 'nope'], /no service "nope"/],
    [['--depth', '2'], /--depth goes with --focus/],
    [['--collapse', 'no-such-label'], /no service has "no-such-label" to collapse by/],
    [["--format", "svg"], /expected one of dot, mermaid, graphml, gexf, json, html, got "svg"/],
    [['-s', 'nope'], /no scenario "nope"/],
  ])('%s: exit 2 with a message', async (args, message) => {
    const r = await run('graph', SHOP, ...args);
    expect(r.exit).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
  });

  it('-o naming a directory: exit 2 before any work, nothing written', async () => {
    const dir = join(tmp.dir, 'a-directory');
    mkdirSync(dir);
    const r = await run('graph', SHOP, '-o', dir);
    expect(r.exit).toBe(2);
    expect(r.err).toMatch(/is a directory/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('mermaid over its edge limit warns on stderr and still writes', async () => {
    const big = tmp.write(
      'big.yaml',
      `version: 1\nservices:\n  hub: {name: Hub, tier: 0}\n${Array.from({ length: 501 }, (_, i) => `  s${i}: {name: S${i}, tier: 2, dependsOn: [hub]}\n`).join('')}`,
    );
    const r = await run('graph', big, '--format', 'mermaid');
    expect(r.exit).toBe(0);
    expect(r.err).toMatch(/501 edges; mermaid draws at most 500/);
    expect(r.out.split('\n').filter((l) => l.includes(' --> '))).toHaveLength(501);
  });
});
