import type { StatusChange } from '@/lib/contract/api';
import type { Finding } from '@/lib/contract/findings';
import type { NodeReport } from '@/lib/contract/report';
import type { CycleBatch, CycleRecord, IncidentSnapshot, LinkSample, LogGroupSnapshot, PeerBase, PeerMove, RoutingVersion, StoredLogLine } from './types';

/** An open finding's lastSeen is rewritten at least this often, so a restart knows how recent it was. */
export const FINDING_HEARTBEAT_MS = 60_000;
/** A link is sampled when its state changes, and at least this often while it does not. */
export const LINK_HEARTBEAT_MS = 60_000;
/**
 * A node's peer list and routing table are written whole again at least this
 * often (plus up to as much again, spread by node, so not all at once): a past
 * view then replays at most about an hour of changes.
 */
export const REBASE_EVERY_MS = 30 * 60_000;
/** Peers remembered per node as out of every category (the oldest go first). */
const MAX_LEFT_PEERS = 500;
/** Log lines kept per cycle: a node flooding its log cannot flood the database. */
export const MAX_LOG_LINES_PER_CYCLE = 5_000;

/** What a cycle produced, as plain data (the runtime gathers it). */
export type CycleFacts = {
  cycle: CycleRecord;
  findings: { active: readonly Finding[]; resolved: readonly Finding[] };
  /** Reports fetched during this cycle. */
  reports: readonly NodeReport[];
  statusChanges: readonly StatusChange[];
  incidents: readonly Omit<IncidentSnapshot, 'at'>[];
  logLines: readonly StoredLogLine[];
  logGroups: readonly Omit<LogGroupSnapshot, 'at'>[];
};

/**
 * What the batch builder remembers between cycles to write only what changed.
 * Owned by one cluster's history recorder; bounded by the cluster's size.
 */
export type BatchMemory = {
  findings: Map<string, { print: string; lastSeen: number }>;
  /** Each node's peers as last written, flat: [peer, category, peer, category, …] (a map a node held 3× the bytes). */
  peerCategories: Map<string, readonly string[]>;
  /** Each node's declared categories as last written (joined): a change starts a new peer base. */
  peerDeclared: Map<string, string>;
  /** Per node, peers it stopped listing and has not listed since: a base carries them on, with when they left. */
  peersLeft: Map<string, Map<string, { from: string | null; at: number }>>;
  /** When each node's last peer base and routing base were written. */
  peerBaseAt: Map<string, number>;
  routingBaseAt: Map<string, number>;
  /** Each node's last table: its version and the current owner by partition id (null: unowned). */
  routingOwners: Map<string, { version: string | null; owners: (string | null)[] }>;
  links: Map<string, { state: string; at: number }>;
  incidents: Map<string, string>;
  logGroupCounts: Map<string, number>;
};

export function emptyBatchMemory(): BatchMemory {
  return { findings: new Map(), peerCategories: new Map(), peerDeclared: new Map(), peersLeft: new Map(), peerBaseAt: new Map(), routingBaseAt: new Map(), routingOwners: new Map(), links: new Map(), incidents: new Map(), logGroupCounts: new Map() };
}

/** This node's time between bases: REBASE_EVERY_MS plus a share of it fixed by its id, so nodes re-base apart. */
function rebaseEveryMs(node: string): number {
  let hash = 0;
  for (let index = 0; index < node.length; index++) hash = (hash * 31 + node.charCodeAt(index)) >>> 0;
  return REBASE_EVERY_MS + (hash % 1000) * (REBASE_EVERY_MS / 1000);
}

const baseDue = (written: Map<string, number>, node: string, at: number) => {
  const last = written.get(node);
  return last === undefined || at - last >= rebaseEveryMs(node);
};

const findingKey = (finding: Finding) => `${finding.id}\u0000${finding.firstSeen}`;
const findingPrint = (finding: Finding) =>
  `${finding.status}|${finding.severity}|${finding.class}|${finding.summary}|${finding.resolvedAt}|${JSON.stringify(finding.evidence)}|${finding.logGroups.join(',')}`;

