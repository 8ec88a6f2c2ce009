#!/usr/bin/env node
/** Process entry point: runs the CLI against the real process streams. */
import { runCli } from './program.js';
import { processIo } from './io.js';
import { watchStdout } from './stdout.js';

// A write error on stdout (closed pipe, full disk) is settled after the command: see stdout.ts.
const settle = watchStdout(process.stdout, process.stderr);
// stderr has nowhere to report its own errors (`2>&1 | head`): ignore them rather than crash.
process.stderr.on('error', () => undefined);

process.exitCode = await settle(await runCli(process.argv.slice(2), processIo()));
