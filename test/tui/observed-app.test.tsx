/**
 * The observed milestones of the AWS 2025-10-20 scenario (catalogs/aws-us-east-1, 15 of
 * them) as the explorer draws them, through ink. The pure placement and texts are tested
 * by hand in observed.test.ts; this checks they reach the screen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildExplorerData } from '../../src/tui/state/data.js';
import { drive, KEY, type Driven } from './harness.js';

const aws = buildExplorerData(loadCatalog('catalogs/aws-us-east-1').catalog!, 'catalogs/aws-us-east-1');
let app: Driven | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

describe('observed milestones of the AWS 2025-10-20 scenario', () => {
  it('are marked under the timeline with a legend, and the selected service shows its own', async () => {
    const scenario = aws.scenarios.findIndex((s) => s.rawId === '2025-10-20-dynamodb-dns');
    app = await drive({ data: aws, color: false, size: { cols: 120, rows: 40 }, scenario });
    const f = await app.waitFor((x) => x.includes('Timeline'));
    // The sparkline is 62 cells over 1d4h4m (1684 minutes): column round(t / 1684 × 61).
    // DynamoDB recovered at 172 → 6; DWFM at 340 and NLB errors at 342 → 12 (one mark);
    // Lambda's SQS backlog at 372 → 13; … the last Redshift clusters at 1697, after the end
    // of the timeline, → 61, the last column.
    expect(f).toContain('│ ^ ');
    expect(f).toContain('│       ◆     ◆◆        ◆◆     ◆ ◆◆◆                           ◆ │');
    expect(f).toContain('◆ observed: 15 milestones, 15 of 15 within tolerance');
    // The scenario's trigger is selected first: it has no observation of its own.
    expect(f).toContain('✗ dynamodb-endpoint-dns down');
    expect(f).not.toContain('observed: recovered at');

    // Select ec2-dwfm: its leases were re-established at 05:28, 5h40m after the start (23:48).
    await app.press(' ', '/', ...'ec2-dwfm', KEY.enter);
    const g = await app.waitFor((x) => x.includes('✗ ec2-dwfm down') && x.includes('‖ paused'));
    expect(g).toContain('observed: recovered at +5h40m (simulated +5h40m, +0 min)');
    // the marks stay while the selection moves
    expect(g).toContain('◆ observed: 15 milestones');
  });
});