function changedFindings(memory: BatchMemory, { active, resolved }: CycleFacts['findings']): Finding[] {
  const out: Finding[] = [];
  for (const finding of active) {
    const key = findingKey(finding);
    const print = findingPrint(finding);
    const written = memory.findings.get(key);
    if (written && written.print === print && finding.lastSeen - written.lastSeen < FINDING_HEARTBEAT_MS) continue;
    memory.findings.set(key, { print, lastSeen: finding.lastSeen });
    out.push(finding);
  }
  for (const finding of resolved) {
    const key = findingKey(finding);
    const written = memory.findings.get(key);
    // Written once as resolved, then forgotten: memory holds only what may still change.
    if (written?.print === 'resolved') continue;
    memory.findings.set(key, { print: 'resolved', lastSeen: finding.lastSeen });
    out.push(finding);
  }
  // Forget findings the tracker no longer holds, so memory stays as small as its lists.
  if (memory.findings.size > active.length + resolved.length) {
    const held = new Set([...active, ...resolved].map(findingKey));
    for (const key of memory.findings.keys()) if (!held.has(key)) memory.findings.delete(key);
  }
  return out;
}

/**
 * A node's peer moves since its last answer. Its first answer after a start
 * (memory is empty then, also after a batch that could not be written), any
 * change of its declared categories, and one answer every REBASE_EVERY_MS or so write a base instead: every peer it lists,
 * as a move from null, so a past view can replay the node from there.
 */
function peerMoves(memory: BatchMemory, report: NodeReport, bases: PeerBase[]): PeerMove[] {
  if (report.status !== 'ok' || !report.peers) return [];
  const now = new Map<string, string>();
  for (const peer of report.peers.peers) {
    const before = now.get(peer.id);
    now.set(peer.id, before ? `${before}+${peer.category}` : peer.category);
  }
  const node = report.targetId;
  const declared = report.peers.categories.join('\u0000');
  const written = memory.peerCategories.get(node);
  const at = report.fetchedAt;
  const base = !written || memory.peerDeclared.get(node) !== declared || baseDue(memory.peerBaseAt, node, at);
  memory.peerDeclared.set(node, declared);
  // Made only once a peer leaves: most nodes never have one, and 5,000 empty maps held 1.1 MB.
  let left = memory.peersLeft.get(node);
  // (`!written` is part of `base`; spelled out so the type checker knows `written` below.)
  if (base || !written) {
    memory.peerCategories.set(node, flatListing(now));
    memory.peerBaseAt.set(node, at);
    if (left) for (const peer of now.keys()) left.delete(peer);
    bases.push({ node, at, categories: [...report.peers.categories], left: left ? [...left].map(([peer, gone]) => ({ peer, ...gone })) : [] });
    return [...now].map(([peer, category]) => ({ node, peer, at, from: null, to: category }));
  }
  // Most answers list the same peers as the last one: nothing moved, and none of them can be among those that left.
  if (sameListing(written, now)) return [];
  memory.peerCategories.set(node, flatListing(now));
  const previous = new Map<string, string>();
  for (let index = 0; index < written.length; index += 2) previous.set(written[index], written[index + 1]);
  const moves: PeerMove[] = [];
  for (const [peer, category] of now) {
    const from = previous.get(peer) ?? null;
    left?.delete(peer);
    if (from !== category) moves.push({ node, peer, at, from, to: category });
  }
  for (const [peer, category] of previous) {
    if (now.has(peer)) continue;
    moves.push({ node, peer, at, from: category, to: null });
    if (!left) memory.peersLeft.set(node, (left = new Map()));
    left.set(peer, { from: category, at });
    if (left.size > MAX_LEFT_PEERS) left.delete(left.keys().next().value as string);
  }
  return moves;
}

function flatListing(categories: ReadonlyMap<string, string>): string[] {
  const flat: string[] = [];
  for (const [peer, category] of categories) flat.push(peer, category);
  return flat;
}

/** The flat list as written says the same peers, in the same order and categories, as this answer: nothing to build. */
function sameListing(written: readonly string[], now: ReadonlyMap<string, string>): boolean {
  if (written.length !== now.size * 2) return false;
  let index = 0;
  for (const [peer, category] of now) {
    if (written[index] !== peer || written[index + 1] !== category) return false;
    index += 2;
  }
  return true;
}

/**
 * A node's routing table when its version or an owner changed. The first one
 * after a start (memory is empty then), and one every REBASE_EVERY_MS or so, is
 * a base: every partition, from null, so replaying a node's table never
 * depends on rows written before a restart, nor on more than an hour of them.
 */
/** Owner arrays by partition list: most nodes share one table object (lib/store/shared-partitions.ts), so it is built once a table, not once a node. */
const ownersByTable = new WeakMap<object, { count: number; owners: (string | null)[] }>();

