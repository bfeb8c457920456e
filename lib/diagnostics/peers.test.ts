import { describe, expect, it } from 'vitest';
import type { Condition } from '@/lib/contract/findings';
import { PEERS_LIMITS, peerMoves, type PeersState } from './peers-state';
import fc from 'fast-check';
import { buildPeersView, buildPeersViewSteps } from './peers-view';
import { peersAnalyzer } from './peers';
import { DEFAULT_DIAGNOSTICS } from './fixtures/reports';
import {
  at,
  downReport,
  goneForGoodHistory,
  okReport,
  peersDoc,
  POLL_MS,
  raceHistory,
  readError,
  run,
  type Cycle,
} from './fixtures/peers-fixtures';
import { runCountingPauses } from './testing/count-pauses';

const ofKind = (conditions: Condition[], kind: Condition['kind']) => conditions.filter((c) => c.kind === kind);

function view(state: PeersState, reports: Map<string, ReturnType<typeof okReport>>, targetIds: string[], now: number, extra = {}) {
  return buildPeersView(state, reports, { targetIds, pollIntervalMs: POLL_MS, gapTransientPolls: 3, ...extra }, now);
}

describe('peer.category_gap', () => {
  it('a peer that falls out of every category and is back next poll is a transient gap', () => {
    const { perCycle, state } = run(['quai-1'], raceHistory());
    expect(ofKind(perCycle[0], 'peer.category_gap')).toEqual([]);

    const [gap] = ofKind(perCycle[1], 'peer.category_gap');
    expect(gap.subject).toEqual({ type: 'peer', id: 'p2', node: 'quai-1' });
    expect(gap.class).toBe('transient');
    expect(gap.evidence).toMatchObject({
      node: 'quai-1',
      peer: 'p2',
      categoryBefore: 'responsive',
      missingPolls: 1,
      missingSince: new Date(at(1)).toISOString(),
      reason: 'missing',
    });
    expect(gap.since).toBe(at(1));

    // Back in `best`: the condition clears, the closed gap remembers before/after and its class.
    expect(ofKind(perCycle[2], 'peer.category_gap')).toEqual([]);
    const p2 = state.nodes.get('quai-1')!.peers.get('p2')!;
    expect(p2.gap).toBeNull();
    expect(p2.lastGap).toMatchObject({ categoryBefore: 'responsive', categoryAfter: ['best'], polls: 1, class: 'transient', endedAt: at(2) });
    expect(peerMoves(p2).map((m) => [m.from, m.to])).toEqual([
      [null, ['responsive']],
      [['responsive'], []],
      [[], ['best']],
    ]);
  });

  it('a gap that stays open past peerGapTransientPolls polls is persistent', () => {
    const { perCycle } = run(['quai-1'], goneForGoodHistory('quai-1', 8));
    const classes = perCycle.slice(1).map((c) => ofKind(c, 'peer.category_gap').map((g) => [g.subject.id, g.class, g.evidence.missingPolls]));
    expect(classes).toEqual([
      [['p3', 'transient', 1]],
      [['p3', 'transient', 2]],
      [['p3', 'transient', 3]],
      [['p3', 'persistent', 4]],
      [['p3', 'persistent', 5]],
      [['p3', 'persistent', 6]],
      [['p3', 'persistent', 7]],
    ]);
  });

  it('a peer listed only under a category the node did not declare is in a gap', () => {
    const { conditions } = run(['quai-1'], [
      [okReport('quai-1', at(0), peersDoc({ p1: 'best' }))],
      [okReport('quai-1', at(1), peersDoc({ p1: 'limbo' }))],
    ]);
    const [gap] = ofKind(conditions, 'peer.category_gap');
    expect(gap.evidence).toMatchObject({ reason: 'undeclared_category', listedAs: ['limbo'], categoryBefore: 'best' });
  });

  it('a peer never seen in a category before is not a gap, and one that leaves before it was is forgotten', () => {
    const { perCycle, state } = run(['quai-1'], [
      [okReport('quai-1', at(0), peersDoc({ p1: 'best', p9: 'limbo' }))],
      [okReport('quai-1', at(1), peersDoc({ p1: 'best' }))],
    ]);
    expect(perCycle.flat()).toEqual([]);
    expect(state.nodes.get('quai-1')!.peers.has('p9')).toBe(false);
  });

  it('a node that is down keeps its last known categories, marked stale, and raises no gap', () => {
    const reportsBefore = [okReport('quai-1', at(0), peersDoc({ p1: 'best', p2: 'responsive' }))];
    const { perCycle, state, lastReports } = run(['quai-1'], [
      reportsBefore,
      [downReport('quai-1', at(1))],
      [downReport('quai-1', at(2), 'timeout')],
    ]);
    expect(perCycle.flat()).toEqual([]);
    const node = state.nodes.get('quai-1')!;
    expect(node.peers.get('p2')!.categories).toEqual(['responsive']);
    expect(node.peers.get('p2')!.gap).toBeNull();

    const v = view(state, lastReports, ['quai-1'], at(2) + 100);
    expect(v.nodes[0]).toMatchObject({ id: 'quai-1', dataStatus: 'stale', nodeStatus: 'timeout', dataFrom: at(0), counts: { best: 1, responsive: 1, lastResort: 0 } });
    expect(v.peers.every((p) => p.stale && p.dataFrom === at(0))).toBe(true);
    expect(v.peers.map((p) => [p.id, p.categories])).toEqual([
      ['p1', ['best']],
      ['p2', ['responsive']],
    ]);
  });

  it('polls the node did not answer do not count toward a gap, and an open gap stays open, marked stale', () => {
    const { perCycle } = run(['quai-1'], [
      [okReport('quai-1', at(0), peersDoc({ p1: 'best', p2: 'responsive' }))],
      [okReport('quai-1', at(1), peersDoc({ p1: 'best' }))],
      [downReport('quai-1', at(2))],
      [downReport('quai-1', at(3))],
      [downReport('quai-1', at(4))],
      [okReport('quai-1', at(5), peersDoc({ p1: 'best' }))],
    ]);
    const gaps = perCycle.map((c) => ofKind(c, 'peer.category_gap')[0]);
    expect(gaps[2].evidence).toMatchObject({ missingPolls: 1, nodeStale: true });
    expect(gaps[4].class).toBe('transient');
    expect(gaps[5].evidence).toMatchObject({ missingPolls: 2 });
    expect(gaps[5].evidence.nodeStale).toBeUndefined();
  });

  it('the same report seen again in the next cycle is not counted twice', () => {
    const first = okReport('quai-1', at(0), peersDoc({ p1: 'best', p2: 'responsive' }));
    const second = okReport('quai-1', at(1), peersDoc({ p1: 'best' }));
    const { perCycle } = run(['quai-1'], [[first], [second], [], []]);
    expect(perCycle.slice(1).map((c) => ofKind(c, 'peer.category_gap')[0].evidence.missingPolls)).toEqual([1, 1, 1]);
  });
});

