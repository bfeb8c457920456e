import { KeyValue } from '@/components/ui/KeyValue';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { TimeAgo } from '@/components/ui/TimeAgo';
import { formatDuration, formatLatency } from '@/lib/client/format';
import { type LocalTimeFormat, useLocalTime } from '@/lib/client/use-local-time';
import type { NodeSummary } from '@/lib/contract/api';
import type { NodeReport } from '@/lib/contract/report';

/** Who the node is and how its last polls went. */
export function NodeSummaryPanel({ node, latest }: { node: NodeSummary; latest: NodeReport | null }) {
  const time = useLocalTime();
  const info = latest?.node ?? null;
  const unknown = <span className="muted">unknown</span>;
  return (
    <KeyValue
      items={[
        ['Role', node.role ?? unknown],
        ['Source kind', node.kind],
        ['Address', <span className="mono" key="address">{node.address}</span>],
        ['Last poll', node.lastPollStatus ? <StatusBadge status={node.lastPollStatus} label="last poll" key="last-poll" /> : <span className="muted">never polled</span>],
        ['Last seen ok', <TimeAgo at={node.lastSeen} key="seen" />],
        ['Last polled', <TimeAgo at={node.lastPolledAt} never="never polled" key="polled" />],
        ['Latency', formatLatency(node.latencyMs)],
        ['Version', node.version ?? unknown],
        ['Started', info ? <span title={info.startedAt} key="started">{formatStarted(info.startedAt, time)}</span> : unknown],
        ['Clock vs dashboard', latest && info ? clockSkew(info.now, latest.fetchedAt) : unknown],
      ]}
    />
  );
}

function formatStarted(startedAt: string, time: LocalTimeFormat): string {
  const at = Date.parse(startedAt);
  return Number.isNaN(at) ? startedAt : time.dateTime(at);
}

/** The node's own clock against the collector's when the answer arrived (includes the request's latency). */
function clockSkew(nodeNow: string, fetchedAt: number): string {
  const at = Date.parse(nodeNow);
  if (Number.isNaN(at)) return `unreadable (${nodeNow})`;
  const skew = at - fetchedAt;
  if (Math.abs(skew) < 1000) return 'in step (< 1 s apart)';
  return `${formatDuration(Math.abs(skew))} ${skew > 0 ? 'ahead' : 'behind'}`;
}
