import { describe, expect, it } from 'vitest';
import { compareMoments } from '@/lib/diagnostics/history-views';
import { at, goneForGoodHistory, POLL_MS, raceHistory, run } from '@/lib/diagnostics/fixtures/peers-fixtures';
import { buildPeersView } from '@/lib/diagnostics/peers-view';
import { compareAnswerSchema, peersResponseSchema, storageViewSchema, syncViewSchema } from './views';

/** Answers built by the view builders from fixture histories must parse with the schemas the browser uses. */

describe('peers answer schema', () => {
  it('accepts the peers view of the category race and of a peer gone for good', () => {
    for (const history of [raceHistory(), goneForGoodHistory()]) {
      const { state, lastReports } = run(['quai-1'], history);
      const view = buildPeersView(state, lastReports, { targetIds: ['quai-1'], pollIntervalMs: POLL_MS, gapTransientPolls: 3 }, at(history.length));
      const answer = { ...view, goquai: { nodes: [] }, findings: [] };
      expect(answer.peers.length).toBeGreaterThan(0);
      expect(peersResponseSchema.parse(answer)).toEqual(answer);
    }
  });

  it('refuses a peer row whose gap lost its class', () => {
    const { state, lastReports } = run(['quai-1'], goneForGoodHistory());
    const view = buildPeersView(state, lastReports, { targetIds: ['quai-1'], pollIntervalMs: POLL_MS, gapTransientPolls: 3 }, at(8));
    const row = view.peers.find((peer) => peer.gap !== null);
    expect(row).toBeDefined();
    const broken = { ...view, goquai: { nodes: [] }, findings: [], peers: [{ ...row, gap: { ...row!.gap, class: undefined } }] };
    const result = peersResponseSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['peers', 0, 'gap', 'class']);
  });
});

describe('compare answer schema', () => {
  it('accepts what compareMoments builds, with the cluster it is about', () => {
    const view = compareMoments({
      from: 1_000,
      to: 5_000,
      findingsFrom: [],
      findingsTo: [],
      nodesFrom: [],
      nodesTo: [],
      statusChanges: [{ at: 2_000, node: 'n1', from: 'ok', to: 'unreachable', reason: 'refused' }],
      routing: [{ at: 3_000, node: 'n1', version: '2', changed: [{ partition: 4, from: 'n1', to: 'n2' }] }],
    });
    const answer = { ...view, cluster: 'demo' };
    expect(answer.partitionsMoved).toHaveLength(1);
    expect(compareAnswerSchema.parse(answer)).toEqual(answer);
  });
});

describe('sync answer schema', () => {
  it('refuses a link state the dashboard does not know rather than passing it on as healthy', () => {
    const answer = {
      generatedAt: 1,
      dataAt: null,
      pollIntervalMs: 2000,
      counts: { links: 0, withCondition: 0, byKind: {} },
      primaries: [],
      groups: [],
      selected: { id: 'a->b', primary: 'a', replica: 'b', samples: [{ at: 1, state: 'ok', reportedState: 'ok', reportedBy: 'b', primaryOffset: null, replicaOffset: null, lag: null, lastIoAgeMs: null }] },
    };
    const result = syncViewSchema.safeParse(answer);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['selected', 'samples', 0, 'state']);
    expect(syncViewSchema.safeParse({ ...answer, selected: null }).success).toBe(true);
  });
});

describe('storage answer schema', () => {
  it('needs a row count for every kind of history', () => {
    const status = {
      engine: 'sqlite',
      location: '/data/history.db',
      state: 'ok',
      schemaVersion: 3,
      lastError: null,
      lastWrite: null,
      cyclesWritten: 0,
      cyclesFailed: 0,
      cyclesDropped: 0,
      cyclesFenced: 0,
      queued: 0,
      size: { bytes: 10, rows: { cycles: 1 }, at: 5 },
      maxBytes: 100,
      lastRetention: null,
    };
    const result = storageViewSchema.safeParse({ configured: { engine: 'sqlite', retentionDays: 7 }, openError: null, status });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path.slice(0, 3)).toEqual(['status', 'size', 'rows']);
  });
});
