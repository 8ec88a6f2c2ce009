/**
 * Schema-checked plain values → typed catalog elements, one source file at a time.
 * Only what the schema walker kept reaches here, so shapes are known to be right. The parts:
 * where values are written (compose-context.ts), parameters and times (compose-params.ts),
 * services (compose-service.ts, with compose-dependency.ts and compose-cells.ts) and scenarios
 * (compose-scenario.ts, with compose-observed.ts).
 */
import type { Diagnostic } from './diagnostics.js';
import type { PlainObject, Positions } from './check-schema.js';
import type { Param, Scenario, Service } from './model.js';
import { obj, positionContext, str } from './compose-context.js';
import { paramReaders } from './compose-params.js';
import { composeService } from './compose-service.js';
import { composeScenario } from './compose-scenario.js';

export interface ComposedFile {
  readonly file: string;
  readonly meta: { name?: string; description?: string };
  readonly services: Service[];
  readonly scenarios: Scenario[];
  readonly diagnostics: Diagnostic[];
  /** Its parameters that name a shared draw, in reading order (rules-draw.ts). */
  readonly drawn: readonly Param[];
}

export function composeFile(file: string, root: PlainObject | undefined, positions: Positions): ComposedFile {
  const diagnostics: Diagnostic[] = [];
  const where = positionContext(file, positions, diagnostics);
  const ctx = { ...where, ...paramReaders(where) };

  const services: Service[] = [];
  const svcs = obj(root?.services);
  if (svcs) {
    for (const id of ctx.keysOf(svcs)) {
      const s = composeService(ctx, svcs, id);
      if (s) services.push(s);
    }
  }

  const scenarios: Scenario[] = [];
  const scns = obj(root?.scenarios);
  if (scns) {
    for (const id of ctx.keysOf(scns)) {
      const sc = composeScenario(ctx, scns, id);
      if (sc) scenarios.push(sc);
    }
  }

  const cat = obj(root?.catalog);
  const meta = {
    ...(cat && str(cat.name) !== undefined ? { name: str(cat.name)! } : {}),
    ...(cat && str(cat.description) !== undefined ? { description: str(cat.description)! } : {}),
  };
  return { file, meta, services, scenarios, diagnostics, drawn: ctx.drawn };
}
