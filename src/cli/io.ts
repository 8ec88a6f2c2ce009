/**
 * The shell's view of the outside world, injectable for in-process tests: output
 * streams, environment, terminal capabilities, and the working directory.
 */
export interface OutStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Io {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdinIsTTY: boolean;
}

export const processIo = (): Io => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  stdinIsTTY: Boolean(process.stdin.isTTY),
});

export { UserError } from './user-error.js';
/** Atomic file output; see write-file.ts. */
export { writeFileAtomic } from './write-file.js';
