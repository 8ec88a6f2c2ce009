/**
 * Every mermaid block of the reports, parsed and rendered by the real `mermaid` package in
 * headless Chromium (one browser for all blocks). Skipped, saying why, only when no
 * Chromium is installed; .ci/run installs it.
 */
import { describe, expect, it } from 'vitest';
import { CHROMIUM, checkMermaid, chromiumAvailable, mermaidBlocks } from './mermaid-browser.js';
import { load, reportOf } from './helpers.js';

function reports(): Array<{ name: string; md: string }> {
  const chain = load('test/fixtures/report/chain');
  const shop = load('catalogs/example-shop');
  const aws = load('catalogs/aws-us-east-1');
  const esc = load('test/fixtures/report/escaping');
  const regions = load('catalogs/example-regions');
  return [
    { name: 'chain', md: reportOf(chain, { scenario: chain.scenarios.get('db-outage')! }) },
    { name: 'chain, never recovers', md: reportOf(chain, { scenario: chain.scenarios.get('db-lost')! }, { trials: 10 }) },
    { name: 'shop storage', md: reportOf(shop, { scenario: shop.scenarios.get('storage-outage')! }, { trials: 20 }) },
    { name: 'shop payments', md: reportOf(shop, { scenario: shop.scenarios.get('payment-gateway-brownout')! }) },
    { name: 'shop fail dns', md: reportOf(shop, { fail: ['dns'], forMinutes: 2000 }) },
    { name: 'aws', md: reportOf(aws, { scenario: aws.scenarios.get('2025-10-20-dynamodb-dns')! }) },
    { name: 'regions, cells', md: reportOf(regions, { scenario: regions.scenarios.get('region-lost')! }) },
    { name: 'escaping corpus', md: reportOf(esc, { scenario: esc.scenarios.get('corpus')! }) },
  ];
}

describe('mermaid blocks of the reports', () => {
  it('parse and render with mermaid in Chromium', { timeout: 120_000 }, async (ctx) => {
    if (!chromiumAvailable()) ctx.skip(`no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does): mermaid blocks not checked`);
    const all = reports().flatMap((r) => mermaidBlocks(r.md).map((block, k) => ({ name: `${r.name} #${k + 1}`, block })));
    expect(all.length).toBe(8 * 3);
    const results = await checkMermaid(all.map((b) => b.block), { render: true });
    const failed = results.flatMap((r, k) => (r.ok ? [] : [`${all[k]!.name}: ${r.error}\n${all[k]!.block}`]));
    expect(failed).toEqual([]);
    expect(new Set(results.map((r) => r.type))).toEqual(new Set(['gantt', 'flowchart-v2', 'xychart']));
    // the escaping corpus: drawn as text, with no script and no link
    const corpus = results.slice(-3).map((r) => r.svg ?? '');
    for (const svg of corpus) {
      expect(svg).not.toMatch(/<script/i);
      expect(svg).not.toMatch(/<a[\s>]/i);
      expect(svg).not.toMatch(/<[^>]*\son\w+=/i); // an event-handler attribute (text may mention one)
    }
    const text = (svg: string): string => svg.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(text(corpus[0]!)).toContain('click callback href "javascript:alert(1)"');
    expect(text(corpus[1]!)).toContain('Quote " double \' single "] close');
  });
});
