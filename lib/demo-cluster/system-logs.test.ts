import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterLogSources } from '@/lib/logs/config';
import type { LogEvidence } from '@/lib/logs/extractors';
import { LogIngest } from '@/lib/logs/ingest';
import { LogStore } from '@/lib/store/log-store';
import { targetLogSourcesSchema } from '@/lib/logs/config';
import { waitFor } from '@/lib/logs/testing/wait';
import { ManualClock } from './clock';
import { DemoRuntime, systemLogPath } from './runtime';
import { FULL_SYNC_LINK, FULL_SYNC_ATTEMPTS, FULL_SYNC_RETRY_MS } from './scenarios/full-sync-retries-exhausted';
import { LOSING_NODE, MISSING_PEER_AFTER_MS } from './scenarios/peer-recategorize-race';
import { REGISTRATION_LINK } from './scenarios/registration-loop';
import { ALL_NODES } from './topology';

let dir: string | null = null;
let ingest: LogIngest | null = null;
afterEach(async () => {
  await ingest?.stop();
  ingest = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/**
 * The demo's nodes write their incidents to log files in go-quai's and Pika's
 * real formats; read back through the same log sources a real config lists,
 * they become the evidence the analyzers use.
 */
describe('demo log files through the log sources', () => {
  it('go-quai read errors carry the decoded peer id; Pika MetaSync rejections and full-sync failures are there', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'clusterscope-demo-files-'));
    const clock = new ManualClock(Date.parse('2026-03-01T10:00:00Z'));
    const demo = new DemoRuntime({ clock, logDir: dir, autopilot: false });
    const sources = clusterLogSources(
      [],
      ALL_NODES.map((id) => ({
        id,
        logs: targetLogSourcesSchema.parse([
          { type: 'file', paths: [systemLogPath(dir as string, id, 'logrus')], format: 'logrus', startAt: 'beginning' },
          { type: 'file', paths: [systemLogPath(dir as string, id, 'glog')], format: 'glog', startAt: 'beginning' },
        ]),
      })),
    );
    const store = new LogStore(10_000);
    const evidence: LogEvidence[] = [];
    ingest = new LogIngest({
      sources,
      onBatch: (batch) => {
        store.append(batch.target, batch.lines, batch.receivedAt);
        evidence.push(...batch.evidence);
      },
    });
    await ingest.start();

    expect(demo.engine.start('peer-recategorize-race', 'race')).toEqual({ ok: true });
    expect(demo.engine.start('registration-loop')).toEqual({ ok: true });
    expect(demo.engine.start('full-sync-retries-exhausted', 'masked')).toEqual({ ok: true });
    for (let step = 0; step < 20; step++) {
      clock.advance(Math.max(MISSING_PEER_AFTER_MS, FULL_SYNC_ATTEMPTS * FULL_SYNC_RETRY_MS) / 10);
      demo.engine.sync();
    }
    const lostPeer = demo.world.node(LOSING_NODE).peers?.peers.find((peer) => peer.category === null);
    expect(lostPeer).toBeDefined();

    await waitFor('the demo evidence', () =>
      evidence.some((item) => item.kind === 'peer.read_error' && item.target === LOSING_NODE) &&
      evidence.filter((item) => item.kind === 'sync.registration_rejected').length >= 6 &&
      evidence.some((item) => item.kind === 'sync.full_sync_failed'),
    );
    const readError = evidence.find((item) => item.kind === 'peer.read_error' && item.target === LOSING_NODE && item.peerId === lostPeer?.id);
    expect(readError).toMatchObject({ target: LOSING_NODE, peerId: lostPeer?.id, key: `/${lostPeer?.id}` });
    const [primary, replica] = REGISTRATION_LINK.split('->');
    expect(evidence.filter((item) => item.kind === 'sync.registration_rejected').map((item) => [item.target, item.kind === 'sync.registration_rejected' && item.side])).toEqual(
      expect.arrayContaining([
        [primary, 'primary'],
        [replica, 'replica'],
      ]),
    );
    const fullSyncReplica = FULL_SYNC_LINK.split('->')[1];
    expect(evidence.filter((item) => item.kind === 'sync.full_sync_retry' && item.target === fullSyncReplica).map((item) => item.kind === 'sync.full_sync_retry' && item.retry)).toEqual(
      Array.from({ length: FULL_SYNC_ATTEMPTS }, (_, i) => i + 1),
    );
    // Every line read is a parsed line of its system's format: none fell back to raw.
    expect(store.lines().every((line) => line.level !== 'unknown')).toBe(true);
    expect(ingest.status().every((source) => source.state === 'ok' && source.unparsed === 0)).toBe(true);
    await demo.close();
  });
});
