import { EmptyState } from '@/components/ui/EmptyState';
import { FindingGroupCard } from '@/components/ui/FindingGroupCard';
import { useLocalTime } from '@/lib/client/use-local-time';
import { FindingList } from '@/components/ui/FindingList';
import type { FindingGroupsView, FindingsView } from '@/lib/contract/api';

/**
 * Active findings as groups (one card per kind and cause, the likely shared
 * cause first), or why there are none. "No active findings" is only said once
 * a poll cycle has completed — before that we do not know, and say so.
 */
export function ActiveFindings({ view, firstCycleAt }: { view: FindingGroupsView | FindingsView; firstCycleAt: number | null }) {
  const time = useLocalTime();
  if (firstCycleAt === null) {
    return (
      <EmptyState title="Waiting for the first poll…">
        No node has been asked yet, so nothing is known about the cluster.
      </EmptyState>
    );
  }
  if (!('groups' in view)) return <PastFindings view={view} />;
  if (view.groups.length === 0) {
    return (
      <EmptyState title="No active findings">
        As of {time.clock(view.generatedAt)}, no diagnostic reports a problem.
      </EmptyState>
    );
  }
  const more = view.page.total - view.groups.length;
  return (
    <>
      <ul className="finding-list" aria-label="Active findings">
        {view.groups.map((group) => (
          <li key={`${group.cluster}/${group.key}`}>
            <FindingGroupCard group={group} status="active" />
          </li>
        ))}
      </ul>
      {more > 0 ? <p className="muted">{more.toLocaleString('en-US')} smaller groups not shown; the Peers, Sync, Routing and Failover views list them.</p> : null}
    </>
  );
}

/** A past moment's active findings: a page of them, the most severe first. */
function PastFindings({ view }: { view: FindingsView }) {
  const time = useLocalTime();
  if (view.findings.length === 0) {
    return <EmptyState title="No active findings">As of {time.clock(view.generatedAt)}, no diagnostic reported a problem.</EmptyState>;
  }
  const more = view.page.total - view.findings.length;
  return (
    <>
      <FindingList findings={view.findings} label="Active findings" />
      {more > 0 ? <p className="muted">{more.toLocaleString('en-US')} more not shown.</p> : null}
    </>
  );
}
