/** Compose `extends` (05-services.md#extends) and the merge of one definition over another (13-merge.md). */
import { diag, OUTSIDE_HINT, outsideMessage } from '../model.js';
import type { SourcePos } from '../../catalog/model.js';
import { dirOf, isUrl, resolveIn } from '../local.js';
import type { Attr, Ctx, Dep, FileModel, ServiceDef } from './defs.js';
import { readFile } from './read-def.js';

/** `extends` chains longer than this are reported instead of followed. */
const MAX_EXTENDS_DEPTH = 32;

/**
 * The definition of `name` in `m` with its `extends` chain applied (05-services.md#extends):
 * the extended service's definition, resolved the same way, with this one merged over it.
 * A missing file or service and a circular chain are errors, as Compose refuses them.
 */
export function resolveExtends(ctx: Ctx, m: FileModel, name: string, stack: readonly string[]): ServiceDef | undefined {
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
export function mergeDefs(base: ServiceDef, over: ServiceDef): ServiceDef {
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
