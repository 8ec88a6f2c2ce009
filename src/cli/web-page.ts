/**
 * Builds the HTML page's script from its sources (src/web) with esbuild: one minified
 * browser bundle (sigma, graphology, the engine and the report model inlined), in memory.
 * The page files blast writes carry it inline. Built at first use in a process and kept
 * for the rest of it; esbuild's output is deterministic, so pages stay byte-identical.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The page's entry point. */
export const WEB_ENTRY = join(ROOT, 'src', 'web', 'main.ts');

let cached: string | null = null;

/** The page script (built once per process). */
export async function pageScript(): Promise<string> {
  if (cached !== null) return cached;
  if (!existsSync(WEB_ENTRY)) throw new Error(`bug: the page sources are missing (${WEB_ENTRY}); the HTML page cannot be built`);
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
