import type { Finding } from '@/lib/contract/findings';

export type FindingLink = { href: string; label: string };

/** Where to look next for a finding: its view (by kind family), the node's page when it names one, and its log groups. */
export function findingLinks(finding: Finding): FindingLink[] {
  const links: FindingLink[] = [];
  const view = viewFor(finding.kind);
  if (view) links.push(view);
  const nodeId = finding.subject.type === 'node' ? finding.subject.id : finding.subject.node;
  if (nodeId) links.push({ href: `/nodes/${encodeURIComponent(nodeId)}`, label: `node ${nodeId}` });
  const groups = finding.logGroups.length;
  if (groups > 0) links.push({ href: `/logs?finding=${encodeURIComponent(finding.id)}`, label: `logs (${groups} ${groups === 1 ? 'group' : 'groups'})` });
  return links;
}

function viewFor(kind: Finding['kind']): FindingLink | null {
  switch (kind) {
    case 'node.unreachable':
    case 'node.timeout':
    case 'node.bad_response':
    case 'node.identity_changed':
      return null; // the node page is the view
    case 'peer.category_gap':
    case 'peer.multi_category':
    case 'peer.read_error':
      return { href: '/peers', label: 'Peers' };
    case 'sync.error':
    case 'sync.unknown':
    case 'sync.stalled':
    case 'sync.registration_loop':
    case 'sync.lagging':
      return { href: '/sync', label: 'Sync' };
    case 'routing.divergence':
    case 'routing.unowned':
    case 'routing.multi_owner':
    case 'routing.owned_count_mismatch':
      return { href: '/routing', label: 'Routing' };
    case 'failover.primary_lost':
    case 'failover.stale_config':
      return { href: '/failover', label: 'Failover' };
    default:
      return assertNever(kind);
  }
}

function assertNever(value: never): never {
  throw new Error(`No view for finding kind ${String(value)}`);
}
