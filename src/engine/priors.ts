/**
 * Priors: documented distributions for the durations a post-mortem rarely states (how long
 * until someone noticed, until the cause was found, until a fleet was back). A catalog
 * writes `{prior: <name>}` where it would write a duration; the model resolves it through
 * this table, or through a table passed to buildModel (a fitter's shared priors).
 *
 * Shape: incident durations are heavy-tailed (most incidents are found and fixed quickly, a
 * few take many times longer), so every prior is a lognormal given by its median and 90th
 * percentile. Numbers come from the timelines of the public post-mortems in the incident
 * library (minutes measured between the milestones each names) where those give them, and
 * are stated as reasoning where they do not. docs/model.md, section "Priors", shows this
 * table; a test keeps the two equal.
 */
import type { Distribution } from '../catalog/model.js';
import { formatDuration } from '../catalog/units.js';

export interface Prior {
  /** The value: a duration in minutes, or (unit 'ratio') a multiple of another quantity. */
  readonly dist: Distribution;
  /**
   * 'ratio': a multiple, not a duration (`catch-up`: a queue's capacity ÷ its arrival), accepted
   * only where the catalog asks for one (`backlog.capacity`, multiplied by the backlog's
   * arrival); absent: minutes, accepted wherever a duration is.
   */
  readonly unit?: 'ratio';
  /** What the duration measures, from which moment to which. */
  readonly measures: string;
  /** Where a catalog typically uses it. */
  readonly use: string;
  /** Where the numbers come from. */
  readonly basis: string;
  /**
   * Scenario ids of the incident library (docs/incidents.md) whose timelines the basis uses:
   * leave-one-incident-out marks an incident predicted with a prior its own data helped set.
   */
  readonly incidents: readonly string[];
}

const ln = (p50: number, p90: number): Distribution => ({ kind: 'lognormal', p50, p90 });

