/**
 * Reports of a catalog with cells: the faults, the critical path and the causes name cells
 * (`network@use1-az1`), the charts draw services. The region-lost scenario of
 * catalogs/example-regions: the network of the three us-east-1 zones fails; storage in those
 * zones needs its zone's network (cell-local), the API its zone's storage, the storefront and
 * the mobile backend need the API.
 */
import { describe, expect, it } from 'vitest';
import { load, reportOf } from './helpers.js';

const regions = load('catalogs/example-regions');
const md = reportOf(regions, { scenario: regions.scenarios.get('region-lost')! });
const flowchart = md.slice(md.indexOf('flowchart LR'), md.indexOf('```', md.indexOf('flowchart LR')));
const node = (name: string): string => {
  const m = new RegExp(`(n\\d+)\\["${name}<br/>`).exec(flowchart);
  if (!m) throw new Error(`no node ${name} in\n${flowchart}`);
  return m[1]!;
};

describe('cascade flowchart of a catalog with cells', () => {
  it('draws an arrow along each cell-local dependency, by service', () => {
    const [net, storage, api, mobile, web] = ['Zonal network', 'Block storage', 'API', 'Mobile backend', 'Storefront'].map(node);
    const edges = flowchart.split('\n').filter((l) => /-->|==>/.test(l)).map((l) => l.trim().replace('==>', '-->'));
    expect(edges.sort()).toEqual([`${net} --> ${storage}`, `${storage} --> ${api}`, `${api} --> ${mobile}`, `${api} --> ${web}`].sort());
  });

  it('marks the service of the failed cells as the trigger, and the critical path through cells on their services', () => {
    expect(flowchart).toContain(`class ${node('Zonal network')} trigger`);
    // the chain: network@use1-az1 → storage@use1-az1 → storage
    expect(flowchart).toContain(`class ${[node('Zonal network'), node('Block storage')].sort().join(',')} critical`);
    expect(flowchart).toContain(`${node('Zonal network')} ==> ${node('Block storage')}`);
  });
});
