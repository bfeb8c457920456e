import type { Partition, PeersDoc, RoutingDoc } from '@/lib/contract/admin-v1';
import { isoOrUnknown } from '@/lib/contract/node-time';
import type { AddressToId } from './redis-replication';

export const SLOT_COUNT = 16_384;

/** One line of CLUSTER NODES: this node's view of one member (itself included, flagged `myself`). */
export type ClusterNode = {
  nodeId: string;
  /** "ip:port" of the client port, or null when the node has no known address (`noaddr`, ":0"). */
  address: string | null;
  flags: Set<string>;
  /** Redis node id of this node's master when it is a replica. */
  masterId: string | null;
  pingSentAt: number;
  pongReceivedAt: number;
  configEpoch: number;
  linkState: string;
  /** Stable slot ranges served, inclusive; migrating/importing markers are left out. */
  slotRanges: Array<[number, number]>;
};

/** Parses the text; returns null when a non-empty line is not a CLUSTER NODES line at all. */
export function parseClusterNodes(text: string): ClusterNode[] | null {
  const nodes: ClusterNode[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '') continue;
    const parts = line.split(/\s+/);
    if (parts.length < 8 || !/^[0-9a-f]{40}$/i.test(parts[0])) return null;
    const [nodeId, addressField, flagField, master, pingSent, pongReceived, epoch, linkState, ...slots] = parts;
    // "ip:port@cport[,hostname]" (Redis ≥ 4) or "ip:port" (older).
    const hostPort = addressField.split('@')[0].split(',')[0];
    const port = hostPort.slice(hostPort.lastIndexOf(':') + 1);
    const host = hostPort.slice(0, hostPort.lastIndexOf(':'));
    const flags = new Set(flagField.split(','));
    const slotRanges: Array<[number, number]> = [];
    for (const slot of slots) {
      if (slot.startsWith('[')) continue;
      const range = /^(\d+)(?:-(\d+))?$/.exec(slot);
      if (!range) return null;
      const start = Number(range[1]);
      const end = range[2] === undefined ? start : Number(range[2]);
      if (start > end || end >= SLOT_COUNT) return null;
      slotRanges.push([start, end]);
    }
    nodes.push({
      nodeId,
      address: host === '' || port === '0' || flags.has('noaddr') ? null : hostPort,
      flags,
      masterId: master === '-' ? null : master,
      pingSentAt: Number(pingSent) || 0,
      pongReceivedAt: Number(pongReceived) || 0,
      configEpoch: Number(epoch) || 0,
      linkState,
      slotRanges,
    });
  }
  return nodes;
}

/** The id the dashboard uses for a cluster member: its configured target id, else "host:port", else the Redis node id. */
export function memberId(node: ClusterNode, selfId: string, idFor: AddressToId): string {
  if (node.flags.has('myself')) return selfId;
  return node.address !== null ? idFor(node.address) : node.nodeId;
}

export function countSlots(ranges: Array<[number, number]>): number {
  return ranges.reduce((sum, [start, end]) => sum + end - start + 1, 0);
}

/**
 * This node's own view of the slot table: every slot → the master serving it
 * (owners), that master's replicas (backups) and its config epoch (ballot).
 */
export function routingFromClusterNodes(
  nodes: ClusterNode[],
  clusterInfo: Map<string, string>,
  selfId: string,
  idFor: AddressToId,
): RoutingDoc {
  const myself = nodes.find((node) => node.flags.has('myself'));
  const currentEpoch = clusterInfo.get('cluster_current_epoch');
  return {
    ...(currentEpoch !== undefined && /^\d+$/.test(currentEpoch) ? { version: Number(currentEpoch) } : {}),
    initialized: clusterInfo.get('cluster_state') === 'ok',
    ...(myself ? { ownedCount: myself.flags.has('master') ? countSlots(myself.slotRanges) : 0 } : {}),
    partitionCount: SLOT_COUNT,
    partitions: slotTable(nodes, selfId, idFor),
  };
}

type SlotConfig = { owners: string[]; backups: string[]; ballot?: number };

