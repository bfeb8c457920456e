import { SEVERITY_RANK, type Finding, type FindingKind, type Severity } from '@/lib/contract/findings';

/**
 * Findings grouped the way Alertmanager groups alerts: one group per kind and
 * cause, with the members behind it, so 5,000 unreachable nodes are one card
 * ("5,000 nodes unreachable — connection refused, 127.0.0.1:22000 …") rather
 * than 5,000. When most of a cluster's nodes fail the same way at once, the
 * nodes are rarely all broken: the group names the likelier cause (the
 * dashboard's own network, DNS, certificates or credentials) first.
 */

export type LikelyCause = {
  /** What probably broke, in the operator's words. */
  summary: string;
  /** Where to look first. */
  hint: string;
  /** Nodes that failed this way within one onset window, against the cluster's size. */
  affected: number;
  clusterSize: number;
};

export type FindingGroup<Member extends Finding = Finding> = {
  /** Stable across cycles: kind + cause. */
  key: string;
  kind: FindingKind;
  /** Machine cause (a poll reason code, a link error code, …); null when the kind has no finer cause. */
  cause: string | null;
  /** The cause in words, e.g. "connection refused". */
  causeLabel: string | null;
  /** The worst severity among members. */
  severity: Severity;
  /** e.g. "5,000 nodes unreachable — connection refused, 127.0.0.1:22000 …" */
  title: string;
  count: number;
  /** The first few members' subjects (addresses for nodes), as shown in the title. */
  sample: string[];
  firstSeen: number;
  lastSeen: number;
  likelyCause: LikelyCause | null;
  /** Every finding behind the group, most severe and oldest first. */
  members: Member[];
};

export type GroupOptions = {
  /** Targets in the cluster: "most nodes" is measured against this. */
  clusterSize: number;
  /** Findings that began within this window of each other began "at once" (a couple of poll intervals). */
  onsetWindowMs: number;
  /** Share of the cluster that makes "most nodes" (default: more than half). */
  mostShare?: number;
  /** Below this many nodes a shared failure says nothing about the dashboard's side (default 3). */
  minNodesForLikelyCause?: number;
  /** Subjects named in a title (default 3). */
  sampleSize?: number;
};

type Noun = { one: string; many: string; verb: string };

/** How a group of each kind reads: "5,000 nodes unreachable", "1 link in error". */
const KIND_WORDS: Record<FindingKind, Noun> = {
  'node.unreachable': { one: 'node', many: 'nodes', verb: 'unreachable' },
  'node.timeout': { one: 'node', many: 'nodes', verb: 'not answering in time' },
  'node.bad_response': { one: 'node', many: 'nodes', verb: 'answering with a bad response' },
  'node.identity_changed': { one: 'node', many: 'nodes', verb: 'calling itself by another id' },
  'peer.category_gap': { one: 'peer', many: 'peers', verb: 'in no category' },
  'peer.multi_category': { one: 'peer', many: 'peers', verb: 'in several categories' },
  'peer.read_error': { one: 'peer DB key', many: 'peer DB keys', verb: 'failing to read' },
  'peer.count_mismatch': { one: 'node', many: 'nodes', verb: 'contradicting its own peer counts' },
  'peer.stats_stale': { one: 'node', many: 'nodes', verb: 'with peer categories gone silent' },
  'peer.membership_divergence': { one: 'member list', many: 'member lists', verb: 'disagreeing on who is in the cluster' },
  'sync.error': { one: 'replication link', many: 'replication links', verb: 'in error' },
  'sync.unknown': { one: 'replication link', many: 'replication links', verb: 'in an unknown state' },
  'sync.stalled': { one: 'replication link', many: 'replication links', verb: 'stalled' },
  'sync.registration_loop': { one: 'replica', many: 'replicas', verb: 'in a registration loop' },
  'sync.lagging': { one: 'replication link', many: 'replication links', verb: 'lagging' },
  'routing.divergence': { one: 'routing view', many: 'routing views', verb: 'diverging' },
  'routing.unowned': { one: 'partition', many: 'partitions', verb: 'without an owner' },
  'routing.multi_owner': { one: 'partition', many: 'partitions', verb: 'with several owners' },
  'routing.owned_count_mismatch': { one: 'node', many: 'nodes', verb: 'miscounting owned partitions' },
  'routing.unhealthy': { one: 'table', many: 'tables', verb: 'with unhealthy partitions' },
  'node.verdict_conflict': { one: 'server', many: 'servers', verb: 'contradicting the meta server' },
  'failover.primary_lost': { one: 'partition', many: 'partitions', verb: 'without their primary' },
  'failover.stale_config': { one: 'node or client', many: 'nodes or clients', verb: 'on an old configuration' },
  'failover.ballot_regression': { one: 'view', many: 'views', verb: 'back on older ballots' },
  'failover.ballot_gap': { one: 'view', many: 'views', verb: 'skipping ballots between polls' },
  'dashboard.collector_moved': { one: 'cluster', many: 'clusters', verb: 'collected by another dashboard replica since' },
};

