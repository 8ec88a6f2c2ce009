/**
 * The HTML page as a file, without a browser: the report's sections say what the markdown
 * says (checked against `marked`, an independent markdown renderer), catalog text stays text,
 * the Content-Security-Policy hashes match what is inline, the bytes are deterministic and the
 * AWS report fits the size budget; the catalog survives its JSON form for the in-page engine.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { marked } from 'marked';
import { prepareSimulation, simulate } from '../../src/engine/index.js';
import { catalogFromJson, catalogToJson, forceLayout, inlineHtml, layeredLayout, markdownSections } from '../../src/report/html/index.js';
import { mdText } from '../../src/report/markdown/escape.js';
import { reportOf } from '../report/helpers.js';
import { AWS_SCENARIO, awsReport, escapingGraph, escapingReport, htmlText, load } from './helpers.js';

const withoutMermaid = (md: string): string => md.replace(/^```mermaid\n[\s\S]*?^```$/gm, '');

describe('markdown sections as HTML', () => {
  const cases = () => {
    const chain = load('test/fixtures/report/chain');
    const shop = load('catalogs/example-shop');
    const aws = load('catalogs/aws-us-east-1');
    const esc = load('test/fixtures/report/escaping');
    return [
      { name: 'chain', md: reportOf(chain, { scenario: chain.scenarios.get('db-lost')! }, { trials: 10 }) },
      { name: 'shop', md: reportOf(shop, { scenario: shop.scenarios.get('storage-outage')! }, { trials: 20 }) },
      { name: 'aws', md: reportOf(aws, { scenario: aws.scenarios.get(AWS_SCENARIO)! }) },
      { name: 'escaping', md: reportOf(esc, { scenario: esc.scenarios.get('corpus')! }) },
    ];
  };

  it('say the same as marked renders from the markdown', () => {
    for (const c of cases()) {
      const mine = htmlText(markdownSections(c.md).map((s) => s.html).join('\n'));
      const reference = htmlText(marked.parse(withoutMermaid(c.md), { async: false, gfm: true }));
      expect(mine, c.name).toBe(reference);
    }
  });

  it('have one section per ## heading, and a chart placeholder per mermaid block', () => {
    for (const c of cases()) {
      const sections = markdownSections(c.md);
      expect(sections.slice(1).map((s) => s.heading), c.name).toEqual([...c.md.matchAll(/^## (.*)$/gm)].map((m) => m[1]));
      const charts = sections.flatMap((s) => [...s.html.matchAll(/data-chart="(\w+)"/g)].map((m) => m[1]));
      expect(charts, c.name).toEqual(['gantt', 'cascade', 'curve']);
    }
  });

  it('write only their own tags: catalog text cannot open one', () => {
    const hostile = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '[x](javascript:alert(1))', '`a` **b** <b>c</b> &amp; &#60;', 'a\\|b'];
    for (const h of hostile) {
      const out = inlineHtml(mdText(h));
      expect(out).not.toMatch(/<(?!\/?(strong|em|code|br)>)/);
      expect(htmlText(out)).toBe(h);
    }
  });
});

describe('the page file', () => {
  it('allows by hash exactly the script and style it carries', async () => {
    const html = await awsReport();
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#39;/g, "'");
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    const hash = (t: string): string => `'sha256-${createHash('sha256').update(t).digest('base64')}'`;
    expect(csp).toContain(`script-src ${hash(scripts[0]!)};`);
    expect(csp).toContain(`style-src ${hash(styles[0]!)};`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    // the data is JSON that is never executed
    expect(html).toMatch(/<script type="application\/json" id="blast-data">\{/);
  });

  it('is the same bytes for the same input, and the AWS report stays under 3 MB', async () => {
    const a = await awsReport();
    const b = await awsReport();
    expect(a === b).toBe(true);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(3 * 1024 * 1024);
    // no address to fetch anything from: citation links the reader may follow, and sources quoted
    // in the catalog data (never executed, never fetched), are the only URLs
    const markup = a.replace(/<a href="https?:[^"]*" rel="noreferrer noopener">/g, '').replace(/<script type="application\/json" id="blast-data">[^<]*<\/script>/, '');
    expect(markup).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('keeps hostile catalog text out of the markup', async () => {
    for (const html of [await escapingReport(), await escapingGraph()]) {
      const markup = html.replace(/<script type="application\/json" id="blast-data">[\s\S]*?<\/script>/, '').replace(/<script>[\s\S]*?<\/script>/, '');
      const tags = [...markup.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)];
      const allowed = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'h3', 'div', 'input', 'ul', 'li', 'button', 'main', 'section', 'aside', 'p', 'span', 'article', 'nav', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'strong', 'em', 'code', 'br', 'details', 'summary', 'noscript']);
      for (const [, tag, attrs] of tags) {
        expect(allowed.has(tag!.toLowerCase()), `tag <${tag}>`).toBe(true);
        expect(attrs, `<${tag}${attrs}>`).not.toMatch(/\son\w+\s*=|javascript:|src=/i);
      }
      for (const [, attrs] of markup.matchAll(/<a(\s[^>]*)>/g)) expect(attrs).toMatch(/^ href="#section-\d+"$/);
      // the JSON cannot end its script element or open a comment
      const json = /<script type="application\/json" id="blast-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
      expect(json).not.toMatch(/[<>]/);
      expect(JSON.parse(json).nodes.some((n: { name: string }) => n.name === '<script>alert(1)</script> service')).toBe(true);
    }
  });
});

describe('the catalog in the page', () => {
  it('simulates the same after its JSON round trip', () => {
    const aws = load('catalogs/aws-us-east-1');
    const back = catalogFromJson(JSON.parse(JSON.stringify(catalogToJson(aws, [AWS_SCENARIO]))));
    const a = prepareSimulation(aws);
    const b = prepareSimulation(back);
    expect(simulate(b, { scenario: back.scenarios.get(AWS_SCENARIO)! })).toEqual(simulate(a, { scenario: aws.scenarios.get(AWS_SCENARIO)! }));
    for (const fail of [['dynamodb'], ['iam'], ['ec2-dwfm']]) {
      expect(simulate(b, { fail, forMinutes: 60 })).toEqual(simulate(a, { fail, forMinutes: 60 }));
      expect(simulate(b, { fail, forMinutes: null })).toEqual(simulate(a, { fail, forMinutes: null }));
    }
  });

  it('lays out the graph deterministically with finite, distinct positions', () => {
    const aws = load('catalogs/aws-us-east-1');
    const f1 = forceLayout(aws);
    expect([...f1]).toEqual([...forceLayout(aws)]);
    const pts = [...f1.values()];
    expect(pts.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
    expect(new Set(pts.map((p) => `${p.x},${p.y}`)).size).toBe(pts.length);
    // layered: a dependency is always in a later column than its dependents (on this acyclic chain)
    const chain = load('test/fixtures/report/chain');
    const l = layeredLayout(chain);
    for (const s of chain.services.values()) for (const d of s.dependsOn) for (const t of d.of) expect(l.get(t)!.x).toBeGreaterThan(l.get(s.id)!.x);
  });
});
