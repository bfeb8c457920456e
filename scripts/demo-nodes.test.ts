import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadClusterConfig } from '@/lib/config/load';

/** The runner as an operator starts it: a real process, its nodes on 127.0.0.1 (ephemeral ports). */
const SCRIPT = path.join(import.meta.dirname, 'demo-nodes.ts');
const dirs: string[] = [];
const children: ChildProcess[] = [];

type Started = { child: ChildProcess; info: { config: string; controlUrl: string; clusters: Record<string, string[]> } };

function run(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

async function start(args: string[]): Promise<Started> {
  const child = run(['--stop-on-stdin-close', ...args]);
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no JSON line within 20 s; stderr: ${stderr}`)), 20_000);
    createInterface({ input: child.stdout! }).once('line', (first) => {
      clearTimeout(timer);
      resolve(first);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before its JSON line; stderr: ${stderr}`)));
  });
  return { child, info: JSON.parse(line) as Started['info'] };
}

function exited(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clusterscope-demo-nodes-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child, 5000).catch(() => null);
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('scripts/demo-nodes.ts', () => {
  it('runs the chosen clusters’ nodes, writes a config the dashboard loads, and stops when its parent goes', async () => {
    const config = path.join(tempDir(), 'nodes.yaml');
    const { child, info } = await start(['--config', config, '--clusters', 'incidents,steady', '--autopilot', 'off', '--poll-interval', '2s']);
    expect(Object.keys(info.clusters)).toEqual(['incidents', 'steady']);
    expect(info.clusters.incidents).toContain('client-1');

    const loaded = loadClusterConfig(config);
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.config.clusters.map((cluster) => [cluster.name, cluster.pollInterval, cluster.targets.length])).toEqual([
      ['incidents', 2000, 7],
      ['steady', 2000, 7],
    ]);
    // The listed nodes answer admin API v1, and the control API drives them.
    const target = loaded.config.clusters[0].targets[0] as { url: string };
    const node = (await (await fetch(`${target.url}/admin/v1/node`)).json()) as { id: string };
    expect(node.id).toBe('node-1');
    const listed = (await (await fetch(`${info.controlUrl}/clusters/steady/targets`)).json()) as { id: string }[];
    expect(listed.map((one) => one.id)).toEqual(info.clusters.steady);

    child.stdin!.end();
    expect(await exited(child, 10_000)).toBe(0);
    await expect(fetch(`${target.url}/admin/v1/node`)).rejects.toThrow();
  });

  it('with --ha writes the shared store and the ha block beside the clusters, valid for the dashboard', async () => {
    const config = path.join(tempDir(), 'ha.yaml');
    const { child } = await start(['--config', config, '--clusters', 'steady', '--autopilot', 'off', '--ha', '--lock-retry', '1s', '--session-timeout', '3s']);
    const written = parse(readFileSync(config, 'utf8')) as Record<string, unknown>;
    expect(written.storage).toEqual({ engine: 'postgres', postgres: { urlEnv: 'CLUSTERSCOPE_POSTGRES_URL' } });
    expect(written.ha).toEqual({ enabled: true, lockRetry: '1s', sessionTimeout: '3s' });
    const loaded = loadClusterConfig(config);
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.config.ha).toMatchObject({ enabled: true, lockRetry: 1000, sessionTimeout: 3000 });
    expect(loaded.config.storage).toMatchObject({ engine: 'postgres', postgres: { urlEnv: 'CLUSTERSCOPE_POSTGRES_URL' } });
    child.stdin!.end();
    expect(await exited(child, 10_000)).toBe(0);
  });

  it('refuses an unknown cluster with the names it knows, and leaves nothing running', async () => {
    const child = run(['--config', path.join(tempDir(), 'x.yaml'), '--clusters', 'incidents,nope']);
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    expect(await exited(child, 20_000)).toBe(2);
    expect(stderr).toContain('no demo cluster named nope');
    expect(stderr).toContain('incidents, steady, pegasus, olric, pika, goquai');
  });

  it('refuses bad options with a usage message', async () => {
    const child = run(['--autopilot', 'maybe']);
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    expect(await exited(child, 20_000)).toBe(2);
    expect(stderr).toContain('--autopilot must be on or off');
  });
});
