/**
 * Compose files → services and edges.
 *
 * Follows the Compose Specification (compose-spec 05-services.md): `depends_on` in the
 * short syntax (a list of service names) and the long syntax (a map of service name →
 * `{condition, required, restart}`, condition one of service_started, service_healthy,
 * service_completed_successfully). `required: false` means Compose only warns when the
 * dependency is missing, so the edge is `soft`; every other dependency is `hard`.
 * Compose also orders start-up by `links`, `volumes_from` and `network_mode: service:x`
 * (docs.docker.com, "Control startup and shutdown order"); those become `hard` edges too.
 *
 * The values read are interpolated first, per file (12-interpolation.md); keys, so service
 * names and the service names of the long `depends_on` syntax, are not. `extends` (same file,
 * or `file:` relative to the project directory) is resolved per file, then several files
 * merge like `docker compose -f a.yml -f b.yml`, both with Compose's merge rules
 * (13-merge.md): `depends_on` merges by service name, `links`, `volumes_from` and `profiles`
 * append, `image` and `network_mode` are replaced, `!reset` clears and `!override` replaces.
 * Services of every profile are imported; their profiles become a label. A dependency on a
 * service no file defines is kept, on a placeholder service labelled `blast-radius/placeholder`.
 */
import type { Node } from 'yaml';
import type { DependencyType, SourcePos } from '../../catalog/model.js';
import { diag, OUTSIDE_HINT, outsideMessage, PLACEHOLDER_LABEL, placeholderNote, ServiceTable, type ImportDiagnostic, type Importer, type ImportOptions, type ImportSource } from '../model.js';
import { dirOf, isUrl, resolveIn } from '../local.js';
import { getIn, isMap, isScalar, isSeq, mapEntries, nodePos, parseYaml, scalarString, type ParsedYaml } from '../yaml-source.js';
import { parseEnvFile } from './dotenv.js';
import { interpolate } from './interpolate.js';

export const CONDITIONS = ['service_started', 'service_healthy', 'service_completed_successfully'] as const;

/** `extends` chains longer than this are reported instead of followed. */
const MAX_EXTENDS_DEPTH = 32;

/** One dependency of a service definition, before the target is checked. */
interface Dep {
  readonly target: string;
  readonly type: DependencyType;
  readonly why: string;
  readonly pos: SourcePos;
}

/** How an attribute of an override (or extending) definition combines with the one it overrides. */
type Mode = 'merge' | 'reset' | 'override';

interface Attr<T> {
  readonly value: T;
  readonly mode: Mode;
}

