/**
 * `blast report --format html` and `blast graph` in-process: files, overwrite policy, errors
 * and exit codes; and the committed example page is current (its report sections).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { runCli } from '../../src/cli/program.js';
import { HTML_MARKER } from '../../src/report/html/index.js';
import { memoryIo, tempDir } from '../cli/helpers.js';
import { pageScript } from '../../src/cli/web-page.js';
import { htmlReport } from '../../src/report/html/index.js';
import { load } from './helpers.js';

const tmp = tempDir('html-cli');
afterAll(() => tmp.cleanup());

const article = (html: string): string => /<article id="report"[\s\S]*<\/article>/.exec(html)?.[0] ?? '';

describe('blast report --format html', () => {
  it('writes one page that starts with the marker, and replaces it on the next run', async () => {
    const out = `${tmp.dir}/sub/shop.html`;
    for (let k = 0; k < 2; k++) {
      const io = memoryIo();
      expect(await runCli(['report', 'catalogs/example-shop', '-s', 'storage-outage', '--format', 'html', '-o', out], io)).toBe(0);
      expect(io.err()).toMatch(/wrote: .*shop\.html \(\d+ KiB\)/);
    }
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith(HTML_MARKER)).toBe(true);
    expect(html).toContain('<title>Impact report: ');
    expect(article(html)).toContain('<h2>Summary</h2>');
  });

  it('refuses to replace a file blast did not write, and a markdown report is not an HTML one', async () => {
    const mine = tmp.write('notes.html', '<!doctype html><p>my notes</p>');
    const io = memoryIo();
    expect(await runCli(['report', 'catalogs/example-shop', '-s', 'storage-outage', '--format', 'html', '-o', mine], io)).toBe(2);
    expect(io.err()).toContain('exists and was not written by blast report');
    expect(readFileSync(mine, 'utf8')).toBe('<!doctype html><p>my notes</p>');
    const md = `${tmp.dir}/r.md`;
    expect(await runCli(['report', 'catalogs/example-shop', '-s', 'storage-outage', '-o', md], memoryIo())).toBe(0);
    expect(await runCli(['report', 'catalogs/example-shop', '-s', 'storage-outage', '--format', 'html', '-o', md], memoryIo())).toBe(2);
    expect(await runCli(['report', 'catalogs/example-shop', '-s', 'storage-outage', '--format', 'html', '--force', '-o', mine], memoryIo())).toBe(0);
    expect(readFileSync(mine, 'utf8').startsWith(HTML_MARKER)).toBe(true);
  });

  it('rejects an unknown format with exit 2 and writes nothing', async () => {
    const io = memoryIo();
    const out = `${tmp.dir}/x.pdf`;
    expect(await runCli(['report', 'catalogs/example-shop', '-s', 'storage-outage', '--format', 'pdf', '-o', out], io)).toBe(2);
    expect(io.err()).toMatch(/argument 'pdf' is invalid.*md, html/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('blast graph', () => {
  it('writes the graph view to stdout or -o', async () => {
    const io = memoryIo();
    expect(await runCli(['graph', 'catalogs/example-shop', '--format', 'html'], io)).toBe(0);
    expect(io.out().startsWith(HTML_MARKER)).toBe(true);
    expect(io.out()).toContain('<body class="kind-graph">');
    expect(io.out()).not.toContain('<article');
    const out = `${tmp.dir}/g.html`;
    expect(await runCli(['graph', 'catalogs/example-shop', '--format', 'html', '-o', out], memoryIo())).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(io.out());
  });

  it('reports a bad catalog with its position and exit 2, an unknown format, and narrowing options the page does not take', async () => {
    const bad = tmp.write('bad.yaml', 'version: 1\nservices:\n  a:\n    name: A\n    tier: 9\n');
    const io = memoryIo();
    expect(await runCli(['graph', bad, '--format', 'html', '-o', `${tmp.dir}/bad.html`], io)).toBe(2);
    expect(io.err()).toMatch(/bad\.yaml:\d+:\d+/);
    expect(existsSync(`${tmp.dir}/bad.html`)).toBe(false);
    expect(await runCli(['graph', 'catalogs/example-shop', '--format', 'pdf'], memoryIo())).toBe(2);
    const narrowed = memoryIo();
    expect(await runCli(['graph', 'catalogs/example-shop', '--format', 'html', '--focus', 'checkout'], narrowed)).toBe(2);
    expect(narrowed.err()).toContain('--format html draws the whole catalog');
  });
});

describe('reports/aws-us-east-1-2025-10-20.html', () => {
  it('carries the current report sections (regenerate: npm run html-example)', async () => {
    const aws = load('catalogs/aws-us-east-1');
    const want = htmlReport(aws, { scenario: aws.scenarios.get('2025-10-20-dynamodb-dns')! }, { script: await pageScript(), trials: 1000, seed: 1 });
    expect(article(readFileSync('reports/aws-us-east-1-2025-10-20.html', 'utf8')), 'regenerate: npm run html-example').toBe(article(want));
  });
});