/** The default priors, by name. Minutes. */
export const PRIORS = {
  detect: {
    dist: ln(3, 30),
    measures: 'first user-visible impact → responders alerted',
    use: 'the default `detection` (first impact + this)',
    basis:
      'Post-mortem timelines: Google 2020-12-14 and Datadog 2023-03-08 alert in the minute impact starts (0 min), Fastly 2021-06-08 1 min, GitHub 2018-10-21 2 min, Slack 2021-01-04 about 45 min (errors crept up; paged by an external monitor). Their median is 1 min, but all five were large, loud outages; the median is set at 3 min for smaller impact, which trips fewer alarms. The tail is gradual degradation and monitoring that fails with the system.',
    incidents: ['2020-12-14-google-userid-quota', '2023-03-08-datadog-systemd', '2021-06-08-fastly-config-bug', '2018-10-21-github-network-partition', '2021-01-04-slack-transit-gateway'],
  },
  diagnose: {
    dist: ln(45, 240),
    measures: 'responders alerted → cause identified (the fix to apply is known)',
    use: '`plus` of an action `{after: detection}`',
    basis:
      'Google 2020-12-14 22 min (alert 03:46, cause 04:08); Fastly 2021-06-08 39 min (detected 09:48, configuration pinned down 10:27); AWS 2025-10-20 at most 50 min (DNS state identified 00:38); GitHub 2018-10-21 71 min (recovery plan at 73 min); Roblox 2021-10-28 days (four wrong diagnoses). Median about 45 min; p90 4 h stands for the wrong-diagnosis tail.',
    incidents: ['2020-12-14-google-userid-quota', '2021-06-08-fastly-config-bug', '2025-10-20-dynamodb-dns', '2018-10-21-github-network-partition', '2021-10-28-roblox-consul'],
  },
  mitigate: {
    dist: ln(20, 120),
    measures: 'cause identified → mitigation in effect everywhere',
    use: 'a further `plus` term after `diagnose`; a fault\'s `for` when the mitigation ends it',
    basis:
      'Fastly 2021-06-08 9 min (configuration pinned down 10:27, network recovering 10:36); Google 2020-12-14 19 min (cause 04:08, enforcement off in every data center 04:27); AWS 2025-10-20 37 min to the first temporary mitigations and 107 min to all DNS records restored. Median about 20 min; a mitigation that must be built or staged (a repaired record, a restore) takes hours.',
    incidents: ['2021-06-08-fastly-config-bug', '2020-12-14-google-userid-quota', '2025-10-20-dynamodb-dns'],
  },
  rollback: {
    dist: ln(15, 45),
    measures: 'decision to roll back a deploy or configuration → the old version serves everywhere',
    use: '`for` of a fault caused by a deploy; `plus` of an action after `diagnose`',
    basis:
      'Google 2020-12-14: enforcement disabled in one data center 14 min after the cause was found, everywhere 19 min; Fastly 2021-06-08: the offending configuration disabled within 9 min; Slack 2021-01-04: the day\'s deploys rolled back within about 12 min of the page. A rollback goes through the same staged pipeline as a deploy, hence a tail of under an hour.',
    incidents: ['2020-12-14-google-userid-quota', '2021-06-08-fastly-config-bug', '2021-01-04-slack-transit-gateway'],
  },
  'restart-fleet': {
    dist: ln(90, 300),
    measures: 'decision to restart a large fleet → its capacity back',
    use: '`recovery.time` of a fleet restarted after its cause clears',
    basis:
      'AWS 2025-10-20: DWFM throttled and restarted at 04:14, leases held with every droplet at 05:28 (74 min); Datadog 2023-03-08: EU1 worker nodes restarted in stages, web access 09:13 to capacity fully back 12:05 (172 min); Roblox 2021-10-28: services restarted 05:00 → 10:00 (300 min). Staging to spare control planes and databases is what makes it hours.',
    incidents: ['2025-10-20-dynamodb-dns', '2023-03-08-datadog-systemd', '2021-10-28-roblox-consul'],
  },
  'restart-service': {
    dist: ln(5, 20),
    measures: 'decision to restart one service → it serves again',
    use: '`recovery.time` of one service',
    basis:
      'Reasoning, no timeline isolates it: process start, cache and connection warm-up and health checks take minutes; a rolling restart of a few dozen instances behind a load balancer takes tens of minutes.',
    incidents: [],
  },
  failover: {
    dist: ln(15, 60),
    measures: 'decision to fail over (region, zone, replica) → traffic served from the standby',
    use: '`plus` of a `disable` action on a `failover: true` dependency',
    basis:
      'Reasoning: a runbook step plus DNS TTLs (1–5 min) and connection draining. The timelines show automated failover within the first minute (GitHub 2018-10-21, Orchestrator during a 43 s partition) and a standby blocked by the incident itself (AWS 2021-12-07, the status page\'s failover to its standby region), so the tail is wide.',
    incidents: ['2018-10-21-github-network-partition', '2021-12-07-aws-network-congestion'],
  },
  drain: {
    dist: ln(10, 45),
    measures: 'decision to take a zone, cell or host group out of service → traffic moved off it',
    use: '`plus` of a `disable` action taking a zone or cell out',
    basis:
      'Reasoning: the same mechanics as a failover (weights or health overrides, connection draining) without promoting a standby. AWS 2025-10-20 shows the slow case: automatic NLB zone failover disabled 2 h 44 min after the problem was detected, diagnosis included.',
    incidents: ['2025-10-20-dynamodb-dns'],
  },
  'scale-out': {
    dist: ln(20, 120),
    measures: 'decision to add capacity → the new capacity serves',
    use: '`plus` of an action that adds capacity (e.g. `relax` of a throttle)',
    basis:
      'Slack 2021-01-04: 1,200 web servers requested at 61–75 min, healthy instances entering service at about 135 min (60 min, after hitting file and quota limits); Datadog 2023-03-08: scale-out to work off buffered data hit a VM limit. Median from instance boot and warm-up; the tail is quotas.',
    incidents: ['2021-01-04-slack-transit-gateway', '2023-03-08-datadog-systemd'],
  },
  'escalate-to-provider': {
    dist: ln(60, 240),
    measures: 'responders alerted → a provider or vendor acting on the problem',
    use: '`plus` of an action only a provider can take; a provider fault\'s `for`',
    basis:
      'Slack 2021-01-04: paged at about 45 min, AWS raised Transit Gateway capacity at about 280 min (about 4 h later; AWS had also seen the drops in its own monitoring); Roblox 2021-10-28: HashiCorp engineers joined during the first diagnosis (not timed). Cloud support plans promise a first response to a production-down case within 15 min to 1 h; acting on it takes longer, hence the median of 1 h.',
    incidents: ['2021-01-04-slack-transit-gateway', '2021-10-28-roblox-consul'],
  },
  'mitigate-blind': {
    dist: ln(240, 1440),
    measures: 'responders alerted → mitigation in effect, when the incident has also taken out their own monitoring or tools',
    use: 'a backlog\'s `mitigation` (or an action\'s `plus`) where the post-mortem says operators worked without monitoring',
    basis:
      'Library incidents whose responders lost their own observability: Slack 2021-01-04 150 min (paged about 06:45 with dashboards and alerting down; serving again, degraded, about 09:15); Datadog 2023-03-08 190 min (internal alert 06:03, no observability or Kubernetes API access; web access back 09:13); Facebook 2021-10-04 about 300 min (first outside detection 15:51, internal tools broken by the same DNS; routes back about 20:50; includes getting on site); Roblox 2021-10-28 about 3000 min (telemetry depended on the failing Consul; investigation 13:37, fix in effect 15:51 two days later). Median of the four about 4 h (between 190 and 300 min); p90 a day for the wrong-diagnosis tail. Four times the `mitigate` median: the responders must first find the problem without the tools that normally show it.',
    incidents: ['2021-01-04-slack-transit-gateway', '2023-03-08-datadog-systemd', '2021-10-04-facebook-bgp', '2021-10-28-roblox-consul'],
  },
  'restore-per-tb': {
    dist: ln(180, 720),
    measures: 'restoring a database or disk from a remote backup, per terabyte restored: download, decompress, verify, prepare',
    use: '`restart.over` (or `recovery.time`) of a store rebuilt from backups, written `{prior: restore-per-tb, times: <size in TB>}`',
    // addresses of the sources: docs/model.md, "Priors", below the table (the basis is shown in reports, which carry no URLs)
    basis:
      'Sources outside the incident library, converted to hours per TB (10¹² bytes). AWS: a volume created from an EBS snapshot downloads its blocks from S3 at a default rate that fluctuates, or at a provisioned rate of 100–300 MiB/s (0.9–2.7 h/TB) (Amazon EBS User Guide, "Initialize Amazon EBS volumes"; EC2 API, CreateVolume `VolumeInitializationRate`, valid range 100–300 MiB/s). Percona, "Comparing S3 Streaming Tools with Percona XtraBackup" (2019-11-26, sections "AWS (Same Region)" and "AWS (From US to EU)"): uploading an XtraBackup stream to S3 within one AWS region ran at 130–141 MiB/s with the faster tools (1.9–2.0 h/TB) and at 25 MiB/s with xbcloud\'s defaults (11 h/TB), and from us-east-1 to eu-central-1 at 61 MiB/s (4.3 h/TB); a restore downloads the same way, but the post times uploads. ClickHouse Cloud documentation (backups guide, section "Backup durations"): a backup of about 1 TB takes 10–15 min or longer and a restore about as long (0.2 h/TB, a managed service restoring in parallel inside its provider). GitLab, "Postmortem of database outage of January 31" (2017-02-10, section "Recovering GitLab.com"): about 300 GB copied in about 18 h from network disks throttled to about 60 Mbps (60 h/TB); section "Azure disk snapshots": a snapshot restored into another storage account "can take hours if not days", once over a week. Moving the bytes of one stream takes about 2 h per TB in the middle of these; a restore also decompresses, verifies and prepares (applies its logs), which no source times, counted as half again: median 3 h per TB (0.33 TB/h). p90 12 h per TB: cross-region transfer alone is 4.3 h/TB, an untuned tool 11 h/TB, and throttled or cross-account storage is slower still. The sources do not give an end-to-end restore of a known size, how the pace changes with many restores in parallel, or the prepare step\'s share.',
    incidents: [],
  },
  'site-access': {
    dist: ln(60, 240),
    measures: 'decision to send people to the equipment (remote and out-of-band access lost) → people at the equipment, through physical security, able to work on it',
    use: 'a `plus` term of an action only someone on site can take, between `diagnose` and the repair itself (e.g. `rollback`)',
    // addresses of the sources: docs/model.md, "Priors", below the table
    basis:
      'Sources outside the incident library. Optus, 8 November 2023 (Australian Senate Environment and Communications References Committee, "Optus Network Outage" report, chapter 2 timeline and chapter 3 §3.2–3.3): the outage cut remote access to its routers; field technicians were reported dispatched at 09:37 (Brisbane Times, 10 November 2023; when the decision was taken is not published), the hard reboot began at 10:30, 53 min later, and about 100 devices at 14 locations were rebooted by hand, the network largely back by 16:00. Hardware support at its premium level commits an engineer on site within 4 h of the request, 24×7 (HP Proactive Care datasheet, "4-hour on-site response"); standard levels, the next business day. Cloudflare 2023-11-02 (post-mortem of the control plane and analytics outage: the data center\'s access control, not on battery power, was offline when equipment had to be reached by hand) and Rogers 2022-07-08 (remote staff could not reach the management network; CRTC-commissioned Xona Partners review, executive summary) confirm the mechanism but give no times. Median 1 h: on-call staff near their sites, as at Optus, where hands-on work began within an hour of the dispatch being reported; p90 4 h, the premium on-site commitment of hardware vendors; a remote site, a security lockdown or many sites at once take longer. The sources do not time a decision-to-arrival interval directly, nor how long physical and system security took.',
    incidents: [],
  },
  'catch-up': {
    dist: ln(3.3, 5.5),
    unit: 'ratio',
    measures: 'a queue\'s capacity while it works off a backlog, as a multiple of its normal arrival (capacity ÷ arrival)',
    use: '`backlog.capacity` of a queue whose post-mortem times the backlog but not how fast it drained: `capacity: {prior: catch-up}` (multiplied by the backlog\'s `arrival`)',
    basis:
      'Drain phases of the incident library whose build-up and drain are both timed, read as capacity ÷ arrival = 1 + build-up time ÷ drain time (a steady arrival throughout): AWS 2025-10-20, Lambda\'s SQS event-source polling, built up for 292 min (23:48 → 04:40, when the polling subsystem was restored) and worked off in 80 min (→ 06:00): 4.7×; AWS 2025-10-20, EC2 Network Manager, network state piling up behind DWFM for 340 min (23:48 → 05:28) and propagated in 308 min (→ 10:36): 2.1×, uncertain both ways, since launches (and so the work arriving) fell off during the event and surged after it; GitHub 2018-10-21, webhooks, over 5 million events queued over 1,025 min of pause (23:19 → 16:24, when the backlog started processing) and all delivered by 23:03, 399 min later: at least 3.6×, since processing was paused once on the way to raise a TTL. Geometric mean 3.3, standard deviation of the logarithms 0.40: p50 3.3×, p90 5.5×. Three queues are a small sample: a poller fleet that scales out drains fast; a queue paced on purpose (to spare partners or a control plane) slowly. Below 1× a queue never drains (0.1 % of draws).',
    incidents: ['2025-10-20-dynamodb-dns', '2018-10-21-github-network-partition'],
  },
} as const satisfies Readonly<Record<string, Prior>>;

