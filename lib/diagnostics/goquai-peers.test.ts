import { describe, expect, it } from 'vitest';
import type { NodeReport, PeerCounts } from '@/lib/contract/report';
import { DEFAULT_DIAGNOSTICS } from '@/lib/diagnostics/fixtures/reports';
import { logrusLine } from '@/lib/demo-cluster/goquai/logrus-format';
import { extractEvidence } from '@/lib/logs/extractors';
import { parseLogrus } from '@/lib/logs/formats/logrus';
import type { EvidenceWithLine } from '@/lib/logs/overlay';
import { countContradictions, goquaiPeersAnalyzer, latestRound, type GoquaiPeersState } from './goquai-peers';
import { buildGoquaiPeersView } from './goquai-peers-view';
import { goquaiPeersViewSchema } from '@/lib/contract/views';
import { addStatsLine, categoriesFreshness } from './goquai-rounds';
import type { CycleInput } from './types';

const A = '12D3KooWAbcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRS1';
const B = '12D3KooWBbcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRS2';
const C = '12D3KooWCbcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRS3';
const T0 = Date.parse('2026-05-29T16:00:00.000Z');
const MINUTE = 60_000;
const BUCKETS = ['bestPeersDB', 'responsivePeersDB', 'lastResortPeersDB'] as const;

let seq = 0;

/** A line as go-quai writes it, read back through the logrus parser and the extractors. */
function evidenceOf(text: string, target = 'q1'): EvidenceWithLine {
  const line = parseLogrus(text, { receivedAt: T0, utcOffsetMinutes: 0 });
  const evidence = extractEvidence({ line, target, index: 0 });
  if (!evidence) throw new Error(`no evidence in ${text}`);
  seq += 1;
  return { ...evidence, seq };
}

/** One Peer stats round: go-quai's cumulative lists, bucket by bucket. */
function round(at: number, buckets: [string[], string[], string[]], location = 'cyprus1', target = 'q1'): EvidenceWithLine[] {
  const cumulative: Record<string, string>[] = [];
  return BUCKETS.map((bucket, index) => {
    for (const id of buckets[index]) cumulative.push({ info: `peer_id:"${id}" `, peerID: id });
    return evidenceOf(logrusLine('info', at + index, 'Peer stats', { location, peerCount: cumulative.length, bucket, peers: [...cumulative] }), target);
  });
}

function readError(at: number, peer: string, target = 'q1'): EvidenceWithLine {
  return evidenceOf(logrusLine('error', at, 'Error reading the key from the peer db', { key: Buffer.from(`/${peer}`) }), target);
}

function counts(partial: Partial<PeerCounts>): PeerCounts {
  return {
    listening: true,
    network: '1',
    total: null,
    incoming: null,
    outgoing: null,
    metricsPeers: null,
    metricsStreams: null,
    messagesSent: null,
    messagesReceived: null,
    metricsConfigured: true,
    problems: [],
    ...partial,
  };
}

function report(at: number, peerCounts: PeerCounts | null = null, target = 'q1'): NodeReport {
  return {
    targetId: target,
    kind: 'goquai',
    address: '127.0.0.1:9001',
    status: 'ok',
    reason: null,
    fetchedAt: at,
    latencyMs: 1,
    node: null,
    peers: null,
    sync: null,
    routing: null,
    logs: null,
    peerCounts,
    unavailable: ['peers', 'sync', 'routing', 'logs'],
  };
}

class Driver {
  state: GoquaiPeersState = goquaiPeersAnalyzer.initial();
  evidence: EvidenceWithLine[] = [];
  step(now: number, add: EvidenceWithLine[] = [], peerCounts: PeerCounts | null = null) {
    this.evidence.push(...add);
    const input: CycleInput = {
      now,
      pollIntervalMs: 5000,
      config: DEFAULT_DIAGNOSTICS,
      targetIds: ['q1'],
      reports: new Map([['q1', report(now, peerCounts)]]),
      lastOk: new Map([['q1', report(now, peerCounts)]]),
      logEvidence: this.evidence,
    };
    const result = goquaiPeersAnalyzer.step(this.state, input);
    this.state = result.state;
    return result.conditions;
  }
}

