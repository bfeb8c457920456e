import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateClusterConfig } from '@/lib/config/load';
import { goquaiPeersAnalyzer, latestRound } from '@/lib/diagnostics/goquai-peers';
import { waitFor } from '@/lib/logs/testing/wait';
import { ClusterRuntime } from '@/lib/runtime/runtime';
import { GoquaiNetwork } from './network';

/**
 * The go-quai simulator over real HTTP (ports chosen by the OS) and real log
 * files, read by a ClusterRuntime through its goquai adapter and its log
 * sources: what an operator's dashboard would see of a real network.
 */

let dir: string | null = null;
let network: GoquaiNetwork | null = null;
let runtime: ClusterRuntime | null = null;

afterEach(async () => {
  await runtime?.stop();
  await network?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  runtime = null;
  network = null;
  dir = null;
});

async function startNetwork(): Promise<ClusterRuntime> {
  dir = mkdtempSync(path.join(tmpdir(), 'clusterscope-goquai-'));
  // Rounds every second (go-quai: every minute) so the test sees several within seconds.
  network = await GoquaiNetwork.start({
    dir,
    roundMs: 1000,
    tickMs: 50,
    nodes: [
      { id: 'q-seed', mode: 'seed', lostPeer: true },
      { id: 'q-fixed', mode: 'fixed' },
    ],
  });
  const loaded = validateClusterConfig(
    {
      cluster: 'quai',
      pollInterval: 500,
      requestTimeout: 400,
      targets: network.list().map((node) => ({
        id: node.id,
        kind: 'goquai',
        rpcUrl: node.rpcUrl,
        metricsUrl: node.metricsUrl,
        logs: [
          { type: 'file', paths: [node.peersLog], format: 'logrus', startAt: 'beginning', pollInterval: 100 },
          { type: 'file', paths: [node.nodeLog], format: 'logrus', startAt: 'beginning', pollInterval: 100 },
        ],
      })),
    },
    'goquai-test.yaml',
  );
  if (!loaded.ok) throw new Error(loaded.message);
  runtime = new ClusterRuntime(loaded.config.clusters[0]);
  runtime.start();
  return runtime;
}

const active = (cluster: ClusterRuntime, kind: string, node: string) => cluster.findings().active.filter((f) => f.kind === kind && f.subject.node === node);

describe('go-quai network simulator read by the dashboard', () => {
  it('RPC and metrics counts, categories per location from peers.log, and the lost key classed persistent', async () => {
    const cluster = await startNetwork();
    await waitFor('a poll of both nodes', () => cluster.store.latest('q-seed')?.status === 'ok' && cluster.store.latest('q-fixed')?.status === 'ok');
    expect(cluster.store.latest('q-seed')?.peerCounts).toMatchObject({ listening: true, network: '1', total: 11, incoming: 3, outgoing: 8, metricsPeers: 11, problems: [] });

    await waitFor('two locations of Peer stats rounds on each node', () => {
      const nodes = cluster.analyzerState(goquaiPeersAnalyzer).nodes;
      return ['q-seed', 'q-fixed'].every((id) => [...(nodes.get(id)?.locations.values() ?? [])].filter((track) => latestRound(track)?.complete).length === 2);
    });
    const fixedNode = cluster.analyzerState(goquaiPeersAnalyzer).nodes.get('q-fixed')!;
    for (const track of fixedNode.locations.values()) {
      const round = latestRound(track)!;
      // The fix reads one consistent snapshot: every peer in exactly one bucket.
      const listed = Object.values(round.buckets).flat();
      expect(new Set(listed).size).toBe(listed.length);
      expect(listed).toHaveLength(12);
      expect(round.cumulative).toBe(true);
    }

    const lost = network!.lostPeer('q-seed')!;
    await waitFor(
      'the lost key read error classed persistent',
      () => active(cluster, 'peer.read_error', 'q-seed').some((f) => f.subject.id === lost && f.class === 'persistent'),
      20_000,
    );
    expect(readFileSync(network!.list()[0].nodeLog, 'utf8')).toContain('Error reading the key from the peer db');
    expect(active(cluster, 'peer.read_error', 'q-fixed')).toEqual([]);
    expect(active(cluster, 'peer.category_gap', 'q-fixed')).toEqual([]);
    expect(active(cluster, 'peer.count_mismatch', 'q-fixed')).toEqual([]);
  }, 40_000);

  it('a node whose RPC answers but whose peers.log went silent shows its categories as stale, and fresh again when rounds resume', async () => {
    const cluster = await startNetwork();
    // Two rounds per location: the node's own period is known (until then go-quai's minute is assumed).
    await waitFor('the round period of q-fixed', () => {
      const tracks = [...(cluster.analyzerState(goquaiPeersAnalyzer).nodes.get('q-fixed')?.locations.values() ?? [])];
      return tracks.length === 2 && tracks.every((track) => track.periodMs !== null);
    });
    expect(active(cluster, 'peer.stats_stale', 'q-fixed')).toEqual([]);
    network!.setPeersLogSilent('q-fixed', true);
    await waitFor('peer.stats_stale on q-fixed', () => active(cluster, 'peer.stats_stale', 'q-fixed').length === 1, 15_000);
    expect(cluster.store.latest('q-fixed')?.status).toBe('ok');
    network!.setPeersLogSilent('q-fixed', false);
    await waitFor('q-fixed fresh again', () => active(cluster, 'peer.stats_stale', 'q-fixed').length === 0, 15_000);
  }, 40_000);
});
