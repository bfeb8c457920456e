import type { ClusterFinding } from '@/lib/contract/api';
import { VIEW_OF_KIND, type FindingView } from '@/lib/contract/findings';
import { clusterPath, nodePath } from '@/lib/client/cluster-paths';

export type FindingLink = { href: string; label: string };

const VIEW_LINKS: Record<Exclude<FindingView, 'overview'>, { path: string; label: string }> = {
  peers: { path: '/peers', label: 'Peers' },
  sync: { path: '/sync', label: 'Sync' },
  routing: { path: '/routing', label: 'Routing' },
  failover: { path: '/failover', label: 'Failover' },
};

/** Where to look next for a finding: its view (from the findings vocabulary), the node's page when it names one, and its log groups. */
export function findingLinks(finding: ClusterFinding): FindingLink[] {
  const links: FindingLink[] = [];
  const view = VIEW_OF_KIND[finding.kind];
  // Node findings have no view of their own: the node's page is where to look.
  if (view !== 'overview') links.push({ href: clusterPath(finding.cluster, VIEW_LINKS[view].path), label: VIEW_LINKS[view].label });
  // Which replica collects which cluster, and since when.
  if (finding.kind === 'dashboard.collector_moved') links.push({ href: '/replicas', label: 'Replicas' });
  const nodeId = finding.subject.type === 'node' ? finding.subject.id : finding.subject.node;
  if (nodeId) links.push({ href: nodePath(finding.cluster, nodeId), label: `node ${nodeId}` });
  const groups = finding.logGroups.length;
  if (groups > 0) {
    links.push({
      href: clusterPath(finding.cluster, `/logs?finding=${encodeURIComponent(finding.id)}`),
      label: `logs (${groups} ${groups === 1 ? 'group' : 'groups'})`,
    });
  }
  return links;
}
