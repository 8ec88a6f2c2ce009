/**
 * V8 settings while a catalog is read (shell: they are the process's). A large catalog is
 * read once, in a fresh process, by code that is still being compiled: the reader's functions
 * become hot within the first few thousand services, and V8's optimising compiler then spends
 * more CPU on them than they run for. Two of its habits cost the most there:
 *
 * - inlining: each call to a small helper (a position, an id's slot, a flow entry's option)
 *   is compiled again inside every caller, several times over in a reader made of small methods;
 * - allocation-site pretenuring: once a few scavenges show that the reader's objects (services,
 *   dependencies, positions) all survive, V8 decides to allocate them in the old generation
 *   directly, and discards every optimised function that allocates them, to compile it again.
 *
 * Both are turned off while the catalog is read and back on after, so the commands that run
 * long afterwards (simulations, sweeps) are compiled as usual. On the 20k-service / 100k-
 * dependency catalog of bench/scale.ts this took `blast validate` from about 0.55 s of CPU to
 * about 0.42 s (docs/performance.md, "Loading"). A process started with either setting
 * (`node --no-turbo-inlining`, NODE_OPTIONS) keeps what it was given.
 */
import { setFlagsFromString } from 'node:v8';

const FLAGS = ['turbo-inlining', 'allocation-site-pretenuring'] as const;

/** True when Node's arguments or NODE_OPTIONS set one of FLAGS (either spelling: `--no-turbo-inlining`, `--turbo_inlining`). */
export function readerFlagsGiven(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  const args = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  return args.some((a) => FLAGS.some((f) => a.replaceAll('_', '-').includes(f)));
}

/** Runs `read` with V8's inlining and allocation-site pretenuring off, unless the process was given either. */
export function withReaderFlags<T>(read: () => T): T {
  if (readerFlagsGiven(process.execArgv, process.env.NODE_OPTIONS)) return read();
  for (const f of FLAGS) setFlagsFromString(`--no-${f}`);
  try {
    return read();
  } finally {
    for (const f of FLAGS) setFlagsFromString(`--${f}`);
  }
}
