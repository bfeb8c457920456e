import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A real Redis cluster on loopback for tests: N redis-server processes, each in
 * its own temporary directory, joined with `redis-cli --cluster create`.
 * Every wait is bounded, and teardown() kills every process and removes every
 * directory even when start-up failed half way.
 */

export type RedisClusterOptions = {
  /** First client port; node i listens on basePort + i. */
  basePort: number;
  /** Cluster-bus port of node i is basePort + busPortOffset + i (keeps the bus inside the test's port range). */
  busPortOffset?: number;
  /** 6 by default: 3 primaries, 3 replicas. */
  nodes?: number;
  replicasPerPrimary?: number;
  clusterNodeTimeoutMs?: number;
  /** Upper bound for the whole start-up (spawn, create, every node ok and every replica linked). */
  startTimeoutMs?: number;
};

export type RedisClusterNode = { port: number; address: string; dir: string; pid: number };

export type RedisCluster = {
  nodes: RedisClusterNode[];
  addresses: string[];
  /** Runs redis-cli against one node and returns its output (trimmed). */
  cli(port: number, ...args: string[]): Promise<string>;
  /** SIGSTOP / SIGCONT / SIGKILL one node's process. */
  signal(port: number, signal: 'SIGSTOP' | 'SIGCONT' | 'SIGKILL'): void;
  /** Polls `check` until it returns true or the time is up (then throws, naming `what`). */
  waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, intervalMs?: number): Promise<void>;
  teardown(): Promise<void>;
};

const HOST = '127.0.0.1';

export function assertRedisInstalled(): void {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  const cli = spawnSync('redis-cli', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0 || cli.error || cli.status !== 0) {
    throw new Error('redis-server not found: apt-get install -y redis-server');
  }
}

function runCli(port: number, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('redis-cli', ['-h', HOST, '-p', String(port), ...args], { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`redis-cli -p ${port} ${args.join(' ')} failed: ${error.message} ${stderr}`.trim()));
      else resolve(stdout.trim());
    });
  });
}

/** An error that no amount of waiting will fix (a server process exited). */
class StartFailure extends Error {}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      if (error instanceof StartFailure) throw error;
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}`);
}

function logTail(dir: string): string {
  try {
    return readFileSync(path.join(dir, 'redis.log'), 'utf8').trim().split('\n').slice(-5).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function startRedisCluster(options: RedisClusterOptions): Promise<RedisCluster> {
  assertRedisInstalled();
  const count = options.nodes ?? 6;
  const busOffset = options.busPortOffset ?? 100;
  const startDeadline = Date.now() + (options.startTimeoutMs ?? 45_000);
  const remaining = () => Math.max(1000, startDeadline - Date.now());
  const processes = new Map<number, ChildProcess>();
  const dirs: string[] = [];
  const nodes: RedisClusterNode[] = [];

  const killAllNow = () => {
    for (const child of processes.values()) {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          child.kill('SIGCONT');
          child.kill('SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  };
  // Last resort when the test runner exits without calling teardown().
  process.once('exit', killAllNow);

  const teardown = async () => {
    killAllNow();
    await Promise.all(
      [...processes.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(resolve, 5000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    process.removeListener('exit', killAllNow);
  };

  try {
    for (let index = 0; index < count; index += 1) {
      const port = options.basePort + index;
      const dir = mkdtempSync(path.join(os.tmpdir(), `clusterscope-redis-${port}-`));
      dirs.push(dir);
      const args = [
        '--port', String(port),
        '--bind', HOST,
        '--cluster-enabled', 'yes',
        '--cluster-port', String(options.basePort + busOffset + index),
        '--cluster-config-file', 'nodes.conf',
        '--cluster-node-timeout', String(options.clusterNodeTimeoutMs ?? 2000),
        '--save', '',
        '--appendonly', 'no',
        '--dir', dir,
        '--logfile', path.join(dir, 'redis.log'),
        '--enable-debug-command', 'local',
        '--daemonize', 'no',
      ];
      const child = spawn('redis-server', args, { cwd: dir, stdio: 'ignore' });
      child.on('error', () => {});
      processes.set(port, child);
      if (child.pid === undefined) throw new Error(`could not start redis-server on port ${port}`);
      nodes.push({ port, address: `${HOST}:${port}`, dir, pid: child.pid });
    }

    for (const node of nodes) {
      const child = processes.get(node.port)!;
      await waitFor(
        `redis-server on port ${node.port} to answer`,
        async () => {
          if (child.exitCode !== null) {
            throw new StartFailure(`redis-server on port ${node.port} exited with code ${child.exitCode}:\n${logTail(node.dir)}`);
          }
          // Make sure the answer comes from our process, not something else on that port.
          const info = await runCli(node.port, ['INFO', 'server'], 2000);
          return new RegExp(`^process_id:${node.pid}\\s*$`, 'm').test(info);
        },
        remaining(),
      );
    }

    await new Promise<void>((resolve, reject) => {
      execFile(
        'redis-cli',
        ['--cluster', 'create', ...nodes.map((node) => node.address), '--cluster-replicas', String(options.replicasPerPrimary ?? 1), '--cluster-yes'],
        { timeout: remaining(), encoding: 'utf8' },
        (error, stdout, stderr) => (error ? reject(new Error(`redis-cli --cluster create failed: ${error.message}\n${stdout}\n${stderr}`)) : resolve()),
      );
    });

    await waitFor(
      'cluster_state:ok on every node and every replica linked to its primary',
      async () => {
        for (const node of nodes) {
          if (!/^cluster_state:ok\s*$/m.test(await runCli(node.port, ['CLUSTER', 'INFO'], 2000))) return false;
          const replication = await runCli(node.port, ['INFO', 'replication'], 2000);
          if (/^role:slave\s*$/m.test(replication) && !/^master_link_status:up\s*$/m.test(replication)) return false;
        }
        return true;
      },
      remaining(),
      200,
    );
  } catch (error) {
    await teardown();
    throw error;
  }

  return {
    nodes,
    addresses: nodes.map((node) => node.address),
    cli: (port, ...args) => runCli(port, args, 5000),
    signal: (port, signal) => {
      processes.get(port)?.kill(signal);
    },
    waitFor,
    teardown,
  };
}
