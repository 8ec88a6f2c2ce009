/** Shared helpers for in-process CLI tests: an in-memory Io and a temp directory. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from '../../src/cli/io.js';

export type MemoryIo = Io & { out: () => string; err: () => string };

/** Streams that collect what the CLI writes; no TTY, so no colour unless env asks. */
export function memoryIo(env: Record<string, string> = {}): MemoryIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env,
    stdinIsTTY: false,
    out: () => out,
    err: () => err,
  };
}

/** A fresh temp directory, and a function that writes a file in it and returns its path. */
export function tempDir(prefix: string): { dir: string; write: (name: string, content: string | Uint8Array) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `blast-${prefix}-`));
  return {
    dir,
    write: (name, content) => {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
