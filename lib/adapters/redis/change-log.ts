import type { LogEntry, LogsDoc } from '@/lib/contract/admin-v1';
import type { LogPosition } from '@/lib/adapters/types';
import { peerCategory, SLOT_COUNT, memberId, type ClusterNode } from './cluster-nodes';
import type { NodeReading } from './build-report';
import type { AddressToId } from './redis-replication';

/**
 * Redis keeps no log a client can page through, so the adapter writes one:
 * it compares each poll's reading with the previous one and records what
 * changed (role, links, cluster state, peer flags, epochs, slot owners).
 */

export type ChangeEntry = Omit<LogEntry, 'cursor'>;

/** A bounded ring of entries with cursors from 1 within one epoch, paged like a node's /logs. */
export class LogRing {
  private entries: LogEntry[] = [];
  private lastCursor = 0;

  constructor(
    readonly epoch: string,
    private readonly capacity = 1000,
  ) {}

  append(entry: ChangeEntry): void {
    this.lastCursor += 1;
    this.entries.push({ ...entry, cursor: this.lastCursor });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** Entries after the caller's position; a position from another epoch starts from the oldest retained. */
  page(position: LogPosition, limit: number): LogsDoc {
    const after = position !== null && position.epoch === this.epoch ? position.cursor : 0;
    const oldest = this.entries[0]?.cursor ?? this.lastCursor + 1;
    const dropped = after > 0 && oldest > after + 1 ? oldest - after - 1 : 0;
    const waiting = this.entries.filter((entry) => entry.cursor > after);
    const page = waiting.slice(0, Math.max(0, limit));
    return {
      epoch: this.epoch,
      entries: page,
      nextCursor: page.length > 0 ? page[page.length - 1].cursor : Math.min(after, this.lastCursor),
      hasMore: waiting.length > page.length,
      dropped,
    };
  }
}

function at(now: number): string {
  return new Date(now).toISOString();
}

/** The first reading of a node: one line that says what was found. */
export function firstSight(reading: NodeReading, now: number): ChangeEntry {
  const cluster = reading.clusterState !== null ? `, cluster_state:${reading.clusterState}` : '';
  return {
    ts: at(now),
    level: 'info',
    component: 'node',
    code: 'observed',
    subject: reading.node.id,
    message: `first reading: ${reading.node.version}, role ${reading.node.role}, ${reading.links.length} replication link(s)${cluster}`,
  };
}

/** What changed between two readings of the same node, as log entries. */
export function changesBetween(previous: NodeReading, next: NodeReading, idFor: AddressToId, now: number): ChangeEntry[] {
  const ts = at(now);
  const self = next.node.id;
  const changes: ChangeEntry[] = [];

  if (previous.node.role !== next.node.role) {
    const upstream = next.links.find((link) => link.replica === self)?.primary;
    changes.push({
      ts,
      level: 'warn',
      component: 'replication',
      code: 'role_changed',
      subject: self,
      message: `role changed from ${previous.node.role} to ${next.node.role}${upstream ? ` (now replicating from ${upstream})` : ''}`,
    });
  }

  const before = new Map(previous.links.map((link) => [link.id, link]));
  for (const link of next.links) {
    const old = before.get(link.id);
    before.delete(link.id);
    if (old === undefined) {
      changes.push({ ts, level: 'info', component: 'replication', code: 'link_added', subject: link.id, message: `replication link ${link.id} appeared in state ${link.state} (${link.reportedState ?? 'no state reported'})` });
      continue;
    }
    if (old.state === link.state) continue;
    const recovered = link.state === 'in_sync';
    changes.push({
      ts,
      level: link.state === 'error' ? 'error' : recovered ? 'info' : 'warn',
      component: 'replication',
      code: recovered ? 'link_up' : link.state === 'error' ? 'link_error' : 'link_down',
      subject: link.id,
      message: `replication link ${link.id}: ${old.state} → ${link.state} (${link.reportedState ?? 'no state reported'})${link.lastError ? `: ${link.lastError.message}` : ''}`,
      ...(recovered ? { transient: 'recovered' as const } : {}),
    });
  }
  for (const gone of before.values()) {
    changes.push({ ts, level: 'warn', component: 'replication', code: 'link_removed', subject: gone.id, message: `replication link ${gone.id} is no longer reported (was ${gone.state})` });
  }

  if (previous.clusterState !== null && next.clusterState !== null && previous.clusterState !== next.clusterState) {
    const ok = next.clusterState === 'ok';
    changes.push({
      ts,
      level: ok ? 'info' : 'error',
      component: 'cluster',
      code: ok ? 'cluster_ok' : 'cluster_fail',
      subject: self,
      message: `cluster_state ${previous.clusterState} → ${next.clusterState}`,
      ...(ok ? { transient: 'recovered' as const } : {}),
    });
  }

  const previousEpoch = previous.routing?.version;
  const nextEpoch = next.routing?.version;
  if (previousEpoch !== undefined && nextEpoch !== undefined && previousEpoch !== nextEpoch) {
    changes.push({ ts, level: 'info', component: 'cluster', code: 'current_epoch', subject: self, message: `cluster_current_epoch ${previousEpoch} → ${nextEpoch}` });
  }

  if (previous.clusterNodes !== null && next.clusterNodes !== null) {
    changes.push(...memberChanges(previous.clusterNodes, next.clusterNodes, self, idFor, ts));
  }
  if (previous.routing !== null && next.routing !== null && slotSignature(previous) !== slotSignature(next)) {
    changes.push(...slotOwnerChanges(previous, next, self, ts));
  }

  if (previous.eligibleForMasterElection !== next.eligibleForMasterElection && next.eligibleForMasterElection !== null) {
    changes.push({ ts, level: 'info', component: 'replication', code: 'election_eligibility', subject: self, message: `is_eligible_for_master_election ${previous.eligibleForMasterElection ?? 'absent'} → ${next.eligibleForMasterElection}` });
  }
  return changes;
}

function memberChanges(previous: ClusterNode[], next: ClusterNode[], self: string, idFor: AddressToId, ts: string): ChangeEntry[] {
  const changes: ChangeEntry[] = [];
  const before = new Map(previous.map((node) => [node.nodeId, node]));
  for (const node of next) {
    const old = before.get(node.nodeId);
    const who = memberId(node, self, idFor);
    if (old === undefined) {
      changes.push({ ts, level: 'info', component: 'cluster', code: 'member_added', subject: who, message: `cluster member ${who} (${node.nodeId.slice(0, 8)}) appeared as ${peerCategory(node)}` });
      continue;
    }
    if (!node.flags.has('myself')) {
      const was = peerCategory(old);
      const now = peerCategory(node);
      if (was !== now) {
        const level = now === 'fail' ? 'error' : now === 'connected' ? 'info' : 'warn';
        changes.push({
          ts,
          level,
          component: 'cluster',
          code: `peer_${now}`,
          subject: who,
          message: `this node sees ${who} as ${now} (was ${was}); flags ${[...node.flags].join(',')}, link ${node.linkState}`,
          ...(now === 'connected' ? { transient: 'recovered' as const } : {}),
        });
      }
    }
    if (old.configEpoch !== node.configEpoch) {
      changes.push({ ts, level: 'info', component: 'cluster', code: 'config_epoch', subject: who, message: `config epoch of ${who}: ${old.configEpoch} → ${node.configEpoch}` });
    }
  }
  return changes;
}

/** Who serves which slot ranges, as one string: equal signatures mean an unchanged slot table. */
function slotSignature(reading: NodeReading): string {
  return (reading.clusterNodes ?? [])
    .filter((node) => node.slotRanges.length > 0)
    .map((node) => `${node.nodeId}:${node.address ?? ''}:${node.slotRanges.map(([start, end]) => `${start}-${end}`).join(',')}`)
    .sort()
    .join(' ');
}

/** Groups slots whose owner changed into ranges: "slots 0-5460: new master X (epoch 7), was Y". */
function slotOwnerChanges(previous: NodeReading, next: NodeReading, self: string, ts: string): ChangeEntry[] {
  const oldParts = previous.routing?.partitions ?? [];
  const newParts = next.routing?.partitions ?? [];
  const changes: ChangeEntry[] = [];
  let runStart = -1;
  let runOld = '';
  let runNew = '';
  const close = (end: number) => {
    const ballot = newParts[runStart]?.ballot;
    changes.push({
      ts,
      level: 'warn',
      component: 'cluster',
      code: 'slots_moved',
      subject: `slots ${runStart}-${end}`,
      message: `as seen by ${self}: slots ${runStart}-${end} now served by ${runNew}${ballot !== undefined ? ` (config epoch ${ballot})` : ''}, was ${runOld}`,
    });
    runStart = -1;
  };
  for (let slot = 0; slot < SLOT_COUNT; slot += 1) {
    const was = ownerKey(oldParts[slot]);
    const now = ownerKey(newParts[slot]);
    const changed = was !== now;
    if (runStart >= 0 && (!changed || was !== runOld || now !== runNew)) close(slot - 1);
    if (changed && runStart < 0) {
      runStart = slot;
      runOld = was;
      runNew = now;
    }
  }
  if (runStart >= 0) close(SLOT_COUNT - 1);
  return changes;
}

function ownerKey(partition: { owners: string[] } | undefined): string {
  if (partition === undefined || partition.owners.length === 0) return '(none)';
  return partition.owners.length === 1 ? partition.owners[0] : partition.owners.join('+');
}
