/**
 * Builds the HTML page's script (src/web bundled by esbuild, as `blast report --format html`
 * does in memory) into dist/web/page.js: part of `npm run build`, so that an installed package,
 * which ships no sources, can write HTML pages; also `npm run build:web` to inspect or measure it.
 * In a checkout the CLI and the tests build the script from the sources at first use.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { pageScript } from '../src/cli/web-page.js';

const script = await pageScript();
mkdirSync('dist/web', { recursive: true });
writeFileSync('dist/web/page.js', `${script}\n`);
console.error(`wrote: dist/web/page.js (${(Buffer.byteLength(script) / 1024).toFixed(0)} KiB, ${(gzipSync(script).length / 1024).toFixed(0)} KiB gzipped)`);