/** The attributes of one service definition that the import reads, interpolated. */
interface ServiceDef {
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
interface FileModel {
  readonly file: string;
  /** Relative `extends.file` paths resolve against this directory. */
  readonly dir: string;
  readonly defs: Map<string, ServiceDef>;
  /** Services with `extends` resolved (undefined: could not be, already reported), filled lazily. */
  readonly resolved: Map<string, ServiceDef | undefined>;
}

export const importCompose: Importer = (sources, options) => {
  const diagnostics: ImportDiagnostic[] = [];
  const projectDir = sources.length ? dirOf(sources[0]!.file) : '.';
  const env = loadEnv(projectDir, options, diagnostics);
  const lookup = (name: string): string | undefined => env.get(name);
  const ctx: Ctx = { options, lookup, diagnostics, files: new Map(), warned: new Set() };

  const models: FileModel[] = [];
  for (const source of sources) {
    const m = readFile(ctx, source, projectDir, true);
    if (m) models.push(m);
  }

  // Each file's extends first, then the files over one another, in order.
  const project = new Map<string, ServiceDef>();
  for (const m of models) {
    for (const name of m.defs.keys()) {
      const def = resolveExtends(ctx, m, name, []);
      if (!def) continue;
      const before = project.get(name);
      project.set(name, before ? mergeDefs(before, def) : def);
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { services: [], diagnostics };

  const table = new ServiceTable();
  for (const def of project.values()) {
    const labels: Record<string, string> = {};
    if (def.image?.value) labels.image = def.image.value;
    if (def.profiles?.value.length) labels.profiles = def.profiles.value.join(', ');
    table.add({ key: def.name, idHint: def.name, name: def.name, pos: def.pos, labels });
  }
  const placeholders = new Map<string, SourcePos>();
  for (const def of project.values()) {
    // One edge per target: depends_on says the most (condition, required), so it wins.
    const deps = new Map<string, Dep>();
    const all = [def.dependsOn?.value, def.links?.value, def.volumesFrom?.value, def.networkMode?.value ? new Map([[def.networkMode.value.target, def.networkMode.value]]) : undefined];
    for (const m of all) for (const d of m?.values() ?? []) if (!deps.has(d.target)) deps.set(d.target, d);
    for (const d of deps.values()) {
      if (!project.has(d.target)) {
        diagnostics.push(diag('warning', 'unknown-ref', `${def.name} depends on "${d.target}", which is not a service in these files; a placeholder service stands in for it`, d.pos, { hint: 'give every Compose file of the project (e.g. the override files) in one import' }));
        if (!table.has(d.target)) {
          table.add({ key: d.target, idHint: d.target, name: d.target, pos: d.pos, description: `Placeholder: ${def.name} depends on ${d.target}, which no imported Compose file defines.`, labels: { [PLACEHOLDER_LABEL]: 'true' } });
          placeholders.set(d.target, d.pos);
        }
      }
      if (d.target === def.name) {
        diagnostics.push(diag('warning', 'self-edge', `${def.name} depends on itself; dropped`, d.pos));
        continue;
      }
      table.addEdge(def.name, { target: d.target, type: d.type, why: d.why, pos: d.pos });
    }
  }
  diagnostics.push(...placeholderNote(placeholders));
  return { services: table.toList(), diagnostics };
};

interface Ctx {
  readonly options: ImportOptions;
  readonly lookup: (name: string) => string | undefined;
  readonly diagnostics: ImportDiagnostic[];
  /** Files that `extends.file` names, by resolved path (undefined: could not be read). */
  readonly files: Map<string, FileModel | undefined>;
  /** `file\0name` of the unset variables already reported: Compose warns once per variable. */
  readonly warned: Set<string>;
}

/**
 * Variables for interpolation: the env files (`--env-file`, else `.env` in the project
 * directory when it exists), then `--env`, which wins. The process environment is not read,
 * so an import gives the same catalog on every machine.
 */
function loadEnv(projectDir: string, options: ImportOptions, diagnostics: ImportDiagnostic[]): Map<string, string> {
  const outer = new Map(Object.entries(options.env ?? {}));
  const env = new Map<string, string>();
  const files = options.envFiles ?? [resolveIn(projectDir, '.env')];
  for (const path of files) {
    const got = options.readLocal?.(path);
    if (got && 'error' in got && got.outside) {
      diagnostics.push(diag('error', 'outside-tree', `${options.envFiles ? '--env-file' : 'the project\'s .env'} ${outsideMessage(got, path)}`, { file: path, line: 1, col: 1 }, { hint: OUTSIDE_HINT }));
      continue;
    }
    if (!got || 'error' in got) {
      // `.env` is optional (missing is fine); a file asked for by name is not, nor a .env that cannot be read.
      if (options.envFiles || (got && 'error' in got && !got.missing)) diagnostics.push(diag('error', 'read-error', `cannot read env file ${path}: ${got && 'error' in got ? got.error : 'no file reader'}`, { file: path, line: 1, col: 1 }));
      continue;
    }
    const parsed = parseEnvFile({ file: got.file, text: got.text }, new Map([...outer, ...env]));
    diagnostics.push(...parsed.diagnostics);
    for (const [k, v] of parsed.vars) env.set(k, v);
  }
  for (const [k, v] of outer) env.set(k, v);
  return env;
}

/** Parses one Compose file into service definitions; problems go to `ctx.diagnostics`. */
function readFile(ctx: Ctx, source: ImportSource, dir: string, input: boolean): FileModel | undefined {
  const { diagnostics } = ctx;
  const p = parseYaml(source);
  diagnostics.push(...p.diagnostics);
  if (p.diagnostics.length) return undefined;
  if (p.docs.length > 1) diagnostics.push(diag('warning', 'ignored', 'a Compose file holds one YAML document; the documents after the first are ignored', nodePos(p, p.docs[1]!.contents as Node), { text: source.text }));
  const root = p.docs[0]?.contents as Node | null | undefined;
  if (!isMap(root)) {
    diagnostics.push(diag('error', 'wrong-shape', root == null ? 'the file is empty' : 'a Compose file is a mapping with a "services:" key', nodePos(p, root), { text: source.text }));
    return undefined;
  }
  const defs = new Map<string, ServiceDef>();
  const model: FileModel = { file: source.file, dir, defs, resolved: new Map() };
  const services = getIn(root, 'services');
  if (services === undefined || services === null) {
    if (input) diagnostics.push(diag('warning', 'no-services', 'no "services:" in this file', nodePos(p, root), { hint: 'Compose file format 1 (services at the top level) is not read; use the Compose Specification layout', text: source.text }));
    return model;
  }
  if (!isMap(services)) {
    diagnostics.push(diag('error', 'wrong-shape', '"services" must be a mapping of service name → definition', nodePos(p, services), { text: source.text }));
    return undefined;
  }
  for (const { key: name, keyNode, value } of mapEntries(services)) {
    if (value !== null && !isMap(value)) {
      diagnostics.push(diag('error', 'wrong-shape', `service "${name}" must be a mapping`, nodePos(p, value), { text: source.text }));
      continue;
    }
    defs.set(name, readDef(ctx, p, name, nodePos(p, keyNode), value));
  }
  return model;
}

/** The attribute's merge mode from its YAML tag (13-merge.md: `!reset`, `!override`). */
function modeOf(node: Node | null | undefined): Mode {
  const tag = (node as { tag?: string } | null | undefined)?.tag;
  return tag === '!reset' ? 'reset' : tag === '!override' ? 'override' : 'merge';
}

/** An attribute node as it appears (tagged `!reset` it may be empty), or undefined when absent. */
function attrNode(svc: Node | null, key: string): { node: Node | null; mode: Mode } | undefined {
  if (!isMap(svc)) return undefined;
  const pair = svc.items.find((it) => isScalar(it.key) && String(it.key.value) === key);
  if (!pair) return undefined;
  const node = (pair.value ?? null) as Node | null;
  return { node: isScalar(node) && node.value === null && modeOf(node) === 'merge' ? null : node, mode: modeOf(node) };
}

function readDef(ctx: Ctx, p: ParsedYaml, name: string, pos: SourcePos, svc: Node | null): ServiceDef {
  const str = (node: Node | null | undefined, what: string): string | undefined => interpolated(ctx, p, node, what);
  const def: { -readonly [K in keyof ServiceDef]: ServiceDef[K] } = { name, pos };
  const image = attrNode(svc, 'image');
  if (image) def.image = { value: image.mode === 'reset' ? undefined : str(image.node, 'image'), mode: image.mode };
  const profiles = attrNode(svc, 'profiles');
  if (profiles) {
    const list: string[] = [];
    if (profiles.mode !== 'reset' && isSeq(profiles.node)) {
      for (const item of profiles.node.items as Array<Node | null>) {
        const s = str(item, 'profiles');
        if (s && !list.includes(s)) list.push(s);
      }
    } else if (profiles.mode !== 'reset' && profiles.node !== null) {
      ctx.diagnostics.push(diag('error', 'wrong-shape', 'profiles is a list of profile names', nodePos(p, profiles.node), { text: p.source.text }));
    }
    def.profiles = { value: list, mode: profiles.mode };
  }
  const dependsOn = attrNode(svc, 'depends_on');
  if (dependsOn) def.dependsOn = { value: dependsOn.mode === 'reset' ? new Map() : readDependsOn(ctx, p, dependsOn.node), mode: dependsOn.mode };
  const links = attrNode(svc, 'links');
  if (links) def.links = { value: links.mode === 'reset' ? new Map() : readList(ctx, p, links.node, 'links', (s) => s.split(':')[0]!), mode: links.mode };
  const volumesFrom = attrNode(svc, 'volumes_from');
  if (volumesFrom) {
    // `container:<name>` names a container outside the project, not a service.
    const target = (s: string): string | undefined => (s.startsWith('container:') ? undefined : s.replace(/^service:/, '').split(':')[0]!);
    def.volumesFrom = { value: volumesFrom.mode === 'reset' ? new Map() : readList(ctx, p, volumesFrom.node, 'volumes_from', target), mode: volumesFrom.mode };
  }
  const networkMode = attrNode(svc, 'network_mode');
  if (networkMode) {
    let dep: Dep | undefined;
    const nm = networkMode.mode === 'reset' ? undefined : str(networkMode.node, 'network_mode');
    if (nm?.startsWith('service:')) dep = { target: nm.slice('service:'.length), type: 'hard', why: `compose: network_mode: ${nm}`, pos: nodePos(p, networkMode.node) };
    else if (networkMode.node !== null && networkMode.mode !== 'reset' && !isScalar(networkMode.node)) ctx.diagnostics.push(diag('warning', 'invalid-value', 'network_mode should be a string', nodePos(p, networkMode.node)));
    def.networkMode = { value: dep, mode: networkMode.mode };
  }
  const ext = getIn(svc, 'extends');
  if (ext !== undefined && ext !== null) {
    // The specification asks for a mapping; Compose also reads the name of a service alone.
    const serviceNode = isMap(ext) ? getIn(ext, 'service') : ext;
    const fileNode = isMap(ext) ? getIn(ext, 'file') : undefined;
    const service = isScalar(serviceNode) ? str(serviceNode, 'extends.service') : undefined;
    if (!service) {
      ctx.diagnostics.push(diag('error', isMap(ext) && serviceNode == null ? 'missing-field' : 'wrong-shape', 'extends needs the name of the service to extend: extends: {service: <name>, file: <path>}', nodePos(p, serviceNode ?? ext), { text: p.source.text }));
    } else {
      const file = fileNode == null ? undefined : str(fileNode, 'extends.file');
      def.extends = { service, pos: nodePos(p, serviceNode), ...(file ? { file, filePos: nodePos(p, fileNode) } : {}) };
    }
  }
  return def;
}

/** A scalar value after interpolation, or undefined (with an error when it is not a scalar). */
function interpolated(ctx: Ctx, p: ParsedYaml, node: Node | null | undefined, what: string): string | undefined {
  if (node === undefined || node === null) return undefined;
  const raw = scalarString(node);
  if (raw === undefined) {
    ctx.diagnostics.push(diag('error', 'wrong-shape', `${what} must be a string`, nodePos(p, node), { text: p.source.text }));
    return undefined;
  }
  if (!isScalar(node) || typeof node.value !== 'string' || !raw.includes('$')) return raw;
  const r = interpolate(raw, ctx.lookup);
  const at = (offset: number): SourcePos => offsetPos(p, node, raw, offset);
  if ('error' in r) {
    ctx.diagnostics.push(diag('error', 'interpolation', r.error, at(r.offset), { hint: 'set the variable in .env, with --env NAME=value, or give it a default: ${NAME:-value}', text: p.source.text }));
    return undefined;
  }
  for (const u of r.unset) {
    const key = `${p.source.file}\u0000${u.name}`;
    if (ctx.warned.has(key)) continue;
    ctx.warned.add(key);
    ctx.diagnostics.push(diag('warning', 'interpolation', `variable ${u.name} is not set; ${what} reads it as an empty string`, at(u.offset), { hint: 'set it in .env or with --env NAME=value, as Compose would read it from the environment', text: p.source.text }));
  }
  return r.value;
}

/** Position of character `offset` of a scalar's value, when the value is written as is on one line. */
function offsetPos(p: ParsedYaml, node: Node, value: string, offset: number): SourcePos {
  const start = nodePos(p, node);
  const range = node.range;
  if (!range) return start;
  const text = p.source.text;
  const quote = text[range[0]] === '"' || text[range[0]] === "'" ? 1 : 0;
  return text.slice(range[0] + quote, range[0] + quote + value.length) === value && !value.includes('\n') ? { ...start, col: start.col + quote + offset } : start;
}

function readDependsOn(ctx: Ctx, p: ParsedYaml, node: Node | null): Map<string, Dep> {
  const out = new Map<string, Dep>();
  if (node === null) return out;
  const text = p.source.text;
  const { diagnostics } = ctx;
  if (isSeq(node)) {
    for (const item of node.items as Array<Node | null>) {
      // Short syntax: the names are values, so they are interpolated.
      const target = isScalar(item) && typeof item.value === 'string' ? interpolated(ctx, p, item, 'depends_on') : undefined;
      if (target === undefined) {
        if (!(isScalar(item) && typeof item.value === 'string')) diagnostics.push(diag('error', 'wrong-shape', 'depends_on (short syntax) lists service names', nodePos(p, item), { text }));
        continue;
      }
      if (target === '') {
        diagnostics.push(diag('warning', 'invalid-value', 'a depends_on entry is empty after interpolation; dropped', nodePos(p, item), { text }));
        continue;
      }
      out.set(target, { target, type: 'hard', why: 'compose: depends_on (condition: service_started)', pos: nodePos(p, item) });
    }
    return out;
  }
  if (!isMap(node)) {
    diagnostics.push(diag('error', 'wrong-shape', 'depends_on is a list of service names or a mapping of service name → {condition, required, restart}', nodePos(p, node), { text }));
    return out;
  }
  // Long syntax: the service names are keys, which Compose does not interpolate.
  for (const { key: target, keyNode, value } of mapEntries(node)) {
    const targetPos = nodePos(p, keyNode);
    let condition = 'service_started';
    let required = true;
    let restart = false;
    if (value !== null) {
      if (!isMap(value)) {
        diagnostics.push(diag('error', 'wrong-shape', `depends_on.${target} must be a mapping such as {condition: service_healthy}`, nodePos(p, value), { text }));
        continue;
      }
      const c = getIn(value, 'condition');
      if (c !== undefined) {
        const s = interpolated(ctx, p, c, `depends_on.${target}.condition`);
        if (!s || !(CONDITIONS as readonly string[]).includes(s)) {
          diagnostics.push(diag('error', 'invalid-value', `depends_on.${target}.condition is "${s ?? '?'}"`, nodePos(p, c), { hint: `use one of ${CONDITIONS.join(', ')}`, text }));
          continue;
        }
        condition = s;
      }
      const r = readBool(ctx, p, getIn(value, 'required'), `depends_on.${target}.required`);
      if (r === null) continue;
      if (r !== undefined) required = r;
      const rs = readBool(ctx, p, getIn(value, 'restart'), `depends_on.${target}.restart`);
      if (rs === null) continue;
      if (rs) restart = true;
    }
    const parts = [`condition: ${condition}`];
    if (!required) parts.unshift('required: false');
    if (restart) parts.push('restart: true');
    const note = condition === 'service_completed_successfully' ? '; a one-shot job that must finish before start' : '';
    out.set(target, { target, type: required ? 'hard' : 'soft', why: `compose: depends_on (${parts.join(', ')})${note}`, pos: targetPos });
  }
  return out;
}

/** A boolean option (YAML true/false, or a string that interpolates to one); null after an error. */
function readBool(ctx: Ctx, p: ParsedYaml, node: Node | null | undefined, what: string): boolean | undefined | null {
  if (node === undefined || node === null) return undefined;
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  const s = isScalar(node) && typeof node.value === 'string' ? interpolated(ctx, p, node, what) : undefined;
  if (s !== undefined && /^(true|false)$/i.test(s)) return s.toLowerCase() === 'true';
  ctx.diagnostics.push(diag('error', 'invalid-value', `${what} must be true or false`, nodePos(p, node), { text: p.source.text }));
  return null;
}

/** `links` or `volumes_from`: a list of strings, each naming the service `target` extracts. */
function readList(ctx: Ctx, p: ParsedYaml, node: Node | null, what: 'links' | 'volumes_from', target: (s: string) => string | undefined): Map<string, Dep> {
  const out = new Map<string, Dep>();
  if (node === null) return out;
  if (!isSeq(node)) {
    ctx.diagnostics.push(diag('error', 'wrong-shape', `${what} is a list of strings`, nodePos(p, node), { text: p.source.text }));
    return out;
  }
  for (const item of node.items as Array<Node | null>) {
    const s = interpolated(ctx, p, item, what);
    const t = s ? target(s) : undefined;
    if (t) out.set(t, { target: t, type: 'hard', why: `compose: ${what}`, pos: nodePos(p, item) });
  }
  return out;
}

/**
 * The definition of `name` in `m` with its `extends` chain applied (05-services.md#extends):
 * the extended service's definition, resolved the same way, with this one merged over it.
 * A missing file or service and a circular chain are errors, as Compose refuses them.
 */
function resolveExtends(ctx: Ctx, m: FileModel, name: string, stack: readonly string[]): ServiceDef | undefined {
  if (m.resolved.has(name)) return m.resolved.get(name);
  const def = m.defs.get(name);
  if (!def) return undefined;
  const ext = def.extends;
  if (!ext) {
    m.resolved.set(name, def);
    return def;
  }
  const here = `${m.file}#${name}`;
  if (stack.includes(here) || stack.length > MAX_EXTENDS_DEPTH) {
    ctx.diagnostics.push(diag('error', 'invalid-ref', `extends is circular: ${[...stack, here].map((s) => s.replace('#', ': ')).join(' → ')}`, ext.pos, { hint: 'a service cannot extend itself, directly or through others' }));
    return undefined;
  }
  // A definition that cannot be resolved is reported once, then left out.
  const fail = (): undefined => {
    m.resolved.set(name, undefined);
    return undefined;
  };
  let baseModel: FileModel | undefined = m;
  if (ext.file !== undefined) {
    baseModel = referencedFile(ctx, m, ext.file, ext.filePos ?? ext.pos);
    if (!baseModel) return fail();
  }
  if (!baseModel.defs.has(ext.service)) {
    ctx.diagnostics.push(diag('error', 'unknown-ref', `${name} extends "${ext.service}", which is not a service of ${baseModel.file}`, ext.pos, { hint: 'name a service defined in that file' }));
    return fail();
  }
  const base = resolveExtends(ctx, baseModel, ext.service, [...stack, here]);
  if (!base) return fail();
  const merged = { ...mergeDefs(base, def), name, pos: def.pos };
  delete (merged as { extends?: unknown }).extends;
  m.resolved.set(name, merged);
  return merged;
}

/** The file an `extends.file` names, read once; relative paths resolve against `from`'s directory. */
function referencedFile(ctx: Ctx, from: FileModel, file: string, pos: SourcePos): FileModel | undefined {
  if (isUrl(file)) {
    ctx.diagnostics.push(diag('error', 'not-followed', `extends.file ${file} is a URL; an import never fetches`, pos, { hint: 'download the file and name it by its local path' }));
    return undefined;
  }
  const path = resolveIn(from.dir, file);
  if (ctx.files.has(path)) return ctx.files.get(path);
  ctx.files.set(path, undefined);
  const got = ctx.options.readLocal?.(path);
  if (got && 'error' in got && got.outside) {
    ctx.diagnostics.push(diag('error', 'outside-tree', `extends.file ${outsideMessage(got, path)}`, pos, { hint: OUTSIDE_HINT }));
    return undefined;
  }
  if (!got || 'error' in got) {
    ctx.diagnostics.push(diag('error', 'read-error', `cannot read ${path}, which extends.file names: ${got && 'error' in got ? got.error : 'this import does not read the files inputs refer to'}`, pos, { hint: 'relative paths resolve against the directory of the first Compose file' }));
    return undefined;
  }
  // Paths inside an extended file are relative to that file.
  const model = readFile(ctx, { file: got.file, text: got.text }, dirOf(got.file), false);
  ctx.files.set(path, model);
  return model;
}

/**
 * `over` merged onto `base` by Compose's rules (13-merge.md; compose-go merges `extends` the
 * same way): `depends_on` by service name (short syntax expanded), `links`, `volumes_from`
 * and `profiles` appended, `image` and `network_mode` replaced; `!reset` clears an
 * attribute and `!override` replaces it whole. The first definition's name and position stay.
 */
function mergeDefs(base: ServiceDef, over: ServiceDef): ServiceDef {
  const out: { -readonly [K in keyof ServiceDef]: ServiceDef[K] } = { ...base };
  const scalar = <T>(a: Attr<T> | undefined, b: Attr<T> | undefined): Attr<T> | undefined => (b ? { value: b.value, mode: 'merge' } : a);
  const map = (a: Attr<ReadonlyMap<string, Dep>> | undefined, b: Attr<ReadonlyMap<string, Dep>> | undefined): Attr<ReadonlyMap<string, Dep>> | undefined => {
    if (!b) return a;
    if (b.mode !== 'merge' || !a) return { value: b.value, mode: 'merge' };
    return { value: new Map([...a.value, ...b.value]), mode: 'merge' };
  };
  const image = scalar(base.image, over.image);
  if (image) out.image = image;
  const networkMode = scalar(base.networkMode, over.networkMode);
  if (networkMode) out.networkMode = networkMode;
  const dependsOn = map(base.dependsOn, over.dependsOn);
  if (dependsOn) out.dependsOn = dependsOn;
  const links = map(base.links, over.links);
  if (links) out.links = links;
  const volumesFrom = map(base.volumesFrom, over.volumesFrom);
  if (volumesFrom) out.volumesFrom = volumesFrom;
  if (over.profiles) {
    const merged = over.profiles.mode !== 'merge' || !base.profiles ? over.profiles.value : [...new Set([...base.profiles.value, ...over.profiles.value])];
    out.profiles = { value: merged, mode: 'merge' };
  }
  if (over.extends) out.extends = over.extends;
  return out;
}
