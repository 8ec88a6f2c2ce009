/**
 * Regenerates the example HTML report of the AWS us-east-1 2025-10-20 scenario in reports/ and
 * its screenshot at +5h (headless Chromium with software WebGL), as `npm run html-example`:
 *
 *   reports/aws-us-east-1-2025-10-20.html      blast report … --format html (1,000 trials, seed 1)
 *   reports/aws-us-east-1-2025-10-20-5h.png    the page at +5h with EC2 DropletWorkflow Manager selected
 *
 * Needs Chromium at /usr/bin/chromium (or BLAST_CHROMIUM).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCli } from '../src/cli/program.js';
import { processIo } from '../src/cli/io.js';
import { chromiumAvailable, CHROMIUM, openPage } from '../test/web/browser.js';

const HTML = 'reports/aws-us-east-1-2025-10-20.html';
const PNG = 'reports/aws-us-east-1-2025-10-20-5h.png';

const code = await runCli(['report', 'catalogs/aws-us-east-1', '--scenario', '2025-10-20-dynamodb-dns', '--trials', '1000', '--seed', '1', '--format', 'html', '-o', HTML], processIo());
if (code !== 0) process.exit(code);
if (!chromiumAvailable()) {
  console.error(`no Chromium at ${CHROMIUM}: the screenshot was not taken`);
  process.exit(2);
}
const o = await openPage(resolve(HTML), { width: 1600, height: 1000 });
try {
  const p = o.page;
  await p.fill('#slider', '300');
  await p.fill('#search', 'ec2-dwfm');
  await p.click('#search-results li:first-child button');
  await p.waitForTimeout(600); // the camera's move to the selection
  writeFileSync(PNG, await p.screenshot({ fullPage: false }));
  const problems = [...o.console.filter((m) => m.startsWith('error')), ...o.errors, ...o.requests];
  if (problems.length) {
    console.error(`the page reported problems:\n${problems.join('\n')}`);
    process.exitCode = 3;
  }
  console.error(`wrote: ${PNG}`);
} finally {
  await o.close();
}
