/**
 * Paths that an input names (a Backstage Location target, a Compose `extends.file`): how they
 * resolve against the file that names them, and which ones are not local files at all.
 * Pure string work; the shell's `ReadLocal` does the reading.
 */
import { dirname, isAbsolute, join, normalize } from 'node:path';

/** The directory of an input file; standard input counts as the working directory. */
export function dirOf(file: string): string {
  return file === '<stdin>' ? '.' : dirname(file);
}

/** `target` resolved against directory `dir`, normalised (absolute targets stay absolute). */
export function resolveIn(dir: string, target: string): string {
  return normalize(isAbsolute(target) ? target : join(dir, target));
}

/** True for a URL (`https://...`, `file://...`): something an import never fetches. */
export function isUrl(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(target.trim());
}

/** True when `target` holds glob characters, which an import does not expand. */
export function isGlob(target: string): boolean {
  return /[*?[\]{}]/.test(target);
}
