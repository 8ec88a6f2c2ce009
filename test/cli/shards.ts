/** Shared by the sharded-run tests: temp directories removed after the file, and shard partials written by the CLI. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from './helpers.js';

/** A maker of temp directories named `blast-<prefix>-…`, all removed after the test file. */
export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), `blast-${prefix}-`));
    made.push(dir);
    return dir;
  };
}

/** Runs `blast <command> <args> --shard i/count` for every i and writes each partial to `<dir>/<name>-i.json`. */
export async function writeShards(command: string, args: string[], count: number, dir: string, name: string): Promise<string[]> {
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    const io = memoryIo();
    expect(await runCli([command, ...args, '--shard', `${i}/${count}`], io)).toBe(0);
    const file = join(dir, `${name}-${i}.json`);
    writeFileSync(file, io.out());
    files.push(file);
  }
  return files;
}
