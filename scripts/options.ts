/**
 * The options of a maintenance script that takes flags only (scripts/incidents.ts,
 * calibration.ts, advise-doc.ts): `--help` or `-h` prints its usage and exits 0; an option it
 * does not know exits 2 naming it, before anything is computed or written (a mistyped
 * `--prnt` must not rewrite a document).
 */
export function scriptOptions(usage: string, known: readonly string[], argv: readonly string[] = process.argv.slice(2)): ReadonlySet<string> {
  const text = `${usage.trim()}\n`;
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(text);
    process.exit(0);
  }
  const unknown = argv.filter((a) => !known.includes(a));
  if (unknown.length > 0) {
    process.stderr.write(`error: unknown option ${unknown.join(', ')} (${known.length ? `the options are ${known.join(', ')}` : 'it takes none'})\n\n${text}`);
    process.exit(2);
  }
  return new Set(argv);
}
