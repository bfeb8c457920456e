import type { NodeInfo, PeerEntry, PeersDoc, RoutingDoc } from '@/lib/contract/admin-v1';
import type { PollReason, ReportPart } from '@/lib/contract/report';
import { olricErrorState, parseMembers, parseRoutingTable, parseStats, type MemberRow, type OlricStats, type RoutingRow } from './replies';

/** One command's answer: its value, or the error the member gave for it. */
export type CommandReply = { ok: true; value: unknown } | { ok: false; message: string };

export type OlricReplies = { stats: CommandReply; routingTable: CommandReply; members: CommandReply };

export type AddressToId = (hostPort: string) => string;

/** The peer categories of an Olric member's view, best first. */
export const MEMBER_CATEGORIES = ['coordinator', 'member', 'missing'] as const;

/** What one successful read of a member says, before logs are attached. */
export type OlricReading = {
  /** The member's own name in the cluster (host:port it advertises). */
  memberName: string;
  memberId: string;
  birthdate: string;
  stats: OlricStats;
  table: RoutingRow[];
  members: MemberRow[];
  node: NodeInfo;
  routing: RoutingDoc;
  peers: PeersDoc;
  unavailable: ReportPart[];
};

export type OlricReadingResult = { ok: true; reading: OlricReading } | { ok: false; status: 'bad_response'; reason: PollReason };

export type OlricReadingInput = {
  targetId: string;
  replies: OlricReplies;
  idFor: AddressToId;
  /** Members this adapter saw before and no longer in CLUSTER.MEMBERS (shown as `missing`). */
  previouslySeen: readonly string[];
  /** Collector clock (ms) when the answer arrived. */
  now: number;
  maxResponseBytes: number;
};

function protocolError(message: string): OlricReadingResult {
  return { ok: false, status: 'bad_response', reason: { code: 'protocol', message } };
}

/** An error reply: a named Olric state (never ok), or a refused command. */
export function errorReplyReason(command: string, message: string): PollReason {
  const named = olricErrorState(message);
  if (named !== null) {
    return { code: 'not_operable', message: `${named.state}: ${named.meaning} (${command} answered: ${message})` };
  }
  return { code: 'protocol', message: `${command} answered with an error: ${message}` };
}

function nsToIso(nanoseconds: string): string | null {
  try {
    const ms = Number(BigInt(nanoseconds) / 1_000_000n);
    return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
  } catch {
    return null;
  }
}

/**
 * Turns one round trip's answers (STATS, CLUSTER.ROUTINGTABLE, CLUSTER.MEMBERS)
 * into the node, routing and peers parts. Pure: the same answers and clock give
 * the same reading.
 */
export function readOlricNode(input: OlricReadingInput): OlricReadingResult {
  const { replies, idFor, targetId, now } = input;
  const commands: Array<[string, CommandReply]> = [
    ['STATS', replies.stats],
    ['CLUSTER.ROUTINGTABLE', replies.routingTable],
    ['CLUSTER.MEMBERS', replies.members],
  ];
  for (const [command, reply] of commands) {
    if (!reply.ok) return { ok: false, status: 'bad_response', reason: errorReplyReason(command, reply.message) };
  }
  const value = (reply: CommandReply) => (reply.ok ? reply.value : null);
  const stats = parseStats(value(replies.stats), input.maxResponseBytes);
  if (!stats.ok) return protocolError(stats.error);
  const table = parseRoutingTable(value(replies.routingTable));
  if (!table.ok) return protocolError(table.error);
  const members = parseMembers(value(replies.members));
  if (!members.ok) return protocolError(members.error);

  const self = stats.value.member;
  const coordinatorName = stats.value.coordinator.name;
  const partitionCount = table.value.length;
  const routing: RoutingDoc = {
    initialized: partitionCount > 0,
    coordinator: idFor(coordinatorName),
    // Every member relays the coordinator's table: the owned list from STATS is this member's own word.
    tableOf: idFor(coordinatorName),
    ownedCount: stats.value.partitions.length,
    ownedPartitions: stats.value.partitions,
    partitionCount: Math.max(1, partitionCount),
    partitions: table.value.map((row) => ({ id: row.partition, owners: row.owners.map(idFor), backups: row.backups.map(idFor) })),
  };

  const listed = new Set(members.value.map((member) => member.name));
  const peers: PeerEntry[] = members.value
    .filter((member) => member.name !== self.name)
    .map((member) => ({
      id: idFor(member.name),
      address: member.name,
      category: member.coordinator ? 'coordinator' : 'member',
      since: nsToIso(member.birthdate) ?? undefined,
    }));
  for (const name of input.previouslySeen) {
    if (name !== self.name && !listed.has(name)) peers.push({ id: idFor(name), address: name, category: 'missing' });
  }

  const startedAt = nsToIso(self.birthdate) ?? new Date(now - stats.value.uptimeSeconds * 1000).toISOString();
  const isCoordinator = self.name === coordinatorName;
  return {
    ok: true,
    reading: {
      memberName: self.name,
      memberId: self.id,
      birthdate: self.birthdate,
      stats: stats.value,
      table: table.value,
      members: members.value,
      node: {
        id: targetId,
        cluster: `olric-${idFor(coordinatorName)}`,
        role: isCoordinator ? 'coordinator' : 'member',
        version: `olric ${stats.value.releaseVersion}`,
        startedAt,
        now: new Date(now).toISOString(),
      },
      routing,
      peers: { categories: [...MEMBER_CATEGORIES], peers, readErrors: [], membership: true },
      unavailable: ['sync'],
    },
  };
}

/** Partitions whose current owner changed between two tables, with the new owner (the failover timeline's "who took it"). */
export function ownerChanges(previous: readonly RoutingRow[], next: readonly RoutingRow[]): Array<{ partition: number; from: string | null; to: string | null }> {
  const before = new Map(previous.map((row) => [row.partition, row.owners[row.owners.length - 1] ?? null]));
  const changes: Array<{ partition: number; from: string | null; to: string | null }> = [];
  for (const row of next) {
    const from = before.get(row.partition) ?? null;
    const to = row.owners[row.owners.length - 1] ?? null;
    if (from !== to) changes.push({ partition: row.partition, from, to });
  }
  return changes;
}
