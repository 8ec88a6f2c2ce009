/**
 * What every importer produces: services with stable source keys, their
 * dependencies with the evidence behind each one, and diagnostics with positions.
 * Importers are pure functions of `{file, text}` sources; they never throw on bad input.
 */
import { makeExcerpt } from '../catalog/diagnostics.js';
import type { DependencyType, SourcePos, Tier } from '../catalog/model.js';

/** One input file, already read and decoded by the shell. */
export interface ImportSource {
  /** Display name (path as given, or `<stdin>`). */
  readonly file: string;
  readonly text: string;
}

export const IMPORT_CODES = [
  'read-error',
  'syntax',
  'wrong-shape',
  'missing-field',
  'invalid-value',
  'invalid-ref',
  'unknown-ref',
  'ambiguous-ref',
  'no-provider',
  'duplicate',
  'self-edge',
  'ignored',
  'no-services',
  'not-followed',
  'interpolation',
  'outside-tree',
  'placeholder',
  'too-large',
] as const;
export type ImportCode = (typeof IMPORT_CODES)[number];

/** `error` stops the import (exit 2); `warning` and `note` are reported and the import goes on. */
export type ImportSeverity = 'error' | 'warning' | 'note';

export interface ImportDiagnostic {
  readonly code: ImportCode;
  readonly severity: ImportSeverity;
  readonly message: string;
  readonly pos: SourcePos;
  readonly hint?: string;
  /** The source line with a caret under the column. */
  readonly excerpt?: string;
}

/**
 * A dependency found in the input: `from` needs `target` (a service key), or, with `of`,
 * a redundancy group: `from` needs at least `atLeast` of the services `of`.
 */
export interface ImportedEdge {
  /** Key of the service depended on; for a group, the key made by `groupKey(of)`. */
  readonly target: string;
  /** A redundancy group's member keys (two or more, sorted). */
  readonly of?: readonly string[];
  /** How many of `of` must be up (a group only). */
  readonly atLeast?: number;
  readonly type: DependencyType;
  /** The evidence, e.g. "jaeger: 1520 calls". */
  readonly why: string;
  /** Where the evidence was written. */
  readonly pos: SourcePos;
}

/** A service found in the input, before ids are assigned. */
export interface ImportedService {
  /** Identity in the source format (e.g. `component:default/artist-web`); edges refer to it. */
  readonly key: string;
  /** The preferred catalog id before normalisation (e.g. `artist-web`). */
  readonly idHint: string;
  readonly name: string;
  readonly pos: SourcePos;
  readonly description?: string;
  readonly owner?: string;
  readonly system?: string;
  readonly tier?: Tier;
  readonly labels: Readonly<Record<string, string>>;
  readonly dependsOn: readonly ImportedEdge[];
}

export interface ImportResult {
  readonly services: readonly ImportedService[];
  readonly diagnostics: readonly ImportDiagnostic[];
}

/** What reading a local file gives: its text and display name, or why it could not be read. */
export type LocalRead =
  | { readonly file: string; readonly text: string }
  | {
      readonly error: string;
      readonly missing?: boolean;
      /** The file is over a size limit: it was not read. */
      readonly tooLarge?: boolean;
      /** The file is outside the directory tree of the inputs: it was not opened. */
      readonly outside?: boolean;
      /** With `outside`: the path as resolved, and its real path when a symbolic link leads elsewhere. */
      readonly path?: string;
      readonly real?: string;
    };

/** The message for a file outside the input tree: the path (and where a link leads), never its content. */
export function outsideMessage(got: { readonly path?: string; readonly real?: string }, fallback: string): string {
  const path = got.path ?? fallback;
  return `refers to a file outside the input tree: ${path}${got.real && got.real !== path ? ` (a link to ${got.real})` : ''}`;
}

/** The hint that goes with `outsideMessage`. */
export const OUTSIDE_HINT = 'an import reads only files under the directories of its inputs; name the file or its directory as an input, or pass --allow-outside <dir> to read files under <dir> too';