describe('peer.multi_category', () => {
  it('a peer listed in two categories in one answer is raised with both', () => {
    const { perCycle } = run(['quai-1'], [
      [okReport('quai-1', at(0), peersDoc({ p1: 'best', p2: 'responsive' }))],
      [okReport('quai-1', at(1), peersDoc({ p1: 'best', p2: ['lastResort', 'responsive'] }))],
      [okReport('quai-1', at(2), peersDoc({ p1: 'best', p2: 'lastResort' }))],
    ]);
    const [multi] = ofKind(perCycle[1], 'peer.multi_category');
    expect(multi.subject).toEqual({ type: 'peer', id: 'p2', node: 'quai-1' });
    // In the node's declared order, whatever order the answer listed them in.
    expect(multi.evidence).toMatchObject({ categories: ['responsive', 'lastResort'], polls: 1 });
    expect(ofKind(perCycle[1], 'peer.category_gap')).toEqual([]);
    expect(ofKind(perCycle[2], 'peer.multi_category')).toEqual([]);
  });

  it('counts what the node answered: a peer listed twice counts in both categories', () => {
    const reports = [okReport('quai-1', at(0), peersDoc({ p1: 'best', p2: ['best', 'responsive'], p3: 'lastResort', p4: 'lastResort' }))];
    const { state, lastReports } = run(['quai-1'], [reports]);
    const v = view(state, lastReports, ['quai-1'], at(0) + 100);
    expect(v.nodes[0]).toMatchObject({
      dataStatus: 'ok',
      categories: ['best', 'responsive', 'lastResort'],
      counts: { best: 2, responsive: 1, lastResort: 2 },
      listedPeers: 4,
      peersInSeveralCategories: 1,
    });
    expect(v.peers[0]).toMatchObject({ id: 'p2', multiCategory: true });
    expect(v.countsOverTime[0].samples).toEqual([{ at: at(0), counts: { best: 2, responsive: 1, lastResort: 2 } }]);
  });
});

