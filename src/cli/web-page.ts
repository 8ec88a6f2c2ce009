/**
 * Builds the HTML page's script from its sources (src/web) with esbuild: one minified
 * browser bundle (sigma, graphology, the engine and the report model inlined), in memory.
 * The page files blast writes carry it inline. Built at first use in a process and kept
 * for the rest of it; esbuild's output is deterministic, so pages stay byte-identical. An
 * installed package has no sources: it reads the bundle `npm run build` wrote to dist/web.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The page's entry point. */
export const WEB_ENTRY = join(ROOT, 'src', 'web', 'main.ts');
/** The bundle `npm run build` writes: what an installed package (which ships no sources) uses. */
export const WEB_BUNDLE = join(ROOT, 'dist', 'web', 'page.js');

let cached: string | null = null;

/** The page script (built once per process). */
export async function pageScript(): Promise<string> {
  if (cached !== null) return cached;
  if (!existsSync(WEB_ENTRY)) {
    // an installed package: the bundle built when it was packed
    if (!existsSync(WEB_BUNDLE)) throw new Error(`bug: neither the page sources (${WEB_ENTRY}) nor the built page (${WEB_BUNDLE}) are here; the HTML page cannot be written`);
    cached = readFileSync(WEB_BUNDLE, 'utf8').trimEnd();
    return cached;
  }
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [WEB_ENTRY],
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    legalComments: 'none',
    charset: 'utf8',
    sourcemap: false,
    logLevel: 'silent',
    absWorkingDir: ROOT,
    tsconfig: join(ROOT, 'tsconfig.web.json'),
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error('bug: esbuild produced no page script');
  // a trailing newline would change the script's hash in the Content-Security-Policy for nothing
  cached = file.text.trimEnd();
  return cached;
}
