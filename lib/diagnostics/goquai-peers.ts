import type { Condition, FindingClass } from '@/lib/contract/findings';
import type { PeerCounts } from '@/lib/contract/report';
import type { EvidenceWithLine } from '@/lib/logs/overlay';
import type { PeerReadErrorEvidence, PeerStatsEvidence } from '@/lib/logs/extractors';
import {
  DEFAULT_ROUND_PERIOD_MS,
  addStatsLine,
  categoriesFreshness,
  categoriesOf,
  gapPeers,
  multiCategoryPeers,
  peersOf,
  type StatsRound,
} from './goquai-rounds';
import { statusInCycle } from './node-status';
import type { Analyzer, CycleInput } from './types';

/**
 * go-quai peers, judged on go-quai's own evidence: the `Peer stats` rounds of
 * peers.log, the peer-DB read errors of its logs, and the counts of its
 * JSON-RPC and metrics. Rules (docs/goquai.md says the same in operator's words):
 * - a peer in two categories of one round is multi-category (persistent once
 *   three rounds in a row show it);
 * - a peer in a category in one round and the round after next, but in none
 *   of the round between, fell into the gap (closed, so transient);
 * - read errors for a peer that is then listed in a category again are
 *   transient; errors that keep coming over three round periods without the
 *   peer coming back are persistent;
 * - a node whose RPC answers while its rounds are overdue shows its
 *   categories as stale (`peer.stats_stale`), never as current;
 * - the RPC's count, the metrics gauge, RPC incoming + outgoing and the
 *   distinct peers of the fresh categories must agree (`peer.count_mismatch`),
 *   two polls in a row, beyond a small tolerance.
 */

export const GOQUAI_LIMITS = { roundsPerLocation: 4, locationsPerNode: 64, gapsPerNode: 50, readErrorsPerNode: 200, seqsPerTrack: 5 } as const;
/** Rounds in a row listing a peer in two categories after which it is persistent. */
const MULTI_PERSISTENT_ROUNDS = 3;
/** Read errors spanning this many round periods without the peer back in a category are persistent. */
const READ_ERROR_PERSISTENT_PERIODS = 2;

export type GapEvent = {
  location: string;
  peer: string;
  before: { at: number; categories: string[] };
  /** The round that listed it nowhere. */
  gapAt: number;
  after: { at: number; categories: string[] };
  seqs: number[];
};

export type LocationTrack = {
  location: string;
  building: StatsRound | null;
  /** Finished rounds, newest last. */
  rounds: StatsRound[];
  periodMs: number | null;
  /** Rounds in a row each peer was multi-category (peers not multi now are absent). */
  multiRounds: Record<string, number>;
};

export type ReadErrorTrack = {
  /** The peer id decoded from the key, or the key itself when it names no peer. */
  subject: string;
  key: string;
  peerId: string | null;
  firstAt: number;
  lastAt: number;
  count: number;
  lastMessage: string;
  seqs: number[];
  /** Time of the first round after the last error that listed the peer in a category again. */
  reappearedAt: number | null;
  reappearedIn: string[];
};

export type GoquaiNodeState = {
  nodeId: string;
  locations: ReadonlyMap<string, LocationTrack>;
  gaps: GapEvent[];
  readErrors: ReadonlyMap<string, ReadErrorTrack>;
  counts: PeerCounts | null;
  countsAt: number | null;
  /** Polls in a row whose counts disagreed. */
  mismatchPolls: number;
};

export type GoquaiPeersState = { lastSeq: number; nodes: ReadonlyMap<string, GoquaiNodeState> };

function emptyNode(nodeId: string): GoquaiNodeState {
  return { nodeId, locations: new Map(), gaps: [], readErrors: new Map(), counts: null, countsAt: null, mismatchPolls: 0 };
}

/** The period the node's rounds show (time between the last two round starts), else go-quai's minute. */
export function periodOf(track: LocationTrack): number {
  return track.periodMs ?? DEFAULT_ROUND_PERIOD_MS;
}

/** The newest finished round, or the one being read once all its buckets are in. */
export function latestRound(track: LocationTrack): StatsRound | null {
  if (track.building?.complete) return track.building;
  return track.rounds[track.rounds.length - 1] ?? null;
}

function judgedRounds(track: LocationTrack): StatsRound[] {
  return track.building?.complete ? [...track.rounds, track.building] : track.rounds;
}

