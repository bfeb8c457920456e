import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateClusterConfig } from '@/lib/config/load';
import { waitFor } from '@/lib/logs/testing/wait';
import { ClusterRuntime } from './runtime';

let dir: string | null = null;
let runtime: ClusterRuntime | null = null;
afterEach(async () => {
  await runtime?.stop();
  runtime = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('ClusterRuntime with log sources', () => {
  it('reads a per-target log file into the cluster log store and keeps its evidence linked to the line', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'clusterscope-runtime-logs-'));
    const file = path.join(dir, 'pika.WARNING');
    writeFileSync(file, '');
    const loaded = validateClusterConfig(
      {
        cluster: 'pika',
        // The node itself is not running: its API poll fails, its log file is still read.
        targets: [{ id: 'pika-1', kind: 'redis', address: '127.0.0.1:1', logs: [{ type: 'file', paths: [file], format: 'glog' }] }],
      },
      'test.yaml',
    );
    if (!loaded.ok) throw new Error(loaded.message);
    runtime = new ClusterRuntime(loaded.config.clusters[0]);
    runtime.start(60_000);
    await waitFor('the log source to start', () => runtime?.logSourceStatus()[0]?.state === 'ok');
    appendFileSync(file, 'W20240617 02:46:19.710453 297 pika_server.cc:745] Slave Already Exist, ip_port: 10.0.0.12:9221\n');
    await waitFor('the line in the store', () => (runtime?.logStore.lines().length ?? 0) === 1);
    const [line] = runtime.logStore.lines();
    expect(line).toMatchObject({ node: 'pika-1', level: 'warn', code: 'sync.registration_rejected', subject: '10.0.0.12:9221' });
    expect(runtime.logEvidenceSince(0)).toEqual([expect.objectContaining({ kind: 'sync.registration_rejected', target: 'pika-1', seq: line.seq })]);
  });

  it('names an unknown target in a log source as a config error', () => {
    const loaded = validateClusterConfig(
      {
        cluster: 'pika',
        logs: { sources: [{ type: 'file', paths: ['/x.log'], format: 'glog', target: 'pika-9' }] },
        targets: [{ id: 'pika-1', kind: 'redis', address: '127.0.0.1:1' }],
      },
      'test.yaml',
    );
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.message).toContain('logs.sources[0].target: unknown target "pika-9"');
  });
});
