#!/usr/bin/env node
/** Process entry point: runs the CLI against the real process streams. */
import { runCli } from './program.js';
import { processIo } from './io.js';

// A closed pipe (`blast ... | head`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
