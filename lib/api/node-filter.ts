import type { NodeSummary } from '@/lib/contract/api';
import type { NodeStatus } from '@/lib/contract/report';

/** Nodes with the chosen status (or any) whose id, role, address or version contains the text (case-insensitive). */
export function filterNodes(nodes: readonly NodeSummary[], status: NodeStatus | null, text: string): NodeSummary[] {
  const needle = text.trim().toLowerCase();
  return nodes.filter((node) => {
    if (status !== null && node.status !== status) return false;
    if (!needle) return true;
    return [node.id, node.role, node.address, node.version].some((value) => value?.toLowerCase().includes(needle));
  });
}