/**
 * Reads a local file named in the input (a Backstage Location target, a Compose `extends.file`
 * or `.env`). Supplied by the shell, so importers stay functions of their arguments; paths are
 * as the importer resolved them (relative to the working directory, or absolute).
 */
export type ReadLocal = (path: string) => LocalRead;

/** Size limits of one import: per file, and for every file read together (inputs and the files they name). */
export interface InputLimits {
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;
}

/**
 * Most services and dependencies one import builds: an import larger than one catalog file is
 * written in parts, so the bound is memory (about 2.7 GB at 576,000 dependencies, measured on a
 * Backstage import of 2,400 components). Readers that can stop early (Jaeger) stop at these.
 */
export const MAX_IMPORT_SERVICES = 100_000;
export const MAX_IMPORT_EDGES = 600_000;

/**
 * The label of a placeholder service: a service the input refers to but does not define (a
 * Backstage reference to an entity in no imported file, a Compose dependency on a service no
 * file defines). The dependency is kept, so the blast radius is not underestimated; the
 * placeholder has the catalog's defaults until someone describes it.
 */
export const PLACEHOLDER_LABEL = 'blast-radius/placeholder';

/** A note listing the placeholder services of an import (keys in first-reference order), or nothing. */
export function placeholderNote(placeholders: ReadonlyMap<string, SourcePos>): ImportDiagnostic[] {
  if (placeholders.size === 0) return [];
  const keys = [...placeholders.keys()];
  const shown = keys.length > 8 ? `${keys.slice(0, 8).join(', ')} and ${keys.length - 8} more` : keys.join(', ');
  return [
    diag('note', 'placeholder', `${keys.length} placeholder service${keys.length === 1 ? '' : 's'} (label ${PLACEHOLDER_LABEL}: "true") for what the input refers to but does not define: ${shown}`, placeholders.values().next().value!, {
      hint: 'import the files that define them too, or describe them in the catalog by hand',
    }),
  ];
}

/** Limits for a format that states none. */
export const DEFAULT_LIMITS: InputLimits = { maxFileBytes: 16 * 1048576, maxTotalBytes: 32 * 1048576 };

/** A size for messages: `64 MiB`, `15.3 MiB`, `2000 bytes` (below 1 MiB). */
export function mib(bytes: number): string {
  const m = bytes / 1048576;
  if (m < 1) return `${bytes} bytes`;
  if (Number.isInteger(m)) return `${m} MiB`;
  const f = m.toFixed(1);
  // Just over a whole number of MiB would read as that number: give the bytes too.
  return f.endsWith('.0') ? `${bytes} bytes (${f} MiB)` : `${f} MiB`;
}

/** Options shared by the importers; each reads the ones that apply to its format. */
export interface ImportOptions {
  /** Trace formats: drop edges with fewer calls than this. */
  readonly minCalls?: number;
  /** Trace formats: make request edges hard instead of soft. */
  readonly hard?: boolean;
  /** Backstage: the label or annotation key that holds the tier. */
  readonly tierKey?: string;
  /** Backstage Locations, Compose `extends.file` and env files: how to read a file the input names. Without it, such files are not read (a note says so). */
  readonly readLocal?: ReadLocal;
  /** Compose: variables for interpolation, over those of the env files. */
  readonly env?: Readonly<Record<string, string>>;
  /** Compose: env files to read instead of `.env` in the project directory. */
  readonly envFiles?: readonly string[];
}

/** An importer: pure, total, deterministic. */
export type Importer = (sources: readonly ImportSource[], options: ImportOptions) => ImportResult;

/** The edge key of a redundancy group: its sorted members, so the same group is one edge. */
export function groupKey(members: readonly string[]): string {
  return `group(${[...members].sort().join('|')})`;
}

/** The service keys an edge is about: its target, or a group's members. */
export function edgeTargets(edge: ImportedEdge): readonly string[] {
  return edge.of ?? [edge.target];
}

