#!/usr/bin/env node
// Installed entry point: runs the compiled CLI in dist/ (built by `npm run build`, which
// `npm pack` and `npm publish` run through the `prepack` script, so every tarball carries it).
// The runtime needs neither TypeScript nor tsx; in a checkout, `npm run blast --` runs the
// sources through tsx instead.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'main.js');
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  process.stderr.write(
    `blast: error: the compiled program is missing (${built})\n` +
      `  hint: this is a checkout that was not built: run \`npm run build\` in ${root}, or \`npm run blast -- <command>\` to run the sources\n`,
  );
  process.exitCode = 2;
}