/** Poll reason codes in words (lib/contract/report.ts REASON_CODES). */
const REASON_LABELS: Record<string, string> = {
  refused: 'connection refused',
  dns: 'name does not resolve',
  tls: 'TLS handshake failed',
  network: 'network error',
  timeout: 'no answer in time',
  http_status: 'HTTP error status',
  not_json: 'not JSON',
  oversize: 'answer too large',
  schema: 'fails the admin API schema',
  auth: 'credentials refused',
  protocol: 'protocol error',
  dashboard_fd_limit: 'the dashboard ran out of file descriptors',
};

/**
 * Causes that are the dashboard's own trouble however few nodes they touch:
 * the node was never asked, so the group says so instead of blaming the nodes.
 */
const DASHBOARD_CAUSES: Record<string, { verb: string; summary: string; hint: string }> = {
  dashboard_fd_limit: {
    verb: 'not polled',
    summary: 'the dashboard itself: it ran out of file descriptors',
    hint:
      'These polls never left the dashboard: its process reached its open-file limit (EMFILE) or the host its file table (ENFILE), so the nodes were not asked. ' +
      'Raise the limit (docker run --ulimit nofile=65536, LimitNOFILE= under systemd) or split the targets across dashboards; the start-up log says how many connections fit.',
  },
};

/** When most nodes fail with this reason at once, the shared part is the likelier culprit. */
const SHARED_CAUSES: Record<string, { summary: string; hint: string }> = {
  refused: {
    summary: "the dashboard's own network",
    hint: 'Most nodes refused connections at the same moment: check the network path from the dashboard (firewall, proxy, routes, a changed port) before the nodes themselves.',
  },
  network: {
    summary: "the dashboard's own network",
    hint: 'Most nodes failed at the socket level at the same moment: check the dashboard host and its network path before the nodes.',
  },
  timeout: {
    summary: "the dashboard's own network, or the dashboard overloaded",
    hint: 'Most nodes stopped answering in time at the same moment: check packet loss on the dashboard side and its CPU before the nodes.',
  },
  dns: {
    summary: "the dashboard's DNS",
    hint: "Most node names stopped resolving at the same moment: check the dashboard's resolver (/etc/resolv.conf, the DNS server) before the nodes.",
  },
  tls: {
    summary: 'a certificate change',
    hint: 'Most TLS handshakes failed at the same moment: check the CA bundle the dashboard trusts and certificate expiry before the nodes.',
  },
  auth: {
    summary: "the dashboard's credentials",
    hint: 'Most nodes refused the credentials at the same moment: check the token the dashboard sends (its environment variable) before the nodes.',
  },
};

const countFormat = new Intl.NumberFormat('en-US');

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** The machine cause of a finding: what splits one kind into groups. */
export function causeOf(finding: Finding): string | null {
  const evidence = finding.evidence;
  if (finding.kind.startsWith('node.')) return text(evidence.reason);
  // Links and other kinds group by their error code when the evidence carries one.
  const lastError = evidence.lastError;
  if (lastError && typeof lastError === 'object' && 'code' in lastError) return text((lastError as { code?: unknown }).code);
  return text(evidence.code);
}

function causeLabel(kind: FindingKind, cause: string | null): string | null {
  if (cause === null) return null;
  return kind.startsWith('node.') ? (REASON_LABELS[cause] ?? cause) : cause;
}

/** What names a member in a title: a node's address, else its subject id. */
function sampleName(finding: Finding): string {
  return text(finding.evidence.address) ?? finding.subject.id;
}

/** The first `size` distinct names: a link seen from both of its ends is named once. */
function distinctNames(members: readonly Finding[], size: number): string[] {
  const names = new Set<string>();
  for (const member of members) {
    if (names.size >= size) break;
    names.add(sampleName(member));
  }
  return [...names];
}

/** Natural order, so node-2 comes before node-10. */
const naturalOrder = new Intl.Collator('en', { numeric: true });

function byMemberOrder(a: Finding, b: Finding): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.firstSeen - b.firstSeen || naturalOrder.compare(a.id, b.id);
}