/** Every partition's current owner, unowned ones too (a base says how many there are). Arrays, not maps: 5,000 nodes × 271 partitions a cycle. */
function ownersOf(routing: NonNullable<NodeReport['routing']>): (string | null)[] {
  const cached = ownersByTable.get(routing.partitions);
  if (cached && cached.count === routing.partitionCount) return cached.owners;
  const owners: (string | null)[] = new Array(routing.partitionCount).fill(null);
  for (const partition of routing.partitions) owners[partition.id] = partition.owners.at(-1) ?? null;
  ownersByTable.set(routing.partitions, { count: routing.partitionCount, owners });
  return owners;
}

function routingVersion(memory: BatchMemory, report: NodeReport): RoutingVersion | null {
  if (report.status !== 'ok' || !report.routing) return null;
  const version = report.routing.version === undefined ? null : String(report.routing.version);
  const owners = ownersOf(report.routing);
  const previous = memory.routingOwners.get(report.targetId);
  memory.routingOwners.set(report.targetId, { version, owners });
  if (!previous || baseDue(memory.routingBaseAt, report.targetId, report.fetchedAt)) {
    memory.routingBaseAt.set(report.targetId, report.fetchedAt);
    const changed = owners.map((owner, partition) => ({ partition, from: null, to: owner }));
    return { node: report.targetId, at: report.fetchedAt, version, changed, base: true };
  }
  // The same table as last time (the report store shares equal tables by identity): nothing to compare.
  if (previous.owners === owners) return previous.version === version ? null : { node: report.targetId, at: report.fetchedAt, version, changed: [], base: false };
  const changed: RoutingVersion['changed'] = [];
  const count = Math.max(owners.length, previous.owners.length);
  for (let partition = 0; partition < count; partition++) {
    const before = previous.owners[partition] ?? null;
    const owner = owners[partition] ?? null;
    if (before !== owner) changed.push({ partition, from: before, to: owner });
  }
  if (previous.version === version && changed.length === 0) return null;
  return { node: report.targetId, at: report.fetchedAt, version, changed, base: false };
}

function linkSamples(memory: BatchMemory, report: NodeReport): LinkSample[] {
  if (report.status !== 'ok' || !report.sync) return [];
  const out: LinkSample[] = [];
  for (const link of report.sync.links) {
    const key = `${report.targetId}\u0000${link.id}`;
    const before = memory.links.get(key);
    if (before && before.state === link.state && report.fetchedAt - before.at < LINK_HEARTBEAT_MS) continue;
    memory.links.set(key, { state: link.state, at: report.fetchedAt });
    out.push({
      node: report.targetId,
      link: link.id,
      primary: link.primary,
      replica: link.replica,
      at: report.fetchedAt,
      state: link.state,
      reportedState: link.reportedState,
      lag: link.lag,
      primaryOffset: link.primaryOffset,
      replicaOffset: link.replicaOffset,
    });
  }
  return out;
}

/**
 * Turns one cycle's facts into the rows to write: every node's sample and
 * status change, and of everything else only what changed since the last
 * batch (findings, peer categories, routing owners, incidents, log groups).
 * Updates `memory` in place; touches nothing else.
 */
export function buildCycleBatch(memory: BatchMemory, facts: CycleFacts): CycleBatch {
  const at = facts.cycle.startedAt + facts.cycle.durationMs;
  const peerBases: PeerBase[] = [];
  const batch: CycleBatch = {
    cycle: facts.cycle,
    findings: changedFindings(memory, facts.findings),
    statusChanges: [...facts.statusChanges],
    samples: facts.reports.map((report) => ({ node: report.targetId, at: report.fetchedAt, status: report.status, latencyMs: report.latencyMs, reason: report.reason?.message ?? null, reasonCode: report.reason?.code ?? null })),
    linkSamples: facts.reports.flatMap((report) => linkSamples(memory, report)),
    peerMoves: facts.reports.flatMap((report) => peerMoves(memory, report, peerBases)),
    peerBases,
    routingVersions: facts.reports.map((report) => routingVersion(memory, report)).filter((version): version is RoutingVersion => version !== null),
    incidents: [],
    logLines: facts.logLines.slice(-MAX_LOG_LINES_PER_CYCLE),
    logGroups: [],
  };
  for (const incident of facts.incidents) {
    const print = JSON.stringify(incident.view);
    if (memory.incidents.get(incident.id) === print) continue;
    memory.incidents.set(incident.id, print);
    batch.incidents.push({ ...incident, at });
  }
  for (const group of facts.logGroups) {
    if (memory.logGroupCounts.get(group.fingerprint) === group.count) continue;
    memory.logGroupCounts.set(group.fingerprint, group.count);
    batch.logGroups.push({ ...group, at });
  }
  return batch;
}
