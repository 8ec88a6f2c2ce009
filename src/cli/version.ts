/**
 * The package's version, from its package.json, and the arguments that ask only for it:
 * `blast --version` and `blast -V` are answered before commander or any command is loaded.
 */
import { createRequire } from 'node:module';

export const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** True when `argv` (without node and script) is exactly `--version` or `-V`. */
export const asksVersionOnly = (argv: readonly string[]): boolean => argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V');
