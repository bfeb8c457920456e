import { EmptyState } from '@/components/ui/EmptyState';
import { FindingList } from '@/components/ui/FindingList';
import { sortFindings } from '@/lib/contract/findings';
import type { ClusterFinding } from '@/lib/contract/api';

const RESOLVED_SHOWN = 20;
/** Cards drawn at once: an outage can raise thousands, which would drown the page (the overview groups them all). */
const ACTIVE_SHOWN = 50;

/** A view's own findings: active ones first, recently resolved ones folded below. */
export function ViewFindings({ findings, label, quiet }: { findings: readonly ClusterFinding[]; label: string; quiet: string }) {
  const active = sortFindings(findings.filter((finding) => finding.status === 'active'));
  const resolved = sortFindings(findings.filter((finding) => finding.status === 'resolved'));
  return (
    <>
      {active.length === 0 ? (
        <EmptyState title={`No active ${label} findings`}>{quiet}</EmptyState>
      ) : (
        <FindingList findings={active.slice(0, ACTIVE_SHOWN)} label={`Active ${label} findings`} />
      )}
      {active.length > ACTIVE_SHOWN ? (
        <p className="muted">
          Showing the {ACTIVE_SHOWN} most severe of {active.length.toLocaleString('en-US')}; the overview groups them all by cause.
        </p>
      ) : null}
      {resolved.length > 0 ? (
        <details className="collapsible">
          <summary>Recently resolved ({resolved.length})</summary>
          <div className="collapsible__body">
            <FindingList findings={resolved.slice(0, RESOLVED_SHOWN)} label={`Resolved ${label} findings`} />
          </div>
        </details>
      ) : null}
    </>
  );
}