describe('peer.read_error', () => {
  it('errors for a key whose peer is back in a category are transient and clear', () => {
    const { perCycle, state } = run(['quai-1'], raceHistory());
    const [err] = ofKind(perCycle[1], 'peer.read_error');
    expect(err.subject).toEqual({ type: 'peer', id: 'p2', node: 'quai-1' });
    expect(err.class).toBe('transient');
    expect(err.evidence).toMatchObject({ key: 'p2', count: 1, lastMessage: 'Error reading the key from the peer db' });
    // The same error still in the node's buffer is not new: with p2 back, the finding clears.
    expect(ofKind(perCycle[2], 'peer.read_error')).toEqual([]);
    expect(ofKind(perCycle[3], 'peer.read_error')).toEqual([]);
    expect(state.nodes.get('quai-1')!.readErrorKeys.get('p2')).toMatchObject({ total: 1, active: false, class: 'transient' });
  });

  it('errors that keep coming every poll for more than 3 polls are persistent', () => {
    const { perCycle } = run(['quai-1'], goneForGoodHistory('quai-1', 7));
    const classes = perCycle.slice(1).map((c) => ofKind(c, 'peer.read_error').map((e) => [e.class, e.evidence.count]));
    expect(classes).toEqual([
      [['transient', 1]],
      [['transient', 2]],
      [['transient', 3]],
      [['persistent', 4]],
      [['persistent', 5]],
      [['persistent', 6]],
    ]);
  });

  it('a key that names no peer stays active for the transient window after its last error, then clears', () => {
    const err = readError(at(1) - 50, 'meta/version');
    const { perCycle } = run(['quai-1'], [
      [okReport('quai-1', at(0), peersDoc({ p1: 'best' }))],
      [okReport('quai-1', at(1), peersDoc({ p1: 'best' }, [err]))],
      [okReport('quai-1', at(2), peersDoc({ p1: 'best' }, [err]))],
      [okReport('quai-1', at(3), peersDoc({ p1: 'best' }, [err]))],
      [okReport('quai-1', at(4), peersDoc({ p1: 'best' }, [err]))],
    ]);
    expect(perCycle.map((c) => ofKind(c, 'peer.read_error').length)).toEqual([0, 1, 1, 1, 0]);
    expect(ofKind(perCycle[1], 'peer.read_error')[0].subject).toEqual({ type: 'peer', id: 'meta/version', node: 'quai-1' });
  });

  it('maps a path-like key to its peer', () => {
    const { conditions } = run(['quai-1'], [
      [okReport('quai-1', at(0), peersDoc({ p1: 'best', p2: 'best' }))],
      [okReport('quai-1', at(1), peersDoc({ p1: 'best' }, [readError(at(1) - 10, 'peers/p2')]))],
    ]);
    expect(ofKind(conditions, 'peer.read_error')[0].evidence).toMatchObject({ key: 'peers/p2', peer: 'p2' });
  });
});

