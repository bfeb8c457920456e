import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterContext, installCluster } from '@/lib/api/testing/fake-dashboard';
import { logSourcesViewSchema } from '@/lib/contract/views';
import { fileLogSourceSchema } from '@/lib/logs/config';
import { LogIngest } from '@/lib/logs/ingest';
import { waitFor } from '@/lib/logs/testing/wait';
import type { ClusterRuntime } from '@/lib/runtime';
import { GET } from './route';

const NOW = Date.parse('2026-01-01T00:00:00Z');

let dir: string | null = null;
let ingest: LogIngest | null = null;
afterEach(async () => {
  installCluster(null);
  await ingest?.stop();
  ingest = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function runtimeOver(logIngest: LogIngest): ClusterRuntime {
  return { now: () => NOW, logSourceStatus: () => logIngest.status() } as unknown as ClusterRuntime;
}

async function get(query = ''): Promise<Response> {
  return GET(new Request(`http://127.0.0.1/api/clusters/fake/log-sources${query}`), clusterContext());
}

describe('GET /api/clusters/<c>/log-sources', () => {
  it('answers a source whose file is missing as an error with its reason, and a readable one as ok', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'clusterscope-log-sources-'));
    const present = path.join(dir, 'present.log');
    const missing = path.join(dir, 'missing.log');
    writeFileSync(present, '');
    ingest = new LogIngest({
      sources: [
        fileLogSourceSchema.parse({ type: 'file', paths: [present], format: 'raw', target: 'node-1' }),
        fileLogSourceSchema.parse({ type: 'file', paths: [missing], format: 'raw', target: 'node-2' }),
      ],
      onBatch: () => {},
    });
    installCluster(runtimeOver(ingest));
    // Before the sources have started, neither may read ok.
    const early = logSourcesViewSchema.parse(await (await get()).json());
    expect(early.sources.map((source) => source.state)).toEqual(['starting', 'starting']);

    await ingest.start();
    await waitFor('both sources to settle', () => ingest?.status().every((status) => status.state !== 'starting') ?? false);
    const response = await get();
    expect(response.status).toBe(200);
    const view = logSourcesViewSchema.parse(await response.json());
    expect(view.generatedAt).toBe(NOW);
    const [ok, broken] = view.sources;
    expect(ok).toMatchObject({ type: 'file', where: present, targets: ['node-1'], state: 'ok', reason: null, refused: null });
    expect(broken).toMatchObject({ type: 'file', where: missing, targets: ['node-2'], state: 'error', lines: 0 });
    expect(broken.reason).toBe(`${missing}: no such file`);
    expect(broken.files).toEqual([expect.objectContaining({ path: missing, state: 'error', reason: 'no such file' })]);
  });

  it('refuses an unknown query parameter', async () => {
    ingest = new LogIngest({ sources: [], onBatch: () => {} });
    installCluster(runtimeOver(ingest));
    expect((await get('?x=1')).status).toBe(400);
  });
});
