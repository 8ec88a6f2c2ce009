import { describe, expect, it } from 'vitest';
import { classifyNode, importTerraform } from '../../src/import/terraform/import.js';
import { parseDot } from '../../src/import/terraform/dot.js';
import { codesAt, edgeList, sources, toCatalog, whyOf } from './helpers.js';

describe('terraform importer', () => {
  it('reads a -type=plan graph: providers, meta, root and close nodes dropped, variables and locals passed through', () => {
    const res = importTerraform(sources('terraform/plan.dot'), {});
    const { catalog, errors } = toCatalog(res);
    expect(errors).toEqual([]);
    // data.aws_ami.ubuntu is a read, not a service; it only leads to the provider.
    expect([...catalog.services.keys()].sort()).toEqual(['aws_instance.web', 'aws_security_group.web', 'aws_subnet.private', 'aws_vpc.main', 'module.db.aws_db_instance.this']);
    expect(edgeList(catalog)).toEqual([
      'aws_instance.web -> aws_security_group.web (hard)',
      'aws_instance.web -> module.db.aws_db_instance.this (hard)',
      'aws_security_group.web -> aws_vpc.main (hard)',
      'aws_subnet.private -> aws_vpc.main (hard)',
      'module.db.aws_db_instance.this -> aws_subnet.private (hard)',
    ]);
    expect(whyOf(catalog, 'aws_instance.web', 'aws_security_group.web')).toBe('terraform: aws_instance.web → local.sg_id → aws_security_group.web');
    expect(catalog.services.get('module.db.aws_db_instance.this')!.system).toBe('module.db');
    expect(res.diagnostics).toEqual([]);
  });

  it('reads the default resources-only graph of Terraform 1.7+', () => {
    const { catalog } = toCatalog(importTerraform(sources('terraform/resources.dot'), {}));
    expect(edgeList(catalog)).toEqual([
      'aws_instance.web -> aws_security_group.web (hard)',
      'aws_instance.web -> module.network.aws_subnet.a (hard)',
      'aws_lb.front -> aws_instance.web (hard)',
      'aws_security_group.web -> module.network.aws_vpc.this (hard)',
      'module.network.aws_subnet.a -> module.network.aws_vpc.this (hard)',
    ]);
  });

  it('reports malformed DOT with its position', () => {
    const res = importTerraform(sources('terraform/malformed.dot'), {});
    expect(codesAt(res, 'error')).toEqual(['syntax@malformed.dot:4:25']);
  });

  it.each([
    ['[root] aws_instance.web (expand)', 'resource:aws_instance.web'],
    ['aws_instance.web[0]', 'resource:aws_instance.web'],
    ['[root] module.a.module.b["x"].aws_s3_bucket.logs (expand)', 'resource:module.a.module.b.aws_s3_bucket.logs'],
    ['[root] provider["registry.terraform.io/hashicorp/aws"]', 'drop'],
    ['[root] provider["registry.terraform.io/hashicorp/aws"] (close)', 'drop'],
    ['[root] module.net.provider["registry.terraform.io/hashicorp/aws"]', 'drop'],
    ['provider.aws', 'drop'],
    ['[root] meta.count-boundary (EachMode fixup)', 'drop'],
    ['[root] root', 'drop'],
    ['[root] module.db (close)', 'drop'],
    ['[root] module.db (expand)', 'pass'],
    ['[root] var.region', 'pass'],
    ['[root] local.name (expand)', 'pass'],
    ['[root] output.url (expand)', 'pass'],
    ['[root] data.aws_ami.ubuntu (expand)', 'pass'],
  ])('%s is %s', (id, expected) => {
    const c = classifyNode(id);
    expect(c.kind === 'resource' ? `resource:${c.address}` : c.kind).toBe(expected);
  });
});

describe('DOT reader', () => {
  const edges = (text: string) => {
    const r = parseDot(text);
    if ('error' in r) throw new Error(r.error.message);
    return r.graph.edges.map((e) => `${e.from}>${e.to}`);
  };
  it('reads chains, subgraph endpoints, comments, ports and concatenated strings', () => {
    expect(edges('strict digraph { // c\n a -> b -> c; /* x */ d -> {e f}\n# pre\n "g" + "h":p:n -> a [color=red] }')).toEqual(['a>b', 'b>c', 'd>e', 'd>f', 'gh>a']);
  });
  it('unescapes \\" and \\\\ in quoted ids, as Go %q writes them', () => {
    const r = parseDot('digraph { "provider[\\"x\\"]" -> "a\\\\b" }');
    expect('graph' in r && [...r.graph.nodes.keys()]).toEqual(['provider["x"]', 'a\\b']);
  });
  it.each([
    ['digraph { a -> }', 16],
    ['graph x { a [label= ] }', 21],
    ['digraph { a', 12],
    ['node { }', 1],
  ])('rejects %s at offset %i', (text, offset) => {
    const r = parseDot(text);
    expect('error' in r && r.error.offset + 1).toBe(offset);
  });
});
