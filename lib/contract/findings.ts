import { z } from './zod';

/** Stable finding kinds: the API, the UI and the tests use these names. */
export const FINDING_KINDS = [
  'node.unreachable',
  'node.timeout',
  'node.bad_response',
  'node.identity_changed',
  'peer.category_gap',
  'peer.multi_category',
  'peer.read_error',
  'peer.count_mismatch',
  'peer.stats_stale',
  'peer.membership_divergence',
  'sync.error',
  'sync.unknown',
  'sync.stalled',
  'sync.registration_loop',
  'sync.lagging',
  'routing.divergence',
  'routing.unowned',
  'routing.multi_owner',
  'routing.owned_count_mismatch',
  'routing.unhealthy',
  'node.verdict_conflict',
  'failover.primary_lost',
  'failover.stale_config',
  'failover.ballot_regression',
  'failover.ballot_gap',
  'dashboard.collector_moved',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SUBJECT_TYPES = ['node', 'peer', 'link', 'partition', 'cluster'] as const;

export const findingSubjectSchema = z.object({
  type: z.enum(SUBJECT_TYPES),
  /** The peer id, link id, partition id or node id. */
  id: z.string(),
  /** The node whose report raised it, when there is one. */
  node: z.string().optional(),
});
export type FindingSubject = z.infer<typeof findingSubjectSchema>;

export const FINDING_CLASSES = ['transient', 'persistent'] as const;
export type FindingClass = (typeof FINDING_CLASSES)[number];

export const findingSchema = z.object({
  /** Stable across cycles for the same condition: kind + subject. */
  id: z.string(),
  kind: z.enum(FINDING_KINDS),
  severity: z.enum(SEVERITIES),
  subject: findingSubjectSchema,
  summary: z.string(),
  /** Facts behind the verdict (offsets, ages, messages) — shown to the operator as is. */
  evidence: z.record(z.string(), z.unknown()),
  firstSeen: z.number(),
  lastSeen: z.number(),
  status: z.enum(['active', 'resolved']),
  resolvedAt: z.number().nullable(),
  class: z.enum(FINDING_CLASSES),
  /** Log group fingerprints that belong to this finding. */
  logGroups: z.array(z.string()).default([]),
});
export type Finding = z.infer<typeof findingSchema>;

/**
 * What a diagnostic says about the present moment. The findings tracker turns
 * a stream of conditions into findings with firstSeen / lastSeen / resolved.
 */
export type Condition = {
  kind: FindingKind;
  severity: Severity;
  subject: FindingSubject;
  summary: string;
  evidence: Record<string, unknown>;
  /** Set when the diagnostic knows better than the default rule (see findings tracker). */
  class?: FindingClass;
  /** When the condition began, if the diagnostic can tell from history. */
  since?: number;
};

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** The dashboard views a finding can belong to. */
export const FINDING_VIEWS = ['overview', 'peers', 'sync', 'routing', 'failover'] as const;
export type FindingView = (typeof FINDING_VIEWS)[number];

/** Which view shows each kind of finding: the one place that decides it (the type makes it complete). */
export const VIEW_OF_KIND: Record<FindingKind, FindingView> = {
  'node.unreachable': 'overview',
  'node.timeout': 'overview',
  'node.bad_response': 'overview',
  'node.identity_changed': 'overview',
  'peer.category_gap': 'peers',
  'peer.multi_category': 'peers',
  'peer.read_error': 'peers',
  'peer.count_mismatch': 'peers',
  'peer.stats_stale': 'peers',
  'peer.membership_divergence': 'peers',
  'sync.error': 'sync',
  'sync.unknown': 'sync',
  'sync.stalled': 'sync',
  'sync.registration_loop': 'sync',
  'sync.lagging': 'sync',
  'routing.divergence': 'routing',
  'routing.unowned': 'routing',
  'routing.multi_owner': 'routing',
  'routing.owned_count_mismatch': 'routing',
  'routing.unhealthy': 'routing',
  'node.verdict_conflict': 'overview',
  'failover.primary_lost': 'failover',
  'failover.stale_config': 'failover',
  'failover.ballot_regression': 'failover',
  'failover.ballot_gap': 'failover',
  'dashboard.collector_moved': 'overview',
};

export function findingsOfView<F extends { kind: FindingKind }>(findings: readonly F[], view: FindingView): F[] {
  return findings.filter((finding) => VIEW_OF_KIND[finding.kind] === view);
}

/**
 * The one order of findings, on the server and in the browser: active before
 * resolved; active ones most severe first, then the most recently started
 * first (what changed is what to look at); resolved ones most recently resolved first.
 */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.status !== b.status) return a.status === 'active' ? -1 : 1;
  if (a.status === 'active') {
    return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.firstSeen - a.firstSeen || a.id.localeCompare(b.id);
  }
  return (b.resolvedAt ?? b.lastSeen) - (a.resolvedAt ?? a.lastSeen) || a.id.localeCompare(b.id);
}

export function sortFindings<F extends Finding>(findings: readonly F[]): F[] {
  return [...findings].sort(compareFindings);
}
