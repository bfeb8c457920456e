import type { StatusChange } from '@/lib/contract/api';
import type { Finding } from '@/lib/contract/findings';
import type { NodeReport } from '@/lib/contract/report';
import type { CycleBatch, CycleRecord, IncidentSnapshot, LinkSample, LogGroupSnapshot, PeerBase, PeerMove, RoutingVersion, StoredLogLine } from './types';

/** An open finding's lastSeen is rewritten at least this often, so a restart knows how recent it was. */
export const FINDING_HEARTBEAT_MS = 60_000;
/** A link is sampled when its state changes, and at least this often while it does not. */
export const LINK_HEARTBEAT_MS = 60_000;
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
  peerCategories: Map<string, Map<string, string>>;
  /** Each node's declared categories as last written (joined): a change starts a new peer base. */
  peerDeclared: Map<string, string>;
  routingOwners: Map<string, { version: string | null; owners: Map<number, string | null> }>;
  links: Map<string, { state: string; at: number }>;
  incidents: Map<string, string>;
  logGroupCounts: Map<string, number>;
};

export function emptyBatchMemory(): BatchMemory {
  return { findings: new Map(), peerCategories: new Map(), peerDeclared: new Map(), routingOwners: new Map(), links: new Map(), incidents: new Map(), logGroupCounts: new Map() };
}

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
 * (memory is empty then, also after a batch that could not be written) and any
 * change of its declared categories write a base instead: every peer it lists,
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
  const previous = memory.peerCategories.get(node);
  const base = !previous || memory.peerDeclared.get(node) !== declared;
  memory.peerCategories.set(node, now);
  memory.peerDeclared.set(node, declared);
  const at = report.fetchedAt;
  if (base) {
    bases.push({ node, at, categories: [...report.peers.categories] });
    return [...now].map(([peer, category]) => ({ node, peer, at, from: null, to: category }));
  }
  const moves: PeerMove[] = [];
  for (const [peer, category] of now) {
    const from = previous.get(peer) ?? null;
    if (from !== category) moves.push({ node, peer, at, from, to: category });
  }
  for (const [peer, category] of previous) {
    if (!now.has(peer)) moves.push({ node, peer, at, from: category, to: null });
  }
  return moves;
}

/**
 * A node's routing table when its version or an owner changed. The first one
 * after a start (memory is empty then) is a base: every partition, from null,
 * so replaying a node's table never depends on rows written before a restart.
 */
function routingVersion(memory: BatchMemory, report: NodeReport): RoutingVersion | null {
  if (report.status !== 'ok' || !report.routing) return null;
  const version = report.routing.version === undefined ? null : String(report.routing.version);
  const owners = new Map<number, string | null>();
  // Every partition of the table, unowned ones too: a base says how many there are.
  for (let partition = 0; partition < report.routing.partitionCount; partition++) owners.set(partition, null);
  for (const partition of report.routing.partitions) owners.set(partition.id, partition.owners.at(-1) ?? null);
  const previous = memory.routingOwners.get(report.targetId);
  memory.routingOwners.set(report.targetId, { version, owners });
  if (!previous) {
    const changed = [...owners].map(([partition, owner]) => ({ partition, from: null, to: owner }));
    return { node: report.targetId, at: report.fetchedAt, version, changed, base: true };
  }
  const changed: RoutingVersion['changed'] = [];
  for (const [partition, owner] of owners) {
    const before = previous.owners.get(partition) ?? null;
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
