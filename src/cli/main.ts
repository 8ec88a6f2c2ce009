#!/usr/bin/env node
/**
 * Process entry point: runs the CLI against the real process streams. The program (commander,
 * the catalog loader, the command asked for) is imported only when there is a command to run:
 * `blast --version` prints the version without it, and `blast --help` lists the commands from
 * their summaries (top-help.ts).
 */
import { fileURLToPath } from 'node:url';
import { processIo } from './io.js';
import { watchStdout } from './stdout.js';
import { launchDirectory } from './launch-dir.js';
import { asksVersionOnly, VERSION } from './version.js';
import { EXIT } from './exit-codes.js';
import { asksTopLevelHelp } from './command-summaries.js';

// Under `npm run blast -- ...` paths are the user's: resolve them where the user ran npm.
const userDir = launchDirectory(process.env, process.cwd(), fileURLToPath(new URL('../..', import.meta.url)));
if (userDir !== undefined) {
  try {
    process.chdir(userDir);
  } catch {
    // the directory went away: keep npm's working directory
  }
}

// A write error on stdout (closed pipe, full disk) is settled after the command: see stdout.ts.
const settle = watchStdout(process.stdout, process.stderr);
// stderr has nowhere to report its own errors (`2>&1 | head`): ignore them rather than crash.
process.stderr.on('error', () => undefined);

const argv = process.argv.slice(2);
if (asksVersionOnly(argv)) {
  process.stdout.write(`${VERSION}\n`);
  process.exitCode = await settle(EXIT.ok);
} else if (asksTopLevelHelp(argv)) {
  const { runTopLevelHelp } = await import('./top-help.js');
  process.exitCode = await settle(await runTopLevelHelp(argv, processIo()));
} else {
  const { runCli } = await import('./program.js');
  process.exitCode = await settle(await runCli(argv, processIo()));
}
