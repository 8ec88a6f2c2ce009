/** Limits on what one catalog file may make the reader do (hostile or runaway input). */

/** Files larger than this are refused before parsing. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
/**
 * Nodes that aliases may add to a document when expanded (billion-laughs guard). Merging
 * a defaults mapping into every one of 20,000 services adds a few hundred thousand.
 */
export const MAX_ALIAS_EXPANSION = 1_000_000;
/** Deepest nesting of collections accepted in the YAML text (a catalog needs fewer than 10). */
export const MAX_NESTING = 100;
/** Syntax errors reported per file; the rest are counted in one summary diagnostic. */
export const MAX_SYNTAX_ERRORS = 20;
