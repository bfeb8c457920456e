import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { decode } from '@/lib/demo-cluster/olric/resp';

/**
 * A real Olric cluster on loopback for tests: olricd processes (built by
 * scripts/ensure-olric.sh), each with its own config file in a temporary
 * directory, client and memberlist ports bound to 127.0.0.1. Every wait is
 * bounded; teardown() kills every process (SIGKILL after a short grace) and
 * removes every directory even when start-up failed half way.
 */

export const OLRICD = path.join(__dirname, '..', '..', '.cache', 'bin', 'olricd');
const HOST = '127.0.0.1';

export function assertOlricdBuilt(): void {
  if (!existsSync(OLRICD)) {
    throw new Error(`olricd not found at ${OLRICD}: run scripts/ensure-olric.sh (needs Go 1.23+ and the Go module proxy).`);
  }
}

export type OlricMemberOptions = {
  /** Client port; the memberlist port is port + memberlistOffset. */
  port: number;
  /** Memberlist address of a member to join; none = form a new cluster. */
  join?: number;
  memberCountQuorum?: number;
  bootstrapTimeout?: string;
};

export type OlricMember = { port: number; address: string; process: ChildProcess; configFile: string; output: () => string };

export type OlricCluster = {
  members: Map<number, OlricMember>;
  start(options: OlricMemberOptions): Promise<OlricMember>;
  signal(port: number, signal: 'SIGSTOP' | 'SIGCONT' | 'SIGKILL'): void;
  /** Sends one command and returns the raw RESP answer (or the socket error text). */
  raw(port: number, ...args: string[]): Promise<string>;
  teardown(): Promise<void>;
};

export function olricConfig(options: OlricMemberOptions & { memberlistOffset: number }): string {
  const peers = options.join === undefined ? '' : `\n  peers:\n    - "${HOST}:${options.join + options.memberlistOffset}"`;
  return `olricd:
  bindAddr: ${HOST}
  bindPort: ${options.port}
  keepAlivePeriod: 300s
  bootstrapTimeout: ${options.bootstrapTimeout ?? '5s'}
  partitionCount: 271
  replicaCount: 2
  writeQuorum: 1
  readQuorum: 1
  memberCountQuorum: ${options.memberCountQuorum ?? 1}
  routingTablePushInterval: 5s
  enableClusterEventsChannel: true
client:
  dialTimeout: 2s
  readTimeout: 2s
  writeTimeout: 2s
logging:
  verbosity: 3
  level: INFO
  output: stderr
memberlist:
  environment: local
  bindAddr: ${HOST}
  bindPort: ${options.port + options.memberlistOffset}
  joinRetryInterval: 100ms
  maxJoinAttempts: 20${peers}
dmaps:
  engine:
    name: kvstore
    config:
      tableSize: 524288
`;
}

function rawCommand(port: number, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, HOST);
    const chunks: Buffer[] = [];
    const done = (text: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(text);
    };
    const timer = setTimeout(() => done(Buffer.concat(chunks).toString('latin1') || 'timeout'), timeoutMs);
    socket.on('connect', () => socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('latin1');
      if (decode(text) !== null) done(text);
    });
    socket.on('error', (error) => done(`error: ${error.message}`));
  });
}

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function createOlricCluster({ memberlistOffset = 100 }: { memberlistOffset?: number } = {}): OlricCluster {
  assertOlricdBuilt();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'olric-cluster-'));
  const members = new Map<number, OlricMember>();

  return {
    members,
    async start(options) {
      const configFile = path.join(dir, `olricd-${options.port}.yaml`);
      writeFileSync(configFile, olricConfig({ ...options, memberlistOffset }));
      const child = spawn(OLRICD, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-20_000);
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      const member: OlricMember = { port: options.port, address: `${HOST}:${options.port}`, process: child, configFile, output: () => output };
      members.set(options.port, member);
      await waitUntil(
        `olricd on ${options.port} to answer (output: ${output.slice(-500)})`,
        async () => {
          if (child.exitCode !== null) throw new Error(`olricd on ${options.port} exited: ${output.slice(-1000)}`);
          return !(await rawCommand(options.port, ['PING'], 500)).startsWith('error');
        },
        15_000,
      );
      return member;
    },
    signal(port, signal) {
      members.get(port)?.process.kill(signal);
    },
    raw: (port, ...args) => rawCommand(port, args, 2000),
    async teardown() {
      const exits = [...members.values()].map(
        (member) =>
          new Promise<void>((resolve) => {
            const child = member.process;
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            // A stopped member must be woken to see its SIGTERM.
            child.kill('SIGCONT');
            child.kill('SIGTERM');
          }),
      );
      await Promise.all(exits);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