/** A round that is in (all its buckets, or closed by the next): gaps, reappearances, multi counts. */
function onRoundIn(node: GoquaiNodeState, track: LocationTrack, round: StatsRound): { node: GoquaiNodeState; track: LocationTrack } {
  const previous = judgedRounds({ ...track, building: null }).filter((r) => r !== round);
  const rounds = [...previous, round].slice(-GOQUAI_LIMITS.roundsPerLocation);
  const last = previous[previous.length - 1];
  const periodMs = last && round.at > last.at ? round.at - last.at : track.periodMs;
  const gaps = [...node.gaps];
  if (previous.length >= 2) {
    const before = previous[previous.length - 2];
    const middle = previous[previous.length - 1];
    for (const peer of gapPeers(before, middle, round)) {
      gaps.push({
        location: round.location,
        peer,
        before: { at: before.at, categories: categoriesOf(before, peer) },
        gapAt: middle.at,
        after: { at: round.at, categories: categoriesOf(round, peer) },
        seqs: [...middle.seqs],
      });
    }
  }
  const multiRounds: Record<string, number> = {};
  for (const { peer } of multiCategoryPeers(round)) multiRounds[peer] = (track.multiRounds[peer] ?? 0) + 1;
  const listed = peersOf(round);
  const readErrors = new Map(node.readErrors);
  for (const [subject, errorTrack] of readErrors) {
    if (errorTrack.reappearedAt !== null || !errorTrack.peerId || !listed.has(errorTrack.peerId) || round.at <= errorTrack.lastAt) continue;
    readErrors.set(subject, { ...errorTrack, reappearedAt: round.at, reappearedIn: categoriesOf(round, errorTrack.peerId).map((c) => `${round.location}/${c}`) });
  }
  return {
    node: { ...node, gaps: gaps.slice(-GOQUAI_LIMITS.gapsPerNode), readErrors },
    track: { ...track, rounds: track.building === round ? rounds.slice(0, -1) : rounds, periodMs, multiRounds },
  };
}

function foldStats(node: GoquaiNodeState, line: PeerStatsEvidence & { seq: number }): GoquaiNodeState {
  if (Number.isNaN(Date.parse(line.at))) return node;
  const before = node.locations.get(line.location);
  if (!before && node.locations.size >= GOQUAI_LIMITS.locationsPerNode) return node;
  let track: LocationTrack = before ?? { location: line.location, building: null, rounds: [], periodMs: null, multiRounds: {} };
  let next = node;
  const step = addStatsLine(track.building, line);
  // The closed round is judged now unless it was already judged when its last bucket came in.
  if (step.finished) {
    const judgedAlready = track.building?.complete === true;
    if (judgedAlready) track = { ...track, rounds: [...track.rounds, step.finished].slice(-GOQUAI_LIMITS.roundsPerLocation) };
    else ({ node: next, track } = onRoundIn(next, { ...track, building: null }, step.finished));
  }
  track = { ...track, building: step.building };
  if (step.building.complete) ({ node: next, track } = onRoundIn(next, track, step.building));
  const locations = new Map(next.locations);
  locations.set(line.location, track);
  return { ...next, locations };
}

function foldReadError(node: GoquaiNodeState, line: PeerReadErrorEvidence & { seq: number }): GoquaiNodeState {
  const at = Date.parse(line.at);
  if (Number.isNaN(at)) return node;
  const subject = line.peerId ?? line.key;
  const before = node.readErrors.get(subject);
  // Errors after the peer came back start a new episode.
  const fresh = !before || before.reappearedAt !== null;
  const track: ReadErrorTrack = {
    subject,
    key: line.key,
    peerId: line.peerId,
    firstAt: fresh ? at : before.firstAt,
    lastAt: Math.max(at, before && !fresh ? before.lastAt : at),
    count: (fresh ? 0 : before.count) + 1,
    lastMessage: line.message,
    seqs: [...(fresh ? [] : before.seqs), line.seq].slice(-GOQUAI_LIMITS.seqsPerTrack),
    reappearedAt: null,
    reappearedIn: [],
  };
  const readErrors = new Map(node.readErrors);
  readErrors.delete(subject);
  readErrors.set(subject, track);
  while (readErrors.size > GOQUAI_LIMITS.readErrorsPerNode) readErrors.delete(readErrors.keys().next().value as string);
  return { ...node, readErrors };
}

/** The round period of a node: the shortest its locations show (a node logs all locations on one ticker). */
export function nodePeriod(node: GoquaiNodeState): number {
  const periods = [...node.locations.values()].map((track) => track.periodMs).filter((p): p is number => p !== null);
  return periods.length > 0 ? Math.min(...periods) : DEFAULT_ROUND_PERIOD_MS;
}

