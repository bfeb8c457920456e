import type { NodeReportWire } from '@/lib/contract/admin-v1';
import { CLIENT_ID, STORAGE_NODES, currentOwner } from './topology';

const MAX_HEALTHY_LAG = 1_048_576;
const MAX_IO_AGE_MS = 2000;

/**
 * What is not healthy in one round of reports, in words; empty when the
 * cluster looks exactly like the demo's healthy baseline. Tests use it to
 * check that stopping a scenario really returns to healthy.
 */
export function healthProblems(reports: ReadonlyMap<string, NodeReportWire>, now: number): string[] {
  const problems: string[] = [];
  const reference = reports.get('node-1')?.routing;
  for (const nodeId of [...STORAGE_NODES, CLIENT_ID]) {
    const report = reports.get(nodeId);
    if (!report) {
      problems.push(`${nodeId}: no report`);
      continue;
    }
    const routing = report.routing;
    if (!routing || !reference) problems.push(`${nodeId}: no routing`);
    else {
      if (routing.version !== reference.version) problems.push(`${nodeId}: routing version ${routing.version} ≠ ${reference.version}`);
      if (JSON.stringify(routing.partitions) !== JSON.stringify(reference.partitions)) problems.push(`${nodeId}: routing table differs from node-1's`);
      if (nodeId !== CLIENT_ID) {
        const counted = routing.partitions.filter((partition) => currentOwner(partition) === nodeId).length;
        if (routing.ownedCount !== counted) problems.push(`${nodeId}: ownedCount ${routing.ownedCount} ≠ ${counted}`);
      }
      const unowned = routing.partitions.filter((partition) => partition.owners.length === 0).length;
      if (unowned > 0) problems.push(`${nodeId}: ${unowned} unowned partitions`);
    }
    if (nodeId === CLIENT_ID) continue;
    const peers = report.peers;
    if (!peers) problems.push(`${nodeId}: no peers`);
    else {
      const ids = peers.peers.map((peer) => peer.id);
      if (new Set(ids).size !== ids.length) problems.push(`${nodeId}: a peer is listed twice`);
      if (peers.readErrors.length > 0) problems.push(`${nodeId}: ${peers.readErrors.length} peer DB read errors`);
    }
    for (const link of report.sync?.links ?? []) {
      if (link.state !== 'in_sync') problems.push(`${nodeId}: ${link.id} is ${link.state}`);
      if (link.attempts !== 0) problems.push(`${nodeId}: ${link.id} attempts ${link.attempts}`);
      if ((link.lag ?? Infinity) >= MAX_HEALTHY_LAG) problems.push(`${nodeId}: ${link.id} lag ${link.lag}`);
      if (!link.lastIoAt || now - Date.parse(link.lastIoAt) > MAX_IO_AGE_MS) problems.push(`${nodeId}: ${link.id} last I/O at ${link.lastIoAt}`);
      if (link.registration?.result !== 'accepted') problems.push(`${nodeId}: ${link.id} registration ${link.registration?.result}`);
      if (link.lastError) problems.push(`${nodeId}: ${link.id} last error ${link.lastError.message}`);
    }
    if (report.sync?.links.length !== 1) problems.push(`${nodeId}: ${report.sync?.links.length ?? 0} links`);
  }
  return problems;
}
