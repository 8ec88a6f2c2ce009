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
import type { SourcePos } from '../../catalog/model.js';
import { diag, OUTSIDE_HINT, outsideMessage, PLACEHOLDER_LABEL, placeholderNote, ServiceTable, type ImportDiagnostic, type Importer, type ImportOptions } from '../model.js';
import { dirOf, resolveIn } from '../local.js';
import { parseEnvFile } from './dotenv.js';
import type { Ctx, Dep, FileModel, ServiceDef } from './defs.js';
import { mergeDefs, resolveExtends } from './extends.js';
import { readFile } from './read-def.js';

export { CONDITIONS } from './defs.js';

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
