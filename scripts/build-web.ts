/**
 * Builds the HTML page's script (src/web bundled by esbuild, as `blast report --format html`
 * does in memory) into dist/web/page.js, to inspect it or measure it: `npm run build:web`.
 * The CLI and the tests do not need this step; they build the script at first use.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { pageScript } from '../src/cli/web-page.js';

const script = await pageScript();
mkdirSync('dist/web', { recursive: true });
writeFileSync('dist/web/page.js', `${script}\n`);
console.error(`wrote: dist/web/page.js (${(Buffer.byteLength(script) / 1024).toFixed(0)} KiB, ${(gzipSync(script).length / 1024).toFixed(0)} KiB gzipped)`);