describe('Peer stats rounds', () => {
  it('a bucket is what its line adds to the cumulative list of the line before', () => {
    const lines = round(T0, [[A], [B, C], []]);
    let building = null;
    for (const line of lines) building = addStatsLine(building, line as never).building;
    expect(building?.complete).toBe(true);
    expect(building?.cumulative).toBe(true);
    expect(building?.buckets).toEqual({ best: [A], responsive: [B, C], lastResort: [] });
  });

  it('a writer that logs each bucket on its own is read as such', () => {
    const lines = BUCKETS.map((bucket, index) =>
      evidenceOf(logrusLine('info', T0 + index, 'Peer stats', { location: 'paxos', peerCount: 1, bucket, peers: [{ info: '', peerID: [A, B, C][index] }] })),
    );
    let building = null;
    for (const line of lines) building = addStatsLine(building, line as never).building;
    expect(building?.buckets).toEqual({ best: [A], responsive: [B], lastResort: [C] });
  });

  it('a list is fresh until its next round is overdue, then stale; no round is unknown', () => {
    expect(categoriesFreshness(null, MINUTE, 5000, T0)).toBe('unknown');
    expect(categoriesFreshness(T0, MINUTE, 5000, T0 + 59_000)).toBe('fresh');
    expect(categoriesFreshness(T0, MINUTE, 5000, T0 + 91_000)).toBe('stale');
  });
});

