import { describe, expect, it } from 'vitest';
import { classifyNode, importTerraform } from '../../src/import/terraform/import.js';
import { MAX_SUBGRAPH_DEPTH, parseDot } from '../../src/import/terraform/dot.js';
import { codesAt, edgeList, FIX, sources, toCatalog, whyOf } from './helpers.js';

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
    // The one data source is noted, at its node.
    expect(codesAt(res)).toEqual(['ignored@plan.dot:9:3']);
    expect(res.diagnostics[0]!.message).toContain('1 data source is read when Terraform plans');
  });

  it('drops data sources from the services but keeps the dependencies that pass through them', () => {
    const res = importTerraform(sources('terraform/data-sources.dot'), {});
    const { catalog, errors } = toCatalog(res);
    expect(errors).toEqual([]);
    expect([...catalog.services.keys()].sort()).toEqual(['aws_iam_instance_profile.app', 'aws_iam_role.app', 'aws_iam_role_policy.app', 'aws_instance.app', 'aws_s3_bucket.assets', 'module.dns.aws_route53_record.app']);
    expect(edgeList(catalog)).toEqual([
      'aws_iam_instance_profile.app -> aws_iam_role.app (hard)',
      'aws_iam_role_policy.app -> aws_iam_role.app (hard)',
      'aws_iam_role_policy.app -> aws_s3_bucket.assets (hard)', // only through data.aws_iam_policy_document.app
      'aws_instance.app -> aws_iam_instance_profile.app (hard)', // data.aws_ami.ubuntu leads nowhere
      'module.dns.aws_route53_record.app -> aws_instance.app (hard)', // through module.dns.data.aws_instance.app
    ]);
    expect(whyOf(catalog, 'aws_iam_role_policy.app', 'aws_s3_bucket.assets')).toBe('terraform: aws_iam_role_policy.app → data.aws_iam_policy_document.app → aws_s3_bucket.assets');
    expect(whyOf(catalog, 'module.dns.aws_route53_record.app', 'aws_instance.app')).toBe('terraform: module.dns.aws_route53_record.app → module.dns.data.aws_instance.app → aws_instance.app');
    expect(codesAt(res)).toEqual(['ignored@data-sources.dot:12:3']);
    expect(res.diagnostics[0]!.message).toContain('4 data sources are read when Terraform plans, not services at run time; dependencies pass through them: data.aws_ami.ubuntu, data.aws_iam_policy_document.app, module.dns.data.aws_instance.app, module.dns.data.aws_route53_zone.main');
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
    ['[root] data.aws_ami.ubuntu (expand)', 'pass:data.aws_ami.ubuntu'],
    ['data.aws_subnet.private["a"]', 'pass:data.aws_subnet.private'],
    ['[root] module.net.data.aws_vpc.shared (expand)', 'pass:module.net.data.aws_vpc.shared'],
  ])('%s is %s', (id, expected) => {
    const c = classifyNode(id);
    expect(c.kind === 'resource' ? `resource:${c.address}` : c.kind === 'pass' && c.data ? `pass:${c.label}` : c.kind).toBe(expected);
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

describe('DOT nesting', () => {
  // Each level is a recursive call; 3,000 levels in 3 KB once overflowed the stack (an internal error).
  it.each([
    ['{', 3000],
    ['subgraph {', 3000],
    ['subgraph s { a -> ', 2000],
  ])('%j nested %i deep is a syntax error at the level past the limit, not a stack overflow', (open, n) => {
    const head = 'digraph {\n';
    const text = `${head}${open.repeat(n)}${'}'.repeat(n)}}\n`;
    const r = parseDot(text);
    // The 101st opening brace: MAX_SUBGRAPH_DEPTH = 100 levels are read.
    const offset = head.length + open.length * MAX_SUBGRAPH_DEPTH + open.indexOf('{');
    expect(r).toEqual({ error: { offset, message: 'subgraphs nest deeper than 100 levels' } });
  });

  it('100 levels are read', () => {
    const r = parseDot(`digraph { ${'{ '.repeat(100)}a -> b${' }'.repeat(100)} }`);
    expect('graph' in r && r.graph.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['a>b']);
  });

  it('blast import terraform exits 2 with the position (3,000 levels in 6 KB)', async () => {
    const { runCli } = await import('../../src/cli/program.js');
    let err = '';
    const code = await runCli(['import', 'terraform', `${FIX}/../hostile-import/nested-3000.dot`], { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) }, env: {}, stdinIsTTY: false });
    expect(code).toBe(2);
    // Line 2 holds the 3,000 braces; the 101st is at column 101.
    expect(err).toContain('nested-3000.dot:2:101: error[syntax]: subgraphs nest deeper than 100 levels');
    expect(err).not.toMatch(/\n\s+at /);
  });
});
