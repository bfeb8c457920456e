import type { Finding } from '@/lib/contract/findings';
import { findingLinks } from '@/components/ui/finding-links';
import { clusterPath } from '@/lib/client/cluster-paths';
import { boundedLabelValue, evidenceLine } from './labels';

/** One alert as Alertmanager's API v2 takes it (`postableAlert` in its api/v2/openapi.yaml). */
export type PostableAlert = {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
};

/** Where a finding is shown on the dashboard: its view, else its node's page, else its cluster's overview. */
export function findingPath(cluster: string, finding: Finding): string {
  return findingLinks({ ...finding, cluster })[0]?.href ?? clusterPath(cluster);
}

/**
 * Labels identify the alert (Alertmanager groups and deduplicates on them):
 * the finding's kind, cluster, node, subject, severity and class.
 */
export function alertLabels(cluster: string, finding: Finding): Record<string, string> {
  const node = finding.subject.type === 'node' ? finding.subject.id : finding.subject.node;
  const labels: Record<string, string> = {
    alertname: finding.kind,
    cluster: boundedLabelValue(cluster),
    subject: boundedLabelValue(finding.subject.id),
    subject_type: finding.subject.type,
    severity: finding.severity,
    class: finding.class,
  };
  if (node) labels.node = boundedLabelValue(node);
  return labels;
}

/** A stable key for a label set, to notice when a finding's labels change (a new alert for Alertmanager). */
export function labelsKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export type AlertTiming = {
  now: number;
  /** Active alerts end this long after now unless re-sent, so a dashboard that died does not page for ever. */
  validForMs: number;
  externalUrl: string | null;
};

/** A finding as an alert: firing with an `endsAt` ahead while active; resolved with `endsAt` at its resolution. */
export function findingAlert(cluster: string, finding: Finding, timing: AlertTiming): PostableAlert {
  const link = timing.externalUrl ? `${timing.externalUrl.replace(/\/+$/, '')}${findingPath(cluster, finding)}` : null;
  const endsAt = finding.status === 'active' ? timing.now + timing.validForMs : (finding.resolvedAt ?? timing.now);
  const annotations: Record<string, string> = {
    summary: boundedLabelValue(finding.summary, 1000),
    evidence: evidenceLine(finding.evidence),
  };
  if (link) annotations.dashboard_url = link;
  return {
    labels: alertLabels(cluster, finding),
    annotations,
    startsAt: new Date(finding.firstSeen).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
    ...(link ? { generatorURL: link } : {}),
  };
}

/** The same alert, ended now: sent when its finding went away or its labels changed. */
export function endedAlert(alert: PostableAlert, at: number): PostableAlert {
  return { ...alert, endsAt: new Date(at).toISOString() };
}