/** The most members whose firstSeen lie within one window of each other (sliding window over sorted starts). */
export function largestOnset(firstSeens: readonly number[], windowMs: number): number {
  const sorted = [...firstSeens].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[end] - sorted[start] > windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/**
 * Poll failures that point at the same shared part: a network path that dies
 * leaves some connections refused, some reset and some hanging, so they are
 * counted together when asking whether "most nodes" failed at once.
 */
const CAUSE_FAMILY: Record<string, string> = { refused: 'socket', network: 'socket', timeout: 'socket', dns: 'dns', tls: 'tls', auth: 'auth' };

/** firstSeen of every node-poll finding, per cause family. */
function familyOnsets(findings: readonly Finding[]): Map<string, number[]> {
  const onsets = new Map<string, number[]>();
  for (const finding of findings) {
    if (!finding.kind.startsWith('node.')) continue;
    const cause = causeOf(finding);
    const family = cause === null ? undefined : CAUSE_FAMILY[cause];
    if (family === undefined) continue;
    let starts = onsets.get(family);
    if (!starts) onsets.set(family, (starts = []));
    starts.push(finding.firstSeen);
  }
  return onsets;
}

function likelyCauseOf(
  kind: FindingKind,
  cause: string | null,
  members: number,
  onsets: ReadonlyMap<string, readonly number[]>,
  options: GroupOptions,
): LikelyCause | null {
  if (!kind.startsWith('node.') || cause === null) return null;
  const ours = DASHBOARD_CAUSES[cause];
  if (ours) return { summary: ours.summary, hint: ours.hint, affected: members, clusterSize: options.clusterSize };
  const shared = SHARED_CAUSES[cause];
  const starts = onsets.get(CAUSE_FAMILY[cause]);
  if (!shared || !starts || options.clusterSize <= 0) return null;
  const affected = largestOnset(starts, options.onsetWindowMs);
  const most = affected > options.clusterSize * (options.mostShare ?? 0.5);
  if (!most || affected < (options.minNodesForLikelyCause ?? 3)) return null;
  return { ...shared, affected, clusterSize: options.clusterSize };
}

function titleOf(kind: FindingKind, cause: string | null, count: number, label: string | null, sample: readonly string[], likely: LikelyCause | null): string {
  const words = KIND_WORDS[kind];
  const ours = cause === null ? undefined : DASHBOARD_CAUSES[cause];
  const head = `${countFormat.format(count)} ${count === 1 ? words.one : words.many} ${ours?.verb ?? words.verb}`;
  const names = sample.length > 0 ? `${sample.join(', ')}${count > sample.length ? ' …' : ''}` : '';
  const detail = [label, names].filter(Boolean).join(', ');
  const body = detail ? `${head} — ${detail}` : head;
  if (!likely) return body;
  if (ours) return `Likely ${likely.summary}. ${body}`;
  return `Likely ${likely.summary}: ${countFormat.format(likely.affected)} of ${countFormat.format(likely.clusterSize)} nodes failed at once. ${body}`;
}

/**
 * Groups one cluster's findings by kind and cause. Order: groups naming a
 * likely shared cause first, then by worst severity, then by size.
 */
export function groupFindings<Member extends Finding>(findings: readonly Member[], options: GroupOptions): FindingGroup<Member>[] {
  const byKey = new Map<string, { kind: FindingKind; cause: string | null; members: Member[] }>();
  for (const finding of findings) {
    const cause = causeOf(finding);
    const key = cause === null ? finding.kind : `${finding.kind}:${cause}`;
    let group = byKey.get(key);
    if (!group) {
      group = { kind: finding.kind, cause, members: [] };
      byKey.set(key, group);
    }
    group.members.push(finding);
  }
  const sampleSize = options.sampleSize ?? 3;
  const onsets = familyOnsets(findings);
  const groups: FindingGroup<Member>[] = [];
  for (const [key, { kind, cause, members }] of byKey) {
    members.sort(byMemberOrder);
    const label = causeLabel(kind, cause);
    const sample = distinctNames(members, sampleSize);
    const likelyCause = likelyCauseOf(kind, cause, members.length, onsets, options);
    let firstSeen = Infinity;
    let lastSeen = -Infinity;
    for (const member of members) {
      firstSeen = Math.min(firstSeen, member.firstSeen);
      lastSeen = Math.max(lastSeen, member.lastSeen);
    }
    groups.push({
      key,
      kind,
      cause,
      causeLabel: label,
      severity: members[0].severity,
      title: titleOf(kind, cause, members.length, label, sample, likelyCause),
      count: members.length,
      sample,
      firstSeen,
      lastSeen,
      likelyCause,
      members,
    });
  }
  return groups.sort(compareGroups);
}

/** The groups order: a likely shared cause first, then worst severity, then size; also used to merge several clusters' groups. */
export function compareGroups(a: Pick<FindingGroup, 'likelyCause' | 'severity' | 'count' | 'key'>, b: Pick<FindingGroup, 'likelyCause' | 'severity' | 'count' | 'key'>): number {
  return (
    Number(b.likelyCause !== null) - Number(a.likelyCause !== null) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    b.count - a.count ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}