/** Builds a diagnostic, attaching an excerpt of `text` when given. */
export function diag(
  severity: ImportSeverity,
  code: ImportCode,
  message: string,
  pos: SourcePos,
  extra: { hint?: string; text?: string } = {},
): ImportDiagnostic {
  const excerpt = extra.text === undefined ? undefined : makeExcerpt(extra.text, pos.line, pos.col);
  return { code, severity, message, pos, ...(extra.hint ? { hint: extra.hint } : {}), ...(excerpt ? { excerpt } : {}) };
}

/** Line starts of `text`, for offset → line:col lookups. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** 1-based position of `offset` in a text whose line starts are `starts`. */
export function posAt(file: string, starts: readonly number[], offset: number): SourcePos {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { file, line: lo + 1, col: offset - starts[lo]! + 1 };
}

/** Sorts diagnostics by file, line, column, then code: stable output. */
export function sortImportDiagnostics(ds: readonly ImportDiagnostic[]): ImportDiagnostic[] {
  return [...ds].sort((a, b) => {
    if (a.pos.file !== b.pos.file) return a.pos.file < b.pos.file ? -1 : 1;
    return a.pos.line - b.pos.line || a.pos.col - b.pos.col || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
  });
}

/**
 * Mutable accumulator used by importers: services by key in first-seen order,
 * edges de-duplicated per (from, target) keeping the first evidence.
 */
export class ServiceTable {
  private readonly services = new Map<string, { svc: Omit<ImportedService, 'dependsOn'>; edges: Map<string, ImportedEdge> }>();

  has(key: string): boolean {
    return this.services.has(key);
  }

  /** Adds a service unless one with this key exists; returns true when added. */
  add(svc: Omit<ImportedService, 'dependsOn'>): boolean {
    if (this.services.has(svc.key)) return false;
    this.services.set(svc.key, { svc, edges: new Map() });
    return true;
  }

  /** Replaces the descriptive fields of an existing service (later files override earlier ones). */
  update(key: string, patch: Partial<Omit<ImportedService, 'dependsOn' | 'key'>>): void {
    const entry = this.services.get(key);
    if (entry) entry.svc = { ...entry.svc, ...patch };
  }

  /** Adds an edge; with `replace`, a later edge to the same target replaces the earlier one. */
  addEdge(from: string, edge: ImportedEdge, replace = false): void {
    const entry = this.services.get(from);
    if (!entry) return;
    if (replace || !entry.edges.has(edge.target)) entry.edges.set(edge.target, edge);
  }

  removeWhere(keep: (key: string) => boolean): void {
    for (const key of [...this.services.keys()]) if (!keep(key)) this.services.delete(key);
    for (const entry of this.services.values()) {
      for (const [t, e] of [...entry.edges.entries()]) {
        if (!e.of) {
          if (!this.services.has(t)) entry.edges.delete(t);
          continue;
        }
        // A group keeps the members that are left; one left is a plain dependency.
        const left = e.of.filter((m) => this.services.has(m));
        if (left.length === e.of.length) continue;
        entry.edges.delete(t);
        if (left.length === 1) entry.edges.set(left[0]!, { target: left[0]!, type: e.type, why: e.why, pos: e.pos });
        else if (left.length > 1) entry.edges.set(groupKey(left), { ...e, target: groupKey(left), of: left, atLeast: Math.min(e.atLeast ?? 1, left.length) });
      }
    }
  }

  edgesOf(key: string): ImportedEdge[] {
    return [...(this.services.get(key)?.edges.values() ?? [])];
  }

  /** Services sorted by key, edges sorted by target: the deterministic result. */
  toList(): ImportedService[] {
    return [...this.services.values()]
      .map(({ svc, edges }) => ({ ...svc, dependsOn: [...edges.values()].sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0)) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

/**
 * Drops the excerpts of diagnostics about files the user did not name (files reached through a
 * Location, an `extends.file`, a `.env`): a line of such a file could be a credential, and
 * diagnostics end up in CI logs. The position and message stay.
 */
export function excerptsOnlyFor(ds: readonly ImportDiagnostic[], named: ReadonlySet<string>): ImportDiagnostic[] {
  return ds.map((d) => {
    if (d.excerpt === undefined || named.has(d.pos.file)) return d;
    const { excerpt: _dropped, ...rest } = d;
    return rest;
  });
}