describe('buildPeersView', () => {
  const targets = ['quai-1', 'quai-2', 'client'];
  const cycles: Cycle[] = [
    [
      okReport('quai-1', at(0), peersDoc({ p1: 'best', p2: 'responsive', p3: 'lastResort' })),
      okReport('quai-2', at(0), peersDoc({ a1: 'best', a2: ['best', 'responsive'] })),
      okReport('client', at(0), null),
    ],
    [
      okReport('quai-1', at(1), peersDoc({ p1: 'best', p3: 'lastResort' })),
      okReport('quai-2', at(1), peersDoc({ a1: 'best', a2: ['best', 'responsive'] })),
      okReport('client', at(1), null),
    ],
  ];

  it('lists flagged peers first and filters by node, category and id', () => {
    const { state, lastReports } = run(targets, cycles);
    const all = view(state, lastReports, targets, at(1) + 100);
    expect(all.nodes.map((n) => [n.id, n.dataStatus])).toEqual([
      ['quai-1', 'ok'],
      ['quai-2', 'ok'],
      ['client', 'unavailable'],
    ]);
    expect(all.peers.slice(0, 2).map((p) => [p.node, p.id, !!p.gap, p.multiCategory])).toEqual([
      ['quai-1', 'p2', true, false],
      ['quai-2', 'a2', false, true],
    ]);
    expect(all.peers[0].gap).toMatchObject({ categoryBefore: 'responsive', class: 'transient' });

    const byNode = view(state, lastReports, targets, at(1) + 100, { node: 'quai-2' });
    expect(byNode.peers.map((p) => p.id)).toEqual(['a2', 'a1']);
    expect(byNode.nodes).toHaveLength(3);

    // A peer in a gap still shows under the category it fell out of.
    const byCategory = view(state, lastReports, targets, at(1) + 100, { category: 'responsive' });
    expect(byCategory.peers.map((p) => p.id)).toEqual(['p2', 'a2']);

    const byId = view(state, lastReports, targets, at(1) + 100, { q: 'P3' });
    expect(byId.peers.map((p) => p.id)).toEqual(['p3']);
    expect(byId.matchingPeers).toBe(1);
  });

  it('a node never answered is unknown, and an old answer is stale', () => {
    const { state, lastReports } = run(targets, cycles);
    const v = view(state, lastReports, [...targets, 'quai-3'], at(1) + 10 * POLL_MS);
    expect(v.nodes.find((n) => n.id === 'quai-3')).toMatchObject({ dataStatus: 'unknown', nodeStatus: 'unknown', dataFrom: null });
    expect(v.nodes.find((n) => n.id === 'quai-1')).toMatchObject({ dataStatus: 'stale', nodeStatus: 'stale' });
  });

  it('limits the peer list and says how many matched', () => {
    const { state, lastReports } = run(targets, cycles);
    const v = view(state, lastReports, targets, at(1) + 100, { limit: 2 });
    expect(v.peers).toHaveLength(2);
    expect(v.matchingPeers).toBe(5);
  });
});

describe('bounds', () => {
  it('keeps moves, count samples and tracked peers bounded', () => {
    const cycles: Cycle[] = [];
    for (let i = 0; i < PEERS_LIMITS.countSamples + 40; i++) {
      cycles.push([okReport('quai-1', at(i), peersDoc({ p1: i % 2 === 0 ? 'best' : 'responsive' }))]);
    }
    const { state } = run(['quai-1'], cycles);
    const node = state.nodes.get('quai-1')!;
    expect(peerMoves(node.peers.get('p1')!)).toHaveLength(PEERS_LIMITS.movesPerPeer);
    expect(node.countSamples.size).toBe(PEERS_LIMITS.countSamples);
    const samples = node.countSamples.toArray();
    expect(samples).toHaveLength(PEERS_LIMITS.countSamples);
    // The newest polls, oldest first: the first 40 of the run were dropped.
    expect(samples[0].at).toBe(at(40));
    expect(samples.at(-1)!.at).toBe(at(PEERS_LIMITS.countSamples + 39));

    const many = Object.fromEntries(Array.from({ length: PEERS_LIMITS.peersPerNode + 10 }, (_, i) => [`peer-${i}`, 'best']));
    const big = run(['quai-1'], [[okReport('quai-1', at(0), peersDoc(many))]]);
    expect(big.state.nodes.get('quai-1')!.peers.size).toBe(PEERS_LIMITS.peersPerNode);
    expect(big.state.nodes.get('quai-1')!.untrackedPeers).toBe(10);
    expect(big.state.nodes.get('quai-1')!.counts.best).toBe(PEERS_LIMITS.peersPerNode + 10);
  });
});

