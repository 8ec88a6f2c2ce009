/**
 * Shell: how the loader names paths in its messages. Apart from load.ts so that the CLI's
 * error handling (src/cli/fs-errors.ts), which every command and `blast --version` load, does
 * not load the catalog reader with it.
 */
import { isAbsolute, relative } from 'node:path';

/** Display name for a path: relative to the working directory when inside it. */
export function displayPath(p: string, cwd = process.cwd()): string {
  const r = relative(cwd, p);
  return r && !r.startsWith('..') ? r : p;
}

/** For a not-found message: ` (looked in <dir>)` for a relative path, so the user sees where it was resolved. */
export function lookedIn(p: string, cwd = process.cwd()): string {
  return isAbsolute(p) ? '' : ` (looked in ${cwd})`;
}
