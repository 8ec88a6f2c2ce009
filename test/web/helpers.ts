/** Shared by the HTML page tests: building pages as `blast report --format html` and `blast graph` do. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pageScript } from '../../src/cli/web-page.js';
import { htmlGraph, htmlReport } from '../../src/report/html/index.js';
import { load } from '../report/helpers.js';

export { load };

export const AWS_SCENARIO = '2025-10-20-dynamodb-dns';

/** The AWS report page (point estimate and 200 Monte Carlo trials, as a reader would write it). */
export async function awsReport(): Promise<string> {
  const aws = load('catalogs/aws-us-east-1');
  return htmlReport(aws, { scenario: aws.scenarios.get(AWS_SCENARIO)! }, { script: await pageScript(), trials: 200, seed: 1 });
}

export async function escapingReport(): Promise<string> {
  const esc = load('test/fixtures/report/escaping');
  return htmlReport(esc, { scenario: esc.scenarios.get('corpus')! }, { script: await pageScript() });
}

export async function escapingGraph(): Promise<string> {
  return htmlGraph(load('test/fixtures/report/escaping'), { script: await pageScript() });
}

const PAGE_DIR = join(tmpdir(), `blast-html-${process.pid}`);

/** Removes the files {@link tempPage} wrote (call from afterAll). */
export function removeTempPages(): void {
  rmSync(PAGE_DIR, { recursive: true, force: true });
}

/** Writes `html` to a fresh temporary file and returns its path. */
export function tempPage(name: string, html: string): string {
  const dir = PAGE_DIR;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, html);
  return file;
}

/** Text of an HTML fragment: tags and comments dropped, entities decoded, whitespace collapsed. */
export function htmlText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, d: string) => String.fromCodePoint(parseInt(d, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
