/**
 * Checks mermaid blocks with the real `mermaid` package in headless Chromium: one
 * browser, one page, every block parsed (and rendered) there. Used by the mermaid
 * test; skipped by callers when no Chromium is installed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

/** Where Debian's chromium package installs the browser. */
export const CHROMIUM = process.env.BLAST_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumAvailable = (): boolean => existsSync(CHROMIUM);

export interface BlockCheck {
  readonly ok: boolean;
  /** The parser's or renderer's message when not ok. */
  readonly error: string | null;
  /** The diagram type mermaid detected. */
  readonly type: string | null;
  /** The rendered SVG (when `render` was asked and parsing succeeded). */
  readonly svg: string | null;
}

/** Flags that keep a headless Chromium from reaching out or touching a profile. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Parses (and with `render`, renders) each block with mermaid in one page.
 * Results are in the order of `blocks`.
 */
export async function checkMermaid(blocks: readonly string[], opts: { render?: boolean } = {}): Promise<BlockCheck[]> {
  const { chromium } = await import('playwright-core');
  const require = createRequire(import.meta.url);
  const mermaidJs = require.resolve('mermaid/dist/mermaid.min.js');
  const profile = mkdtempSync(join(tmpdir(), 'blast-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: mermaidJs });
    return await page.evaluate(
      async ({ blocks, render }) => {
        const m = (globalThis as unknown as { mermaid: any }).mermaid;
        m.initialize({ startOnLoad: false, securityLevel: 'strict' });
        const out: Array<{ ok: boolean; error: string | null; type: string | null; svg: string | null }> = [];
        let k = 0;
        for (const text of blocks) {
          try {
            const parsed = await m.parse(text);
            let svg: string | null = null;
            if (render) svg = (await m.render(`d${k++}`, text)).svg;
            out.push({ ok: true, error: null, type: parsed?.diagramType ?? null, svg });
          } catch (e) {
            out.push({ ok: false, error: String((e as Error)?.message ?? e), type: null, svg: null });
          }
        }
        return out;
      },
      { blocks: [...blocks], render: Boolean(opts.render) },
    );
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The bodies of every ```mermaid fenced block in a markdown text, in order. */
export function mermaidBlocks(markdown: string): string[] {
  const out: string[] = [];
  const re = /^```mermaid\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) out.push(m[1]!);
  return out;
}