export type PriorName = keyof typeof PRIORS;
export const PRIOR_NAMES: readonly PriorName[] = Object.keys(PRIORS) as PriorName[];
const isRatio = (n: PriorName): boolean => (PRIORS[n] as Prior).unit === 'ratio';
/** The priors that are durations (minutes): accepted wherever a duration is. */
export const DURATION_PRIOR_NAMES: readonly PriorName[] = PRIOR_NAMES.filter((n) => !isRatio(n));
/** The priors that are multiples (`unit: 'ratio'`): accepted as a backlog's capacity, × its arrival. */
export const RATIO_PRIOR_NAMES: readonly PriorName[] = PRIOR_NAMES.filter(isRatio);

/** Distributions by prior name: the defaults, or a fitter's replacement for some of them. */
export type PriorTable = Readonly<Record<string, Distribution>>;

/** The prior table with `overrides` replacing defaults by name. Unknown names are refused (a bug in the caller). */
export function priorTable(overrides: Readonly<Partial<Record<string, Distribution>>> = {}): PriorTable {
  const out: Record<string, Distribution> = Object.create(null) as Record<string, Distribution>;
  for (const name of PRIOR_NAMES) out[name] = PRIORS[name].dist;
  for (const [name, dist] of Object.entries(overrides)) {
    if (!Object.prototype.hasOwnProperty.call(PRIORS, name)) throw new Error(`bug: no prior named "${name}" (known: ${PRIOR_NAMES.join(', ')})`);
    if (dist) out[name] = dist;
  }
  return out;
}

