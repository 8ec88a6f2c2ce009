/** What every command gets: the injected world, output helpers, and catalog loading. */
import { loadCatalog } from '../catalog/load.js';
import type { Catalog } from '../catalog/model.js';
import type { Diagnostic } from '../catalog/diagnostics.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { Io } from './io.js';
import { colorEnabled, makeStyle, type Style } from './style.js';
import { formatDiagnostic, summarizeDiagnostics } from './diagnostics.js';

export class Context {
  exitCode: ExitCode = EXIT.ok;
  /** Set from the global --no-color flag before a command runs. */
  colorFlag: boolean | undefined;

  constructor(readonly io: Io) {}

  get out(): Style {
    return makeStyle(colorEnabled(this.io, this.io.stdout, this.colorFlag));
  }
  get err(): Style {
    return makeStyle(colorEnabled(this.io, this.io.stderr, this.colorFlag));
  }

  print(text = ''): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  printErr(text: string): void {
    this.io.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  fail(code: ExitCode): void {
    if (code > this.exitCode) this.exitCode = code;
  }

  /**
   * Loads a catalog. On errors prints every diagnostic to stderr and throws
   * {@link CatalogInvalid} (exit 2). Warnings are printed unless `quiet`.
   */
  loadCatalog(path: string, opts: { quietWarnings?: boolean } = {}): { catalog: Catalog; diagnostics: readonly Diagnostic[] } {
    const res = loadCatalog(path);
    if (!res.catalog) {
      for (const d of res.diagnostics) this.printErr(formatDiagnostic(d, this.err));
      this.printErr(`${this.err.red('invalid catalog')}: ${summarizeDiagnostics(res.diagnostics)}`);
      throw new CatalogInvalid();
    }
    if (!opts.quietWarnings) for (const d of res.diagnostics) this.printErr(formatDiagnostic(d, this.err));
    return { catalog: res.catalog, diagnostics: res.diagnostics };
  }
}

/** Thrown after an invalid catalog's diagnostics were printed. */
export class CatalogInvalid extends Error {
  constructor() {
    super('invalid catalog');
    this.name = 'CatalogInvalid';
  }
}
