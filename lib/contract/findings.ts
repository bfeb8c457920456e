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
  'sync.error',
  'sync.unknown',
  'sync.stalled',
  'sync.registration_loop',
  'sync.lagging',
  'routing.divergence',
  'routing.unowned',
  'routing.multi_owner',
  'routing.owned_count_mismatch',
  'failover.primary_lost',
  'failover.stale_config',
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
