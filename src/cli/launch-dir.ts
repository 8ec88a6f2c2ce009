/**
 * The directory the user ran the command in. `npm run blast -- validate shop.yaml` runs the
 * script in the package's own directory and records where the user was in `INIT_CWD`; paths
 * on the command line are the user's, so they resolve against that directory. Only when the
 * process runs as this package's own `blast` or `start` script (its working directory is the
 * package root): a project that calls `blast` from its own scripts, and the test suite's
 * subprocesses, keep the working directory they were given.
 */
import { resolve } from 'node:path';

/** The package.json scripts that run the CLI on the user's arguments. */
const OWN_SCRIPTS: ReadonlySet<string> = new Set(['blast', 'start']);

export function launchDirectory(env: Readonly<Record<string, string | undefined>>, cwd: string, packageRoot: string): string | undefined {
  const init = env.INIT_CWD;
  if (!init || !OWN_SCRIPTS.has(env.npm_lifecycle_event ?? '')) return undefined;
  if (resolve(cwd) !== resolve(packageRoot)) return undefined;
  return resolve(init) === resolve(cwd) ? undefined : resolve(init);
}