describe('peer.read_error for a peer gone for good', () => {
  it('is persistent once its peer stays out past the transient window, even when errors come only now and then', () => {
    const cycles: Cycle[] = [[okReport('quai-1', at(0), peersDoc({ p1: 'best', p2: 'responsive' }))]];
    const errors: ReturnType<typeof readError>[] = [];
    for (let i = 1; i <= 9; i++) {
      // One error every 4 polls, as a reader retrying now and then would produce.
      if (i % 4 === 1) errors.push(readError(at(i) - 100, '/peers/responsive/p2'));
      cycles.push([okReport('quai-1', at(i), peersDoc({ p1: 'best' }, [...errors]))]);
    }
    const { perCycle } = run(['quai-1'], cycles);
    const classes = perCycle.slice(1).map((c) => ofKind(c, 'peer.read_error').map((e) => e.class)[0] ?? null);
    expect(classes).toEqual(['transient', 'transient', 'transient', 'persistent', 'persistent', 'persistent', 'persistent', 'persistent', 'persistent']);
    expect(ofKind(perCycle[9], 'peer.read_error')[0]).toMatchObject({
      subject: { type: 'peer', id: 'p2', node: 'quai-1' },
      evidence: { key: '/peers/responsive/p2', count: 3, peerStillOut: true },
    });
  });

  it('errors for two keys of the same peer make one finding', () => {
    const { conditions } = run(['quai-1'], [
      [okReport('quai-1', at(0), peersDoc({ p1: 'best', p2: 'best' }))],
      [okReport('quai-1', at(1), peersDoc({ p1: 'best' }, [readError(at(1) - 20, '/peers/best/p2'), readError(at(1) - 10, '/peers/responsive/p2')]))],
    ]);
    const errors = ofKind(conditions, 'peer.read_error');
    expect(errors).toHaveLength(1);
    expect(errors[0].evidence).toMatchObject({ count: 2, keys: ['/peers/best/p2', '/peers/responsive/p2'] });
  });
});

describe('an unchanged listing (most polls)', () => {
  it('refreshes each peer (score, last listed) and still sees a move, a gap and a duplicate in the polls after', () => {
    const withScore = (doc: ReturnType<typeof peersDoc>, score: number) => ({ ...doc, peers: doc.peers.map((peer) => ({ ...peer, score })) });
    const steady = { p1: 'best', p2: 'responsive', p3: 'lastResort' };
    const cycles: Cycle[] = [
      [okReport('n', at(0), withScore(peersDoc(steady), 1))],
      [okReport('n', at(1), withScore(peersDoc(steady), 2))],
      [okReport('n', at(2), withScore(peersDoc(steady), 3))],
      // p2 moves.
      [okReport('n', at(3), peersDoc({ p1: 'best', p2: 'best', p3: 'lastResort' }))],
      // p1 listed twice in the same category while p3 is gone: as many entries as before, but p3 is in a gap.
      [okReport('n', at(4), peersDoc({ p1: ['best', 'best'], p2: 'best' }))],
    ];
    const quiet = run(['n'], cycles.slice(0, 3));
    const p1 = quiet.state.nodes.get('n')!.peers.get('p1')!;
    expect([p1.score, p1.lastListedAt, p1.lastSeenInCategoryAt, peerMoves(p1).length]).toEqual([3, at(2), at(2), 1]);
    expect(quiet.state.nodes.get('n')!.polls).toBe(3);

    const all = run(['n'], cycles);
    const p2 = all.state.nodes.get('n')!.peers.get('p2')!;
    expect(peerMoves(p2).map((move) => move.to)).toEqual([['responsive'], ['best']]);
    expect(ofKind(all.perCycle[4], 'peer.category_gap').map((gap) => gap.subject.id)).toEqual(['p3']);
  });
});


