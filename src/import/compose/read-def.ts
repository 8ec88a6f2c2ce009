/**
 * Reading one Compose file into service definitions: `depends_on` (short and long syntax),
 * `links`, `volumes_from`, `network_mode`, `profiles`, `image` and `extends`, each value
 * interpolated (12-interpolation.md) and each attribute with its merge mode (13-merge.md).
 */
import type { Node } from 'yaml';
import type { SourcePos } from '../../catalog/model.js';
import { diag, type ImportSource } from '../model.js';
import { getIn, isMap, isScalar, isSeq, mapEntries, nodePos, parseYaml, scalarString, type ParsedYaml } from '../yaml-source.js';
import { interpolate } from './interpolate.js';
import { CONDITIONS, type Ctx, type Dep, type FileModel, type Mode, type ServiceDef } from './defs.js';

/** Parses one Compose file into service definitions; problems go to `ctx.diagnostics`. */
export function readFile(ctx: Ctx, source: ImportSource, dir: string, input: boolean): FileModel | undefined {
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
