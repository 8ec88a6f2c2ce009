#!/usr/bin/env node
/** Process entry point: runs the CLI against the real process streams. */
import { runCli } from './program.js';
import { processIo } from './io.js';

const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