describe('peer rows order', () => {
  it('out of place first, then by node id and peer id whatever the config order; only the first `limit` rows are built, all counted', () => {
    const ids = ['quai-b', 'quai-10', 'quai-a'];
    const cycle = ids.map((id) => okReport(id, at(0), peersDoc({ z: 'best', y: ['best', 'responsive'], x: 'lastResort' })));
    const { state, lastReports } = run(ids, [cycle]);
    const shown = view(state, lastReports, ids, at(0) + 500, { limit: 5 });
    expect(shown.matchingPeers).toBe(9);
    expect(shown.peers.map((row) => `${row.node}/${row.id}`)).toEqual(['quai-10/y', 'quai-a/y', 'quai-b/y', 'quai-10/x', 'quai-10/z']);
  });

  it('gives the rows one sort of every matching peer gives, for any mix of nodes, peers and limit', () => {
    const collator = new Intl.Collator();
    const placement = fc.constantFrom<string | string[]>('best', 'responsive', 'lastResort', ['best', 'responsive']);
    const node = fc.dictionary(fc.stringMatching(/^[a-zA-Z0-9é]{1,3}$/), placement, { minKeys: 1, maxKeys: 6 });
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^n-[a-z0-9]{1,3}$/), { minLength: 1, maxLength: 6 }), fc.array(node, { minLength: 6, maxLength: 6 }), fc.integer({ min: 0, max: 40 }), (ids, docs, limit) => {
        const cycle = ids.map((id, index) => okReport(id, at(0), peersDoc(docs[index])));
        const { state, lastReports } = run(ids, [cycle]);
        const all = view(state, lastReports, ids, at(0) + 500, { limit: 10_000 });
        const rank = (row: (typeof all.peers)[number]) => (row.gap ? 0 : row.multiCategory ? 1 : 2);
        const expected = [...all.peers].sort((a, b) => rank(a) - rank(b) || collator.compare(a.node, b.node) || collator.compare(a.id, b.id)).slice(0, limit);
        const shown = view(state, lastReports, ids, at(0) + 500, { limit });
        expect(shown.peers).toEqual(expected);
        expect(shown.matchingPeers).toBe(all.matchingPeers);
      }),
      { numRuns: 60 },
    );
  });
});

describe('peers view in steps', () => {
  it('pauses between slices of nodes and gives what one build gives', () => {
    const ids = Array.from({ length: 600 }, (_, index) => `quai-${index}`);
    const cycle = ids.map((id, index) => okReport(id, at(0), peersDoc(index % 3 ? { p1: 'best', p2: 'responsive' } : { p1: ['best', 'responsive'] })));
    const { state, lastReports } = run(ids, [cycle]);
    const params = { targetIds: ids, pollIntervalMs: POLL_MS, gapTransientPolls: 3, limit: 300 };
    const steps = buildPeersViewSteps(state, lastReports, params, at(0) + 500);
    const { value, pauses } = runCountingPauses(steps);
    // 600 nodes, 250 a step, and pauses around the row ordering.
    expect(pauses).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(value)).toBe(JSON.stringify(buildPeersView(state, lastReports, params, at(0) + 500)));
  });
});