export function readErrorClass(track: ReadErrorTrack, periodMs: number): FindingClass {
  if (track.reappearedAt !== null) return 'transient';
  return track.lastAt - track.firstAt >= READ_ERROR_PERSISTENT_PERIODS * periodMs ? 'persistent' : 'transient';
}

/** Distinct peers in the fresh categories of every location; null when no location is fresh and complete. */
export function categorizedPeers(node: GoquaiNodeState, pollIntervalMs: number, now: number): number | null {
  const peers = new Set<string>();
  let any = false;
  for (const track of node.locations.values()) {
    const round = latestRound(track);
    if (!round?.complete || categoriesFreshness(round.at, periodOf(track), pollIntervalMs, now) !== 'fresh') continue;
    any = true;
    for (const peer of peersOf(round)) peers.add(peer);
  }
  return any ? peers.size : null;
}

function differ(a: number, b: number): boolean {
  return Math.abs(a - b) > Math.max(1, Math.ceil(0.1 * Math.max(a, b)));
}

/** Which of the node's own counts contradict each other now; empty when they agree or too little is known. */
export function countContradictions(counts: PeerCounts | null, categorized: number | null): string[] {
  if (!counts || counts.total === null) return [];
  const found: string[] = [];
  const { total, incoming, outgoing, metricsPeers } = counts;
  if (incoming !== null && outgoing !== null && incoming + outgoing !== total) found.push(`net_peerCount ${total} ≠ incoming ${incoming} + outgoing ${outgoing}`);
  if (metricsPeers !== null && differ(total, metricsPeers)) found.push(`net_peerCount ${total} vs PeerGauges numPeers ${metricsPeers}`);
  if (categorized !== null && differ(total, categorized)) found.push(`net_peerCount ${total} vs ${categorized} distinct peers in the categories of peers.log`);
  return found;
}

