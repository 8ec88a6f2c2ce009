/** Redundancy groups in imports: written as `{atLeast, of}`, merged without doubling hand-written dependencies, and counted in cycles. */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import { assignIds, findCycles, groupKey, mergeCatalog, renderCatalog, type ImportedService } from '../../src/import/index.js';

const at = (line: number) => ({ file: 'in.yaml', line, col: 1 });
const svc = (key: string, dependsOn: ImportedService['dependsOn'] = []): ImportedService => ({ key, idHint: key, name: key, pos: at(1), labels: {}, dependsOn });
const group = (members: string[], line = 2) => ({ target: groupKey(members), of: members, atLeast: 1, type: 'hard' as const, why: 'any one serves it', pos: at(line) });

describe('redundancy groups in imports', () => {
  const services = [svc('web', [group(['b', 'a']), { target: 'c', type: 'soft', why: 'plain', pos: at(3) }]), svc('a'), svc('b'), svc('c')];

  it('are written as {atLeast, of} and load as one group of both members', () => {
    const ids = assignIds(services);
    const text = renderCatalog(services, ids, { format: 'test', inputs: ['in'] });
    expect(text).toContain('      - atLeast: 1\n        of: [a, b]\n        type: hard\n');
    const built = buildCatalog([{ file: 'test.yaml', bytes: Buffer.from(text) }]);
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const deps = built.catalog!.services.get('web')!.dependsOn.map((d) => ({ of: d.of, atLeast: d.atLeast, group: d.group, type: d.type }));
    expect(deps).toEqual([
      { of: ['a', 'b'], atLeast: 1, group: true, type: 'hard' },
      { of: ['c'], atLeast: 1, group: false, type: 'soft' },
    ]);
  });

  it('--merge adds a group only when the service has no dependency on any member yet', () => {
    const ids = assignIds(services);
    const existingText = 'version: 1\nservices:\n  web:\n    name: web\n    dependsOn: [a]\n  a: {name: a}\n  b: {name: b}\n  c: {name: c}\n';
    const catalog = buildCatalog([{ file: 'test.yaml', bytes: Buffer.from(existingText) }]).catalog!;
    const m = mergeCatalog({ targetFile: 'test.yaml', existingText, catalog, services, ids, write: { format: 'test', inputs: ['in'] } });
    // web → a was written by hand: the imported group {a, b} is not added on top of it; c is new.
    expect(m.addedEdges).toEqual([{ from: 'web', to: 'c' }]);
    expect(m.keptEdges).toEqual([]);
    const fresh = mergeCatalog({ targetFile: 'test.yaml', existingText: existingText.replace('    dependsOn: [a]\n', ''), catalog: buildCatalog([{ file: 'test.yaml', bytes: Buffer.from(existingText.replace('    dependsOn: [a]\n', '')) }]).catalog!, services, ids, write: { format: 'test', inputs: ['in'] } });
    expect(fresh.addedEdges).toEqual([{ from: 'web', to: '1 of [a, b]' }, { from: 'web', to: 'c' }]);
  });

  it('a group that needs one of two members is a cycle, but not a hard one the validator warns about', () => {
    const loop = [svc('a', [group(['b', 'c'])]), svc('b', [{ target: 'a', type: 'hard', why: '', pos: at(4) }]), svc('c')];
    expect(findCycles(loop, new Set(['hard']))).toEqual([['a', 'b']]);
    expect(findCycles(loop, new Set(['hard']), true)).toEqual([]);
  });
});