describe('peers analyzer in slices', () => {
  it('folds a large cluster a share of nodes per slice, and gives what one step gives', () => {
    const targetIds = Array.from({ length: 1200 }, (_, index) => `quai-${index}`);
    const reports = new Map(targetIds.map((id, index) => [id, okReport(id, at(0), peersDoc(index % 2 ? { p1: 'best', p2: 'responsive' } : { p1: ['best', 'responsive'] }))]));
    const input = { now: at(0), pollIntervalMs: POLL_MS, config: DEFAULT_DIAGNOSTICS, targetIds, reports, lastOk: reports };
    const slices = peersAnalyzer.stepInSlices!(peersAnalyzer.initial(), input);
    const { value, pauses } = runCountingPauses(slices);
    // 1,200 nodes, 500 a slice: three slices, two pauses between them.
    expect(pauses).toBe(2);
    const atOnce = peersAnalyzer.step(peersAnalyzer.initial(), input);
    expect(value.state.nodes.size).toBe(1200);
    expect(value.conditions).toEqual(atOnce.conditions);
    expect(ofKind(value.conditions, 'peer.multi_category')).toHaveLength(600);
  });
});

describe('moves kept compact', () => {
  it('a peer that never moved holds no moves of its own, and still shows its first sighting', () => {
    const steady = { p1: 'best', p2: 'responsive' };
    const { state } = run(['n'], [[okReport('n', at(0), peersDoc(steady))], [okReport('n', at(1), peersDoc(steady))]]);
    const p1 = state.nodes.get('n')!.peers.get('p1')!;
    expect(p1.moves).toBeNull();
    expect(peerMoves(p1)).toEqual([{ at: at(0), from: null, to: ['best'] }]);
  });

  it('the same categories listed in another order keep the order first seen, as no move', () => {
    const both = ['best', 'responsive'];
    const reversed = ['responsive', 'best'];
    const { state } = run(['n'], [
      [okReport('n', at(0), peersDoc({ p1: both }))],
      [okReport('n', at(1), peersDoc({ p1: both }, [], reversed))],
    ]);
    const p1 = state.nodes.get('n')!.peers.get('p1')!;
    expect(p1.categories).toEqual(reversed);
    expect(peerMoves(p1)).toEqual([{ at: at(0), from: null, to: both }]);
  });
});

describe('moves kept compact, as the analyzer writes them', () => {
  it('a move after the node reordered its categories comes from the reordered list', () => {
    const { state } = run(['n'], [
      [okReport('n', at(0), peersDoc({ p1: ['best', 'responsive'] }))],
      [okReport('n', at(1), peersDoc({ p1: ['best', 'responsive'] }, [], ['responsive', 'best', 'lastResort']))],
      [okReport('n', at(2), peersDoc({ p1: 'lastResort' }, [], ['responsive', 'best', 'lastResort']))],
    ]);
    expect(peerMoves(state.nodes.get('n')!.peers.get('p1')!)).toEqual([
      { at: at(0), from: null, to: ['best', 'responsive'] },
      { at: at(2), from: ['responsive', 'best'], to: ['lastResort'] },
    ]);
  });

  it('a flapping peer keeps its newest moves; the state before the last move still reads its own', () => {
    const flap = (poll: number) => [okReport('n', at(poll), peersDoc({ p1: poll % 2 === 0 ? 'best' : 'responsive', p2: 'best' }))];
    const polls = PEERS_LIMITS.movesPerPeer + 5;
    const before = run(['n'], Array.from({ length: polls }, (_, poll) => flap(poll))).state;
    const beforeMoves = peerMoves(before.nodes.get('n')!.peers.get('p1')!);
    const after = run(['n'], [flap(polls)], before).state;
    const moves = peerMoves(after.nodes.get('n')!.peers.get('p1')!);

    expect(peerMoves(before.nodes.get('n')!.peers.get('p1')!)).toEqual(beforeMoves);
    expect(moves).toHaveLength(PEERS_LIMITS.movesPerPeer);
    expect(moves.map((move) => move.at)).toEqual(Array.from({ length: PEERS_LIMITS.movesPerPeer }, (_, index) => at(polls - PEERS_LIMITS.movesPerPeer + 1 + index)));
    expect(moves.slice(0, -1)).toEqual(beforeMoves.slice(1));
    expect(moves.at(-1)).toEqual({ at: at(polls), from: ['best'], to: ['responsive'] });
    // The peer that never moved still holds no list of its own.
    expect(after.nodes.get('n')!.peers.get('p2')!.moves).toBeNull();
  });
});
