import { describe, expect, it } from 'vitest';
import { blankLink, type NodeReport } from '@/lib/contract/report';
import { overlayLogEvidence, type EvidenceWithLine } from './overlay';

function report(targetId: string, extra: Partial<NodeReport> = {}): NodeReport {
  return {
    targetId,
    kind: 'redis',
    address: '127.0.0.1:9221',
    status: 'ok',
    reason: null,
    fetchedAt: Date.parse('2024-06-17T02:47:00Z'),
    latencyMs: 1,
    node: null,
    peers: null,
    sync: null,
    routing: null,
    logs: null,
    unavailable: [],
    ...extra,
  };
}

const base = { target: 'pika-2', line: 0, message: 'x' };
const SINCE = Date.parse('2024-06-17T02:00:00Z');

describe('overlayLogEvidence', () => {
  it('a replica that logs "Meta Sync Failed: Slave AlreadyExist" gets that registration outcome on its links', () => {
    const link = { ...blankLink('pika-1', 'pika-2', 'pika-1->pika-2/db0'), state: 'in_sync' as const };
    const evidence: EvidenceWithLine[] = [
      { ...base, kind: 'sync.registration_rejected', side: 'replica', replicaAddress: null, at: '2024-06-17T02:46:10Z', seq: 7, message: 'Meta Sync Failed: Slave AlreadyExist will keep sending MetaSync msg' },
      { ...base, kind: 'sync.registration_rejected', side: 'replica', replicaAddress: null, at: '2024-06-17T02:46:20Z', seq: 9, message: 'Meta Sync Failed: Slave AlreadyExist will keep sending MetaSync msg' },
    ];
    const out = overlayLogEvidence(report('pika-2', { sync: { links: [link] } }), evidence, SINCE);
    expect(out.sync?.links[0].registration).toEqual({ at: '2024-06-17T02:46:20Z', result: 'rejected', message: 'from log: Meta Sync Failed: Slave AlreadyExist will keep sending MetaSync msg' });
  });

  it('a full sync whose last logged word is a failure is an error with its cause and retries, whatever INFO said', () => {
    const link = { ...blankLink('pika-1', 'pika-2', 'pika-1->pika-2/db0'), state: 'in_sync' as const, reportedState: 'repl_connect_status db0:connected' };
    const evidence: EvidenceWithLine[] = [1, 2, 3].map((retry) => ({ ...base, kind: 'sync.full_sync_retry' as const, step: 'PullRemoteMeta', retry, at: `2024-06-17T02:46:1${retry}Z`, seq: retry }));
    evidence.push({ ...base, kind: 'sync.full_sync_failed', stage: 'copy_remote_meta', db: null, cause: 'Timeout', at: '2024-06-17T02:46:20Z', seq: 4, message: 'copy remote meta failed! error:Timeout' });
    const out = overlayLogEvidence(report('pika-2', { sync: { links: [link] } }), evidence, SINCE);
    expect(out.sync?.links[0]).toMatchObject({
      state: 'error',
      attempts: 3,
      maxAttempts: 3,
      lastError: { code: 'FULL_SYNC_FAILED', message: 'full sync failed after 3 retries ("x", log line #3); "copy remote meta failed! error:Timeout" (log line #4)', at: '2024-06-17T02:46:20Z' },
    });
    expect(out.sync?.links[0].reportedState).toContain('repl_connect_status db0:connected');
    // An old failure says nothing about now: Pika logs no recovery.
    expect(overlayLogEvidence(report('pika-2', { sync: { links: [link] } }), evidence, SINCE, Date.parse('2024-06-17T02:46:21Z')).sync?.links[0].state).toBe('in_sync');
    // A retry logged after the failure is a new round that has not succeeded: still the failed round's error.
    const retrying = [...evidence, { ...base, kind: 'sync.full_sync_retry' as const, step: 'PullRemoteMeta', retry: 1, at: '2024-06-17T02:46:30Z', seq: 5 }];
    expect(overlayLogEvidence(report('pika-2', { sync: { links: [link] } }), retrying, SINCE).sync?.links[0]).toMatchObject({ state: 'error', attempts: 3 });
    // Retries alone (a timeout that the next try got past) are no error.
    const onlyRetries = evidence.filter((item) => item.kind === 'sync.full_sync_retry');
    expect(overlayLogEvidence(report('pika-2', { sync: { links: [link] } }), onlyRetries, SINCE).sync?.links[0].state).toBe('in_sync');
  });

  it("a failure naming a db fails that db's link only, citing the copy's cause", () => {
    const db0 = { ...blankLink('pika-1', 'pika-3', 'pika-1->pika-3/db0'), state: 'in_sync' as const };
    const db1 = { ...blankLink('pika-1', 'pika-3', 'pika-1->pika-3/db1'), state: 'in_sync' as const };
    const at = '2024-06-17T02:46:20Z';
    const evidence: EvidenceWithLine[] = [
      { ...base, target: 'pika-3', kind: 'sync.full_sync_retry', step: 'CopyRemoteMeta', retry: 3, at: '2024-06-17T02:46:19Z', seq: 3, message: 'rsync CopyRemoteMeta request timeout, retry times: 3' },
      { ...base, target: 'pika-3', kind: 'sync.full_sync_failed', stage: 'copy_remote_meta', db: null, cause: 'Timeout: ', at, seq: 4, message: 'copy remote meta failed! error:Timeout: ' },
      { ...base, target: 'pika-3', kind: 'sync.full_sync_failed', stage: 'recover', db: null, cause: null, at, seq: 5, message: 'RsyncClient recover failed' },
      { ...base, target: 'pika-3', kind: 'sync.full_sync_failed', stage: 'db_rsync', db: 'db0', cause: null, at, seq: 6, message: 'Slave DB: db0 rsync failed! full synchronization will be retried later' },
    ];
    const [out0, out1] = overlayLogEvidence(report('pika-3', { sync: { links: [db0, db1] } }), evidence, SINCE).sync?.links ?? [];
    expect(out0).toMatchObject({ state: 'error', attempts: 3, maxAttempts: 3 });
    expect(out0.lastError?.message).toContain('cause: "copy remote meta failed! error:Timeout: " (log line #4)');
    expect(out0.lastError?.message).toContain('Slave DB: db0 rsync failed!');
    expect(out1.state).toBe('in_sync');
  });

  it('read errors join the peers doc when the node gave one, and never make a part known', () => {
    const evidence: EvidenceWithLine[] = [{ ...base, target: 'quai-1', kind: 'peer.read_error', key: '/12D3KooWA', peerId: '12D3KooWA', at: '2024-06-17T02:46:10Z', seq: 3 }];
    const withPeers = overlayLogEvidence(report('quai-1', { peers: { categories: ['best'], peers: [], readErrors: [] } }), evidence, SINCE);
    expect(withPeers.peers?.readErrors).toEqual([{ at: '2024-06-17T02:46:10Z', key: '/12D3KooWA', message: 'x (log line #3)' }]);
    expect(overlayLogEvidence(report('quai-1'), evidence, SINCE).peers).toBeNull();
    expect(overlayLogEvidence(report('quai-1', { status: 'timeout' }), evidence, SINCE)).toEqual(report('quai-1', { status: 'timeout' }));
    expect(overlayLogEvidence(report('other'), evidence, SINCE)).toEqual(report('other'));
  });

  it('ignores evidence older than the window', () => {
    const evidence: EvidenceWithLine[] = [{ ...base, target: 'quai-1', kind: 'peer.read_error', key: '/k', peerId: 'k', at: '2024-06-17T01:00:00Z', seq: 1 }];
    expect(overlayLogEvidence(report('quai-1', { peers: { categories: [], peers: [], readErrors: [] } }), evidence, SINCE).peers?.readErrors).toEqual([]);
  });
});
