/** The shapes the Compose import reads files into: service definitions, per-file models, the shared context. */
import type { DependencyType, SourcePos } from '../../catalog/model.js';
import type { ImportDiagnostic, ImportOptions } from '../model.js';

export const CONDITIONS = ['service_started', 'service_healthy', 'service_completed_successfully'] as const;

/** One dependency of a service definition, before the target is checked. */
export interface Dep {
  readonly target: string;
  readonly type: DependencyType;
  readonly why: string;
  readonly pos: SourcePos;
}

/** How an attribute of an override (or extending) definition combines with the one it overrides. */
export type Mode = 'merge' | 'reset' | 'override';

export interface Attr<T> {
  readonly value: T;
  readonly mode: Mode;
}

/** The attributes of one service definition that the import reads, interpolated. */
export interface ServiceDef {
  readonly name: string;
  readonly pos: SourcePos;
  readonly image?: Attr<string | undefined>;
  readonly profiles?: Attr<readonly string[]>;
  readonly dependsOn?: Attr<ReadonlyMap<string, Dep>>;
  readonly links?: Attr<ReadonlyMap<string, Dep>>;
  readonly volumesFrom?: Attr<ReadonlyMap<string, Dep>>;
  readonly networkMode?: Attr<Dep | undefined>;
  readonly extends?: { readonly service: string; readonly file?: string; readonly pos: SourcePos; readonly filePos?: SourcePos };
}

/** The services of one file: an input, or a file that `extends.file` names. */
export interface FileModel {
  readonly file: string;
  /** Relative `extends.file` paths resolve against this directory. */
  readonly dir: string;
  readonly defs: Map<string, ServiceDef>;
  /** Services with `extends` resolved (undefined: could not be, already reported), filled lazily. */
  readonly resolved: Map<string, ServiceDef | undefined>;
}

export interface Ctx {
  readonly options: ImportOptions;
  readonly lookup: (name: string) => string | undefined;
  readonly diagnostics: ImportDiagnostic[];
  /** Files that `extends.file` names, by resolved path (undefined: could not be read). */
  readonly files: Map<string, FileModel | undefined>;
  /** `file\0name` of the unset variables already reported: Compose warns once per variable. */
  readonly warned: Set<string>;
}