describe('go-quai peers analyzer', () => {
  it('a peer in two buckets of one round is multi-category, transient until three rounds in a row', () => {
    const driver = new Driver();
    const first = driver.step(T0 + 1000, round(T0, [[A, B], [B], [C]]));
    expect(first).toContainEqual(
      expect.objectContaining({ kind: 'peer.multi_category', subject: { type: 'peer', id: `cyprus1:${B}`, node: 'q1' }, class: 'transient' }),
    );
    driver.step(T0 + MINUTE + 1000, round(T0 + MINUTE, [[A, B], [B], [C]]));
    const third = driver.step(T0 + 2 * MINUTE + 1000, round(T0 + 2 * MINUTE, [[A, B], [B], [C]]));
    expect(third.find((c) => c.kind === 'peer.multi_category')?.class).toBe('persistent');
  });

  it('a peer present before and after but in no bucket of the round between fell into the gap', () => {
    const driver = new Driver();
    driver.step(T0 + 1000, round(T0, [[A], [B], [C]]));
    expect(driver.step(T0 + MINUTE + 1000, round(T0 + MINUTE, [[A], [], [C]])).filter((c) => c.kind === 'peer.category_gap')).toEqual([]);
    const after = driver.step(T0 + 2 * MINUTE + 1000, round(T0 + 2 * MINUTE, [[A, B], [], [C]]));
    const gap = after.find((c) => c.kind === 'peer.category_gap');
    expect(gap).toMatchObject({ subject: { id: `cyprus1:${B}` }, class: 'transient', evidence: { categoryBefore: 'responsive', categoryAfter: 'best', location: 'cyprus1' } });
    // Shown while the round that closed it is the newest; gone after the next.
    expect(driver.step(T0 + 3 * MINUTE + 1000, round(T0 + 3 * MINUTE, [[A, B], [], [C]])).some((c) => c.kind === 'peer.category_gap')).toBe(false);
  });

  it('a peer that leaves for good is no gap, and rounds of other locations do not mix', () => {
    const driver = new Driver();
    driver.step(T0 + 1000, [...round(T0, [[A], [B], []]), ...round(T0, [[C], [], []], 'paxos')]);
    driver.step(T0 + MINUTE + 1000, [...round(T0 + MINUTE, [[A], [], []]), ...round(T0 + MINUTE, [[C], [], []], 'paxos')]);
    const conditions = driver.step(T0 + 2 * MINUTE + 1000, [...round(T0 + 2 * MINUTE, [[A], [], []]), ...round(T0 + 2 * MINUTE, [[C], [B], []], 'paxos')]);
    expect(conditions.filter((c) => c.kind === 'peer.category_gap')).toEqual([]);
  });

  it('read errors for a peer that then reappears are transient and stop; errors that keep coming are persistent', () => {
    const driver = new Driver();
    driver.step(T0 + 1000, round(T0, [[A], [B], [C]]));
    const during = driver.step(T0 + 20_000, [readError(T0 + 15_000, B), readError(T0 + 16_000, C)]);
    expect(during.filter((c) => c.kind === 'peer.read_error').map((c) => [c.subject.id, c.class])).toEqual([
      [B, 'transient'],
      [C, 'transient'],
    ]);
    // B is back in a category; C keeps failing and is nowhere for three minutes.
    let conditions = driver.step(T0 + MINUTE + 1000, [...round(T0 + MINUTE, [[A], [B], []]), readError(T0 + MINUTE + 500, C)]);
    expect(conditions.some((c) => c.kind === 'peer.read_error' && c.subject.id === B)).toBe(false);
    for (let minute = 2; minute <= 3; minute += 1) {
      conditions = driver.step(T0 + minute * MINUTE + 1000, [...round(T0 + minute * MINUTE, [[A], [B], []]), readError(T0 + minute * MINUTE + 500, C)]);
    }
    expect(conditions.find((c) => c.kind === 'peer.read_error' && c.subject.id === C)).toMatchObject({ class: 'persistent', severity: 'warning', evidence: { count: 4 } });
    const node = driver.state.nodes.get('q1')!;
    expect(node.readErrors.get(B)?.reappearedIn).toEqual(['cyprus1/responsive']);
  });

  it('categories age as rounds stop: a node whose RPC answers but whose log went silent is stale', () => {
    const driver = new Driver();
    driver.step(T0 + 1000, round(T0, [[A], [B], []]));
    const track = driver.state.nodes.get('q1')!.locations.get('cyprus1')!;
    expect(latestRound(track)?.at).toBe(T0);
    expect(driver.step(T0 + 80_000).some((c) => c.kind === 'peer.stats_stale')).toBe(false);
    expect(driver.step(T0 + 95_000)).toContainEqual(expect.objectContaining({ kind: 'peer.stats_stale', subject: { type: 'node', id: 'q1', node: 'q1' } }));
  });

  it('the view shows each location with the age of its round: current while rounds come, stale once they stop', () => {
    const driver = new Driver();
    driver.step(T0 + 1000, [...round(T0, [[A], [B], [C]]), ...round(T0, [[B], [], []], 'paxos')]);
    driver.step(T0 + MINUTE + 1000, [...round(T0 + MINUTE, [[A], [B], [C]]), ...round(T0 + MINUTE, [[B], [], []], 'paxos')]);
    const view = (now: number) =>
      buildGoquaiPeersView(driver.state, { targetIds: ['q1'], statusOf: () => 'ok', pollIntervalMs: 5000 }, now).nodes[0].locations.map((location) => [
        location.location,
        location.ageMs,
        location.freshness,
      ]);
    expect(view(T0 + MINUTE + 20_000)).toEqual([
      ['cyprus1', 20_000, 'fresh'],
      ['paxos', 20_000, 'fresh'],
    ]);
    // Rounds stopped: the same lists, now a minute and a half old, are stale, not current.
    expect(view(T0 + MINUTE + 95_000)).toEqual([
      ['cyprus1', 95_000, 'stale'],
      ['paxos', 95_000, 'stale'],
    ]);
    // What the browser parses: the whole view, gaps and read errors included, passes the answer schema unchanged.
    driver.step(T0 + 2 * MINUTE + 1000, [...round(T0 + 2 * MINUTE, [[A], [], [C]]), readError(T0 + 2 * MINUTE + 200, B)]);
    driver.step(T0 + 3 * MINUTE + 1000, round(T0 + 3 * MINUTE, [[A], [B], [C]]));
    const full = buildGoquaiPeersView(driver.state, { targetIds: ['q1'], statusOf: () => 'ok', pollIntervalMs: 5000 }, T0 + 3 * MINUTE + 2000);
    expect(full.nodes[0].readErrors).toHaveLength(1);
    expect(goquaiPeersViewSchema.parse(full)).toEqual(full);
    const cyprus = buildGoquaiPeersView(driver.state, { targetIds: ['q1'], statusOf: () => 'ok', pollIntervalMs: 5000 }, T0 + MINUTE + 1000).nodes[0].locations[0];
    expect(cyprus.buckets).toEqual([
      { category: 'best', bucket: 'bestPeersDB', peers: [A] },
      { category: 'responsive', bucket: 'responsivePeersDB', peers: [B] },
      { category: 'lastResort', bucket: 'lastResortPeersDB', peers: [C] },
    ]);
  });

  it('RPC, metrics and the categories must agree on the count, two polls in a row', () => {
    const driver = new Driver();
    const agreeing = counts({ total: 3, incoming: 1, outgoing: 2, metricsPeers: 3 });
    expect(driver.step(T0 + 1000, round(T0, [[A], [B], [C]]), agreeing).some((c) => c.kind === 'peer.count_mismatch')).toBe(false);
    const off = counts({ total: 12, incoming: 1, outgoing: 2, metricsPeers: 3 });
    expect(driver.step(T0 + 6000, [], off).some((c) => c.kind === 'peer.count_mismatch')).toBe(false);
    const mismatch = driver.step(T0 + 11_000, [], off).find((c) => c.kind === 'peer.count_mismatch');
    expect(mismatch?.evidence.contradictions).toEqual([
      'net_peerCount 12 ≠ incoming 1 + outgoing 2',
      'net_peerCount 12 vs PeerGauges numPeers 3',
      'net_peerCount 12 vs 3 distinct peers in the categories of peers.log',
    ]);
  });

  it('a count nobody gave contradicts nothing (unknown, not zero)', () => {
    expect(countContradictions(counts({ total: null, metricsPeers: 5 }), 2)).toEqual([]);
    expect(countContradictions(counts({ total: 5 }), null)).toEqual([]);
    expect(countContradictions(null, 3)).toEqual([]);
  });
});
