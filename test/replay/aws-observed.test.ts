/**
 * The AWS 2025-10-20 scenario's observed: list (timestamps in PDT) says the same as the
 * calibration milestones (minutes after 23:48 PDT) of
 * catalogs/aws-us-east-1/calibration/2025-10-20-dynamodb-dns.json: two encodings of the
 * published timeline that must agree.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import type { MilestoneSet } from '../../src/report/calibration.js';

const dir = 'catalogs/aws-us-east-1';
const set = JSON.parse(readFileSync(`${dir}/calibration/2025-10-20-dynamodb-dns.json`, 'utf8')) as MilestoneSet;
const { catalog } = loadCatalog(dir);

describe('AWS 2025-10-20 observed milestones', () => {
  it('match the calibration milestones and the stretch goal, in order', () => {
    const observed = catalog!.scenarios.get(set.scenario)!.observed!;
    const expected = [...set.milestones, ...(set.stretch ?? [])].map((m) => ({
      label: m.label,
      service: m.service ?? 'all',
      event: m.measure === 'impactStart' ? 'impact' : 'recovered',
      at: m.published,
    }));
    expect(observed.map((o) => ({ label: o.label, service: o.service, event: o.event, at: o.at }))).toEqual(expected);
  });

  it('cite the post-event summary or the Health Dashboard', () => {
    for (const o of catalog!.scenarios.get(set.scenario)!.observed!) {
      expect(o.source).toMatch(/^https:\/\/(aws\.amazon\.com\/message\/101925\/|health\.aws\.amazon\.com\/health\/status) \(.+\)$/);
    }
  });
});
