/**
 * Renders a markdown report the way GitHub shows it, for a look before committing:
 * markdown → HTML (marked, GFM) with mermaid diagrams drawn by the real `mermaid` package,
 * then a full-page screenshot from headless Chromium.
 *
 *   npx tsx scripts/render-report.ts reports/example-shop-storage-outage.md [out-dir]
 *
 * Writes <out-dir>/<name>.html, <out-dir>/<name>.png, one <name>-section-N.png per section
 * and one <name>-diagram-N.png per diagram
 * (default out-dir: a temp folder), prints their paths, and any diagram that failed to render.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Marked } from 'marked';

const CHROMIUM = process.env.BLAST_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

// A little of GitHub's markdown look: enough to judge widths, tables and diagrams.
const CSS = `
body { font-family: -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; font-size: 16px; line-height: 1.5;
  color: #1f2328; max-width: 1012px; margin: 24px auto; padding: 0 32px; }
h1, h2 { border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; } h1 { font-size: 2em; } h2 { font-size: 1.5em; margin-top: 24px; }
table { border-collapse: collapse; display: block; overflow: auto; width: max-content; max-width: 100%; margin: 16px 0; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; } tr:nth-child(2n) { background: #f6f8fa; } th { font-weight: 600; }
code { background: #eff1f3; padding: .2em .4em; border-radius: 6px; font-size: 85%; }
pre.mermaid { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; padding: 8px; text-align: center; }
`;

/** The report as a standalone HTML page; mermaid blocks become `<pre class="mermaid">`. */
export function reportHtml(markdown: string, mermaidSrc: string): string {
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      code({ text, lang }) {
        if (lang === 'mermaid') return `<pre class="mermaid">${escapeHtml(text)}</pre>\n`;
        return false;
      },
    },
  });
  const body = marked.parse(markdown, { async: false });
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>report</title><style>${CSS}</style>
<script src="${mermaidSrc}"></script></head>
<body>${body}
<script>
  window.__done = (async () => {
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
    const errors = [];
    // open folded tables so the screenshot shows them
    for (const d of document.querySelectorAll('details')) d.open = true;
    for (const el of document.querySelectorAll('pre.mermaid')) {
      try { await mermaid.run({ nodes: [el] }); } catch (e) { errors.push(String(e && e.message || e)); }
    }
    return errors;
  })();
</script></body></html>`;
}

async function main(): Promise<void> {
  const [file, outArg] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx scripts/render-report.ts <report.md> [out-dir]');
    process.exit(2);
  }
  const outDir = resolve(outArg ?? mkdtempSync(join(tmpdir(), 'blast-report-')));
  mkdirSync(outDir, { recursive: true });
  const name = basename(file).replace(/\.md$/, '');
  const mermaidJs = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
  const htmlPath = join(outDir, `${name}.html`);
  writeFileSync(htmlPath, reportHtml(readFileSync(file, 'utf8'), pathToFileURL(mermaidJs).href));
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'blast-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1100, height: 900 } });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(pathToFileURL(htmlPath).href);
    const errors = await page.evaluate(() => (globalThis as unknown as { __done: Promise<string[]> }).__done);
    const pngPath = join(outDir, `${name}.png`);
    await page.screenshot({ path: pngPath, fullPage: true });
    console.log(htmlPath);
    console.log(pngPath);
    // each section (title block, then each h2 to the next) on its own, at most 2000 px tall
    const tops = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(q: string): ArrayLike<{ getBoundingClientRect(): { top: number } }>; body: { scrollHeight: number } } }).document;
      const hs = Array.from(doc.querySelectorAll('h2'), (h) => Math.floor(h.getBoundingClientRect().top + (globalThis as unknown as { scrollY: number }).scrollY) - 8);
      return [0, ...hs, doc.body.scrollHeight];
    });
    for (let k = 0; k + 1 < tops.length; k++) {
      const p = join(outDir, `${name}-section-${k}.png`);
      const y = tops[k]!;
      await page.screenshot({ path: p, fullPage: true, clip: { x: 0, y, width: 1100, height: Math.min(2000, Math.max(1, tops[k + 1]! - y)) } });
      console.log(p);
    }
    // each diagram on its own, at full resolution
    const diagrams = await page.locator('pre.mermaid').all();
    for (const [k, el] of diagrams.entries()) {
      const p = join(outDir, `${name}-diagram-${k + 1}.png`);
      await el.screenshot({ path: p });
      console.log(p);
    }
    for (const e of errors) console.log(`diagram error: ${e}`);
    if (errors.length) process.exitCode = 1;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