/** A prior's distribution in its unit: "lognormal, p50 1h30m, p90 5h" or "lognormal, p50 3.3×, p90 5.5×". */
export function priorDistributionText(name: PriorName): string {
  const d = PRIORS[name].dist as Distribution;
  const f = (x: number): string => formatPriorValue(name, x);
  return d.kind === 'lognormal' ? `lognormal, p50 ${f(d.p50)}, p90 ${f(d.p90)}`
    : d.kind === 'uniform' ? `uniform ${f(d.min)}–${f(d.max)}`
    : `fixed ${f(d.value)}`;
}

/** The priors table as docs/model.md shows it (markdown). */
export function priorsMarkdown(): string {
  const rows = PRIOR_NAMES.map((n) => `| \`${n}\` | ${PRIORS[n].measures} | ${priorDistributionText(n)} | ${PRIORS[n].use} | ${PRIORS[n].basis} |`);
  return ['| prior | measures | distribution | typical use | source or reasoning |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** A value of prior `name` in its unit: a duration ("1h30m"), or a multiple ("3.29×") for a ratio prior. */
export function formatPriorValue(name: string, v: number): string {
  const p = (PRIORS as Readonly<Record<string, Prior>>)[name];
  return p?.unit === 'ratio' ? `${Number(v.toPrecision(3))}×` : formatDuration(v);
}
