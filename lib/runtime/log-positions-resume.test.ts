import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateClusterConfig } from '@/lib/config/load';
import { waitFor } from '@/lib/logs/testing/wait';
import { storageConfigSchema } from '@/lib/store/persistence/config';
import { Dashboard } from './dashboard';
import { attachHistory, historySlot, stopHistory } from './history';
import { ClusterRuntime } from './runtime';

/** A log file is read on from where the last run's stored cycle left it, not again from the start. */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function runtimeReading(file: string): ClusterRuntime {
  const loaded = validateClusterConfig(
    {
      cluster: 'resume',
      // The node is not running (port 1 refuses): its poll fails fast, its log file is still read.
      targets: [{ id: 'node-1', kind: 'redis', address: '127.0.0.1:1', logs: [{ type: 'file', paths: [file], format: 'raw', startAt: 'beginning' }] }],
    },
    'test.yaml',
  );
  if (!loaded.ok) throw new Error(loaded.message);
  return new ClusterRuntime(loaded.config.clusters[0]);
}

async function run(file: string, dataDir: string): Promise<ClusterRuntime> {
  const runtime = runtimeReading(file);
  await attachHistory(new Dashboard('config', [runtime], null), storageConfigSchema.parse({ engine: 'sqlite', dataDir }), {});
  // Log sources start at once; the first poll is held back so the test drives cycles itself.
  runtime.start(60_000);
  return runtime;
}

describe('log positions across a restart', () => {
  it('resumes a file after the lines the last stored cycle read, and reads only what was written since', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterscope-log-resume-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'node.log');
    fs.writeFileSync(file, 'before the restart\n');

    const first = await run(file, dir);
    cleanups.push(() => first.stop());
    await waitFor('the first line', () => first.logStore.lines().length === 1);
    await first.collector.runCycle();
    await historySlot().writer!.flush();
    await stopHistory();
    await first.stop();

    fs.appendFileSync(file, 'after the restart\n');
    const second = await run(file, dir);
    cleanups.push(() => stopHistory());
    cleanups.push(() => second.stop());
    await waitFor('the line written while stopped', () => second.logStore.lines().some((line) => line.message === 'after the restart'));
    // startAt "beginning" would read both lines again; the saved position skips the one already stored.
    expect(second.logStore.lines().map((line) => line.message)).toEqual(['after the restart']);
    expect(second.logSourceStatus()[0]).toMatchObject({ state: 'ok', lines: 1 });
  });
});
