import { SEVERITY_RANK, type Finding } from '@/lib/contract/findings';

/** Most severe first; within a severity the most recently started first (what changed is what to look at). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.firstSeen - a.firstSeen || a.id.localeCompare(b.id),
  );
}

/** Resolved findings, most recently resolved first. */
export function sortResolved(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => (b.resolvedAt ?? b.lastSeen) - (a.resolvedAt ?? a.lastSeen));
}