/**
 * Every member of a healthy cluster reports the same slot table, poll after
 * poll, so equal tables are built once and shared (frozen) by all reports that
 * carry them: a 1,000-node cluster keeps one 16,384-entry table, not one per
 * node per poll.
 */
const slotTables = new Map<string, Partition[]>();
const SLOT_TABLES_KEPT = 64;

function slotTable(nodes: ClusterNode[], selfId: string, idFor: AddressToId): Partition[] {
  const replicasOf = new Map<string, string[]>();
  for (const node of nodes) {
    if (node.masterId === null || !node.flags.has('slave')) continue;
    const list = replicasOf.get(node.masterId) ?? [];
    list.push(memberId(node, selfId, idFor));
    replicasOf.set(node.masterId, list);
  }
  const servers = nodes
    .filter((node) => node.slotRanges.length > 0)
    .map((node) => ({
      node,
      // One shared object per master: its slots reference it instead of copying it.
      config: { owners: [memberId(node, selfId, idFor)], backups: replicasOf.get(node.nodeId) ?? [], ballot: node.configEpoch },
    }));
  const key = servers
    .map(({ node, config }) => `${config.owners[0]}|${config.backups.join(',')}|${config.ballot}|${node.slotRanges.map(([start, end]) => `${start}-${end}`).join(',')}`)
    .sort()
    .join('\n');
  const cached = slotTables.get(key);
  if (cached !== undefined) return cached;

  const unowned: SlotConfig = { owners: [], backups: [] };
  const slotConfig: SlotConfig[] = new Array(SLOT_COUNT).fill(unowned);
  for (const { node, config } of servers) {
    for (const [start, end] of node.slotRanges) {
      for (let slot = start; slot <= end; slot += 1) {
        // Two masters claiming one slot is what routing.multi_owner is for: keep both.
        const current = slotConfig[slot];
        slotConfig[slot] =
          current === unowned ? config : { owners: [...current.owners, ...config.owners], backups: current.backups, ballot: config.ballot };
      }
    }
  }
  for (const config of new Set(slotConfig)) {
    Object.freeze(config.owners);
    Object.freeze(config.backups);
  }
  const partitions: Partition[] = new Array(SLOT_COUNT);
  for (let id = 0; id < SLOT_COUNT; id += 1) {
    const config = slotConfig[id];
    partitions[id] = Object.freeze(
      config.ballot === undefined
        ? { id, owners: config.owners, backups: config.backups }
        : { id, owners: config.owners, backups: config.backups, ballot: config.ballot },
    );
  }
  Object.freeze(partitions);
  if (slotTables.size >= SLOT_TABLES_KEPT) slotTables.delete(slotTables.keys().next().value as string);
  slotTables.set(key, partitions);
  return partitions;
}

/** Ordered best → worst; a member is put in the worst category its flags give. */
export const PEER_CATEGORIES = ['connected', 'handshake', 'disconnected', 'pfail', 'noaddr', 'fail'] as const;
export type PeerCategory = (typeof PEER_CATEGORIES)[number];

export function peerCategory(node: ClusterNode): PeerCategory {
  if (node.flags.has('fail')) return 'fail';
  if (node.flags.has('noaddr') || node.address === null) return 'noaddr';
  if (node.flags.has('fail?')) return 'pfail';
  if (node.linkState === 'disconnected') return 'disconnected';
  if (node.flags.has('handshake')) return 'handshake';
  return 'connected';
}

/** This node's view of every other member, from its cluster-bus flags. */
export function peersFromClusterNodes(nodes: ClusterNode[], selfId: string, idFor: AddressToId): PeersDoc {
  const peers: PeersDoc['peers'] = [];
  for (const node of nodes) {
    if (node.flags.has('myself')) continue;
    const category = peerCategory(node);
    // A ping still waiting for its pong is when the member stopped answering.
    const since = category !== 'connected' && node.pingSentAt > 0 ? isoOrUnknown(node.pingSentAt) : undefined;
    peers.push({
      id: memberId(node, selfId, idFor),
      ...(node.address !== null ? { address: node.address } : {}),
      category,
      ...(since !== undefined ? { since } : {}),
    });
  }
  return { categories: [...PEER_CATEGORIES], peers, readErrors: [] };
}