function locationSubject(location: string, peer: string): string {
  return `${location}:${peer}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

function nodeConditions(node: GoquaiNodeState, input: CycleInput): Condition[] {
  const conditions: Condition[] = [];
  const id = node.nodeId;
  const period = nodePeriod(node);
  for (const track of node.locations.values()) {
    const round = latestRound(track);
    if (!round) continue;
    for (const { peer, categories } of multiCategoryPeers(round)) {
      const rounds = track.multiRounds[peer] ?? 1;
      conditions.push({
        kind: 'peer.multi_category',
        severity: 'warning',
        subject: { type: 'peer', id: locationSubject(track.location, peer), node: id },
        summary: `Peer ${peer} on ${id} is in ${categories.join(' and ')} at once in location ${track.location} (Peer stats of ${iso(round.at)})`,
        evidence: { node: id, peer, location: track.location, categories, roundAt: iso(round.at), roundsInARow: rounds, logLines: round.seqs, source: 'peers.log' },
        class: rounds >= MULTI_PERSISTENT_ROUNDS ? 'persistent' : 'transient',
      });
    }
  }
  for (const gap of node.gaps) {
    const track = node.locations.get(gap.location);
    const newest = track ? latestRound(track) : null;
    // A gap is shown while the round that closed it is the newest of its location.
    if (!newest || newest.at !== gap.after.at) continue;
    conditions.push({
      kind: 'peer.category_gap',
      severity: 'warning',
      subject: { type: 'peer', id: locationSubject(gap.location, gap.peer), node: id },
      summary: `Peer ${gap.peer} on ${id} was in no category of location ${gap.location} at ${iso(gap.gapAt)}: ${gap.before.categories.join('+')} before, ${gap.after.categories.join('+')} after`,
      evidence: {
        node: id,
        peer: gap.peer,
        location: gap.location,
        categoryBefore: gap.before.categories.join('+'),
        categoryAfter: gap.after.categories.join('+'),
        beforeAt: iso(gap.before.at),
        gapAt: iso(gap.gapAt),
        afterAt: iso(gap.after.at),
        missingPolls: 1,
        logLines: gap.seqs,
        source: 'peers.log',
      },
      class: 'transient',
      since: gap.gapAt,
    });
  }
  for (const track of node.readErrors.values()) {
    const cls = readErrorClass(track, period);
    // Active until the peer is back in a category; a persistent one while errors keep coming.
    const recent = input.now - track.lastAt <= 2 * period + input.pollIntervalMs;
    if (track.reappearedAt !== null || (!recent && cls === 'persistent') || (!recent && input.now - track.lastAt > 3 * period)) continue;
    conditions.push({
      kind: 'peer.read_error',
      severity: cls === 'persistent' ? 'warning' : 'info',
      subject: { type: 'peer', id: track.subject, node: id },
      summary: `${id} cannot read ${track.key} from its peer DB (${track.count} error(s) since ${iso(track.firstAt)}${cls === 'persistent' ? ', still failing' : ''})`,
      evidence: {
        node: id,
        key: track.key,
        peer: track.peerId,
        count: track.count,
        firstErrorAt: iso(track.firstAt),
        lastErrorAt: iso(track.lastAt),
        lastMessage: track.lastMessage,
        logLines: track.seqs,
        peerStillOut: track.reappearedAt === null,
        persistentAfterMs: READ_ERROR_PERSISTENT_PERIODS * period,
      },
      class: cls,
      since: track.firstAt,
    });
  }
  const status = statusInCycle(input, id);
  const rounds = [...node.locations.values()].map(latestRound).filter((r): r is StatsRound => r !== null);
  if (status === 'ok' && rounds.length > 0) {
    const newest = Math.max(...rounds.map((r) => r.at));
    if (categoriesFreshness(newest, period, input.pollIntervalMs, input.now) === 'stale') {
      conditions.push({
        kind: 'peer.stats_stale',
        severity: 'warning',
        subject: { type: 'node', id, node: id },
        summary: `${id} answers its JSON-RPC but wrote no Peer stats since ${iso(newest)}: its categories are stale`,
        evidence: { node: id, lastRoundAt: iso(newest), ageMs: input.now - newest, roundPeriodMs: period, locations: rounds.map((r) => r.location) },
      });
    }
  }
  if (node.mismatchPolls >= 2) {
    const found = countContradictions(node.counts, categorizedPeers(node, input.pollIntervalMs, input.now));
    if (found.length > 0) {
      conditions.push({
        kind: 'peer.count_mismatch',
        severity: 'warning',
        subject: { type: 'node', id, node: id },
        summary: `${id} contradicts itself on its peer count: ${found.join('; ')}`,
        evidence: { node: id, contradictions: found, counts: node.counts, categorized: categorizedPeers(node, input.pollIntervalMs, input.now), polls: node.mismatchPolls },
      });
    }
  }
  return conditions;
}

function isStats(item: EvidenceWithLine): item is PeerStatsEvidence & { seq: number } {
  return item.kind === 'peer.stats';
}

function isReadError(item: EvidenceWithLine): item is PeerReadErrorEvidence & { seq: number } {
  return item.kind === 'peer.read_error';
}

export const goquaiPeersAnalyzer: Analyzer<GoquaiPeersState> = {
  name: 'goquai-peers',
  initial: () => ({ lastSeq: 0, nodes: new Map() }),
  step(state, input) {
    const nodes = new Map(state.nodes);
    let lastSeq = state.lastSeq;
    const targets = new Set(input.targetIds);
    for (const item of input.logEvidence ?? []) {
      if (item.seq <= state.lastSeq) continue;
      lastSeq = Math.max(lastSeq, item.seq);
      if (!targets.has(item.target) || (!isStats(item) && !isReadError(item))) continue;
      // A native node's read errors are judged by the peers analyzer; a node not polled yet may still be go-quai's.
      const kind = input.reports.get(item.target)?.kind ?? input.lastOk.get(item.target)?.kind;
      if (kind !== undefined && kind !== 'goquai') continue;
      const node = nodes.get(item.target) ?? emptyNode(item.target);
      nodes.set(item.target, isStats(item) ? foldStats(node, item) : foldReadError(node, item as PeerReadErrorEvidence & { seq: number }));
    }
    const conditions: Condition[] = [];
    for (const id of input.targetIds) {
      const report = input.reports.get(id);
      if (report?.kind !== 'goquai') continue;
      let node = nodes.get(id) ?? emptyNode(id);
      if (report.status === 'ok' && report.fetchedAt !== node.countsAt) {
        const counts = report.peerCounts ?? null;
        const disagree = countContradictions(counts, categorizedPeers(node, input.pollIntervalMs, input.now)).length > 0;
        node = { ...node, counts, countsAt: report.fetchedAt, mismatchPolls: disagree ? node.mismatchPolls + 1 : 0 };
      }
      nodes.set(id, node);
      conditions.push(...nodeConditions(node, input));
    }
    return { state: { lastSeq, nodes }, conditions };
  },
};
