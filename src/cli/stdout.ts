/**
 * What happens when standard output cannot be written. A reader that stops early
 * (`blast review ... | head -1`) closes the pipe: that is not an error, so blast stops
 * quietly and exits with the code the command computed (0, or 1 when findings reached
 * --fail-on), so that piping a CI check into `head` cannot turn a failing check into a
 * passing one. Any other write error (a full disk, /dev/full, an I/O error) means the
 * output was lost: a message on stderr and exit 2.
 */
import { EXIT, type ExitCode } from './exit-codes.js';
import { fsReason } from './fs-errors.js';

/** A stream that reports write errors as 'error' events, as Node's process.stdout does. */
export interface WatchedStream {
  on(event: 'error', listener: (e: NodeJS.ErrnoException) => void): unknown;
  write(chunk: string, cb?: (e?: Error | null) => void): boolean;
  readonly destroyed?: boolean;
}

/** True for the errors of a reader that went away: EPIPE, and writes after the stream closed because of it. */
const isClosedPipe = (e: NodeJS.ErrnoException): boolean => e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED';

/**
 * Starts watching `stdout` for write errors; call the returned function when the command is
 * done, with its exit code: it waits until what was written is flushed and returns the
 * process's exit code, printing to `stderr` when output was lost.
 */
export function watchStdout(stdout: WatchedStream, stderr: { write(chunk: string): unknown }): (code: ExitCode) => Promise<ExitCode> {
  let failure: NodeJS.ErrnoException | undefined;
  stdout.on('error', (e) => {
    failure ??= e;
  });
  const flushed = (): Promise<void> =>
    new Promise((resolve) => {
      if (failure || stdout.destroyed) return resolve();
      stdout.write('', (e) => {
        if (e) failure ??= e as NodeJS.ErrnoException;
        resolve();
      });
    });
  return async (code) => {
    await flushed();
    if (!failure || isClosedPipe(failure)) return code;
    try {
      stderr.write(`error: cannot write to standard output: ${fsReason(failure)}\n  hint: the output was lost; write it to a file with -o, or free space where stdout goes\n`);
    } catch {
      // stderr is gone too: the exit code is all that is left
    }
    return code === EXIT.ok || code === EXIT.findings ? EXIT.usage : code;
  };
}
