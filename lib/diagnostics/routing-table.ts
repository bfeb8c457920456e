import type { RoutingDoc } from '@/lib/contract/admin-v1';
import type { NodeReport } from '@/lib/contract/report';

/**
 * Compact, comparable form of one node's routing table: one owner index per
 * partition, so comparing views is a linear scan over typed arrays, fast at
 * 16,384 partitions (Redis slots).
 */

/** Owner index meaning "no current owner in this view" (owners [] or the partition is missing). */
export const UNOWNED = -1;

/** Interns node ids to small integers; indexes never change once given. */
export class NodeIndex {
  readonly ids: string[] = [];
  private readonly byId = new Map<string, number>();

  constructor(initial: readonly string[] = []) {
    for (const id of initial) this.of(id);
  }

  of(id: string): number {
    let index = this.byId.get(id);
    if (index === undefined) {
      index = this.ids.length;
      this.ids.push(id);
      this.byId.set(id, index);
    }
    return index;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  name(index: number): string | null {
    return index >= 0 && index < this.ids.length ? this.ids[index] : null;
  }
}

export type OwnerTable = {
  /** Target id whose report this is. */
  member: string;
  /** Whether the node says it is a client (its table is a cache, not an authority). */
  isClient: boolean;
  version: RoutingDoc['version'];
  versionKey: string;
  initialized: boolean;
  coordinator: string | null;
  /** Whose table this is when the node relays another member's; null for its own. */
  tableOf: string | null;
  ownedCount: number | null;
  /** The partitions the node says it owns, when it lists them (null: it gives only a count). */
  ownedPartitions: readonly number[] | null;
  partitionCount: number;
  /** Current owner per partition (last of `owners`), or UNOWNED. */
  owners: Int32Array;
  /** Ballot per partition; NaN where the node gave none. */
  ballots: Float64Array;
  /** Indexes that mean "this node itself" (its target id and the id it calls itself). */
  selfIndexes: number[];
  fetchedAt: number;
};

/** Versions compare by size when numeric; anything else only by equality. */
export function versionKey(version: RoutingDoc['version']): string {
  if (version === undefined) return '∅';
  return typeof version === 'number' ? `n:${version}` : `s:${version}`;
}

export function isClientReport(report: NodeReport): boolean {
  return report.node?.role === 'client';
}

/**
 * Owner arrays already built in this pass, by partitions array. Sources that
 * share one table object between equal reports (the Redis adapter does) get
 * one array for all of them, and identical arrays compare in O(1).
 */
export type OwnerArrayCache = Map<RoutingDoc['partitions'], { owners: Int32Array; ballots: Float64Array }>;

export function ownerTableOf(
  report: NodeReport,
  routing: RoutingDoc,
  nodes: NodeIndex,
  partitionCount: number,
  cache?: OwnerArrayCache,
): OwnerTable {
  const cached = cache?.get(routing.partitions);
  const owners = cached?.owners ?? new Int32Array(partitionCount).fill(UNOWNED);
  const ballots = cached?.ballots ?? new Float64Array(partitionCount).fill(Number.NaN);
  if (!cached) {
    for (const partition of routing.partitions) {
      if (partition.id >= partitionCount) continue;
      const current = partition.owners[partition.owners.length - 1];
      owners[partition.id] = current === undefined ? UNOWNED : nodes.of(current);
      if (partition.ballot !== undefined) ballots[partition.id] = partition.ballot;
    }
    cache?.set(routing.partitions, { owners, ballots });
  }
  const selfIndexes = [nodes.of(report.targetId)];
  if (report.node && report.node.id !== report.targetId) selfIndexes.push(nodes.of(report.node.id));
  return {
    member: report.targetId,
    isClient: isClientReport(report),
    version: routing.version,
    versionKey: versionKey(routing.version),
    initialized: routing.initialized,
    coordinator: routing.coordinator ?? null,
    tableOf: routing.tableOf ?? null,
    ownedCount: routing.ownedCount ?? null,
    ownedPartitions: routing.ownedPartitions ?? null,
    partitionCount,
    owners,
    ballots,
    selfIndexes,
    fetchedAt: report.fetchedAt,
  };
}

/** How many partitions a node's own table says it currently owns. */
export function computedOwnedCount(table: OwnerTable): number {
  let count = 0;
  const [self, alias] = table.selfIndexes;
  for (let p = 0; p < table.owners.length; p++) {
    const owner = table.owners[p];
    if (owner === self || (alias !== undefined && owner === alias)) count++;
  }
  return count;
}

/** Partitions the node claims but its table gives to another, and those its table gives it but it does not claim. */
export function ownedPartitionsDiff(table: OwnerTable, claimed: readonly number[]): { claimedNotInTable: number[]; inTableNotClaimed: number[] } {
  const [self, alias] = table.selfIndexes;
  const mine = (p: number) => table.owners[p] === self || (alias !== undefined && table.owners[p] === alias);
  const claimedSet = new Set(claimed);
  const claimedNotInTable = claimed.filter((p) => !(p < table.owners.length && mine(p)));
  const inTableNotClaimed: number[] = [];
  for (let p = 0; p < table.owners.length; p++) if (mine(p) && !claimedSet.has(p)) inTableNotClaimed.push(p);
  return { claimedNotInTable, inTableNotClaimed };
}

/**
 * Orders version keys newest first: numbers by size; otherwise (strings, or
 * no version) by when the dashboard first saw them, later = newer.
 */
export function compareVersionKeys(a: string, b: string, firstSeen: ReadonlyMap<string, number>): number {
  if (a === b) return 0;
  if (a.startsWith('n:') && b.startsWith('n:')) return Number(b.slice(2)) - Number(a.slice(2));
  const seenA = firstSeen.get(a) ?? 0;
  const seenB = firstSeen.get(b) ?? 0;
  if (seenA !== seenB) return seenB - seenA;
  return a < b ? 1 : -1;
}

export type TableComparison = {
  partitionCount: number;
  /** Version key of the newest version among the views, null when there are no views. */
  newestVersion: string | null;
  /** Distinct versions among the views, newest first. */
  versions: string[];
  /** Majority current owner at the newest version, per partition. */
  consensus: Int32Array;
  /** 1 where views at the same version name different current owners. */
  sameVersionConflict: Uint8Array;
  /** 1 where any view (any version) differs from the consensus. */
  differsFromConsensus: Uint8Array;
  /** 1 where a view at the newest version has no owner. */
  unownedAtNewest: Uint8Array;
  /** 1 where views at the newest version name two or more different owners. */
  multiOwnerAtNewest: Uint8Array;
};

/**
 * Compares views in O(views × partitions): each version group is checked
 * against one reference array, and the consensus is only recounted where the
 * newest group disagrees.
 */
export function compareTables(
  tables: readonly OwnerTable[],
  versionFirstSeen: ReadonlyMap<string, number>,
  partitionCount: number,
): TableComparison {
  const consensus = new Int32Array(partitionCount).fill(UNOWNED);
  const sameVersionConflict = new Uint8Array(partitionCount);
  const differsFromConsensus = new Uint8Array(partitionCount);
  const unownedAtNewest = new Uint8Array(partitionCount);
  const multiOwnerAtNewest = new Uint8Array(partitionCount);
  const groups = new Map<string, OwnerTable[]>();
  for (const table of tables) {
    const group = groups.get(table.versionKey);
    if (group) group.push(table);
    else groups.set(table.versionKey, [table]);
  }
  const versions = [...groups.keys()].sort((a, b) => compareVersionKeys(a, b, versionFirstSeen));
  const newestVersion = versions[0] ?? null;
  if (newestVersion === null) {
    return { partitionCount, newestVersion, versions, consensus, sameVersionConflict, differsFromConsensus, unownedAtNewest, multiOwnerAtNewest };
  }

  for (const [key, group] of groups) {
    const reference = group[0].owners;
    const isNewest = key === newestVersion;
    for (let g = 1; g < group.length; g++) {
      const owners = group[g].owners;
      if (owners === reference) continue;
      for (let p = 0; p < partitionCount; p++) if (owners[p] !== reference[p]) sameVersionConflict[p] = 1;
    }
    if (!isNewest) continue;
    consensus.set(reference);
    for (const owners of new Set(group.map((table) => table.owners))) {
      for (let p = 0; p < partitionCount; p++) if (owners[p] === UNOWNED) unownedAtNewest[p] = 1;
    }
    for (let p = 0; p < partitionCount; p++) {
      if (!sameVersionConflict[p]) continue;
      const votes = new Map<number, number>();
      for (const table of group) votes.set(table.owners[p], (votes.get(table.owners[p]) ?? 0) + 1);
      let best = UNOWNED;
      let bestVotes = 0;
      let distinctOwners = 0;
      for (const [owner, count] of votes) {
        if (owner !== UNOWNED) distinctOwners++;
        // An owner beats "no owner" on a tie; among owners the lower index wins, so the pick is stable.
        const better =
          count > bestVotes || (count === bestVotes && (best === UNOWNED || (owner !== UNOWNED && owner < best)));
        if (better) {
          best = owner;
          bestVotes = count;
        }
      }
      consensus[p] = best;
      if (distinctOwners >= 2) multiOwnerAtNewest[p] = 1;
    }
  }

  const compared = new Set<Int32Array>();
  for (const table of tables) {
    const owners = table.owners;
    if (compared.has(owners)) continue;
    compared.add(owners);
    for (let p = 0; p < partitionCount; p++) if (owners[p] !== consensus[p]) differsFromConsensus[p] = 1;
  }
  return { partitionCount, newestVersion, versions, consensus, sameVersionConflict, differsFromConsensus, unownedAtNewest, multiOwnerAtNewest };
}

export function countSet(flags: Uint8Array): number {
  let count = 0;
  for (let p = 0; p < flags.length; p++) count += flags[p];
  return count;
}

export function listSet(flags: Uint8Array, cap: number): number[] {
  const list: number[] = [];
  for (let p = 0; p < flags.length && list.length < cap; p++) if (flags[p]) list.push(p);
  return list;
}

/** "0-5460, 10923-16383" style, at most `maxRanges` ranges then "+N more". */
export function formatPartitionRanges(partitions: readonly number[], maxRanges = 6): string {
  const ranges: string[] = [];
  let extra = 0;
  let i = 0;
  while (i < partitions.length) {
    let j = i;
    while (j + 1 < partitions.length && partitions[j + 1] === partitions[j] + 1) j++;
    if (ranges.length < maxRanges) ranges.push(i === j ? `${partitions[i]}` : `${partitions[i]}-${partitions[j]}`);
    else extra += j - i + 1;
    i = j + 1;
  }
  return extra > 0 ? `${ranges.join(', ')} +${extra} more` : ranges.join(', ');
}

/** Members named per owner in "who says what"; `memberCount` always has the full number. */
export const SAYS_MEMBER_CAP = 12;

export type OwnerClaim = { owner: string | null; members: string[]; memberCount: number };

/** Who says what for one partition: owner (null = none) → the members naming it (most first). */
export function whoSaysWhat(tables: readonly OwnerTable[], partition: number, nodes: NodeIndex): OwnerClaim[] {
  const byOwner = new Map<number, string[]>();
  for (const table of tables) {
    const owner = table.owners[partition];
    const members = byOwner.get(owner);
    if (members) members.push(table.member);
    else byOwner.set(owner, [table.member]);
  }
  return [...byOwner.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([owner, members]) => ({ owner: nodes.name(owner), members: members.slice(0, SAYS_MEMBER_CAP), memberCount: members.length }));
}

/** "node-1, node-3 +40 more" */
export function membersText(claim: OwnerClaim): string {
  const more = claim.memberCount - claim.members.length;
  return more > 0 ? `${claim.members.join(', ')} +${more} more` : claim.members.join(', ');
}

/** Largest partition count among the views (tables may disagree on it mid-change). */
export function partitionCountOf(docs: readonly RoutingDoc[]): number {
  let count = 0;
  for (const doc of docs) count = Math.max(count, doc.partitionCount);
  return count;
}
