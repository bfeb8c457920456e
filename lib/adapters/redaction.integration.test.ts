import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRedisInstalled } from '@/e2e/support/redis-cluster';
import type { RedisTargetConfig } from '@/lib/adapters/redis/target';
import type { PollOptions } from '@/lib/adapters/types';
import { nodeReportSchema } from '@/lib/contract/report';
import { createAdapter } from './index';
import { discoverRedisTargets } from './redis';
import { resp, startFakeRespServer } from './redis/resp-fake';
import { REDACTED } from './redact';

/**
 * A password must never leave an adapter, whatever the server answers.
 * Ports: REDACTION_TEST_PORT (default 23410) … +4, a range no other test uses.
 */
const BASE_PORT = Number(process.env.REDACTION_TEST_PORT ?? 23410);
const PASSWORD = 'hunter2-Secr3t!';
const PASSWORD_ENV = 'CLUSTERSCOPE_TEST_REDACTION_PASSWORD';
const context = { targetIdForAddress: () => null };
const pollOptions: PollOptions = { timeoutMs: 2000, maxResponseBytes: 1_000_000, logsAfter: null, logsLimit: 100, now: Date.now };
const redisTarget = (port: number, extra: Partial<RedisTargetConfig> = {}): RedisTargetConfig => ({
  id: `redis-${port}`,
  kind: 'redis',
  address: `127.0.0.1:${port}`,
  passwordEnv: PASSWORD_ENV,
  tls: false,
  discover: false,
  flavor: 'auto',
  ...extra,
});

let server: ChildProcess | null = null;
let dir: string | null = null;

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (server?.exitCode !== null) throw new Error(`redis-server on port ${port} exited with code ${server?.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on port ${port} did not accept connections within ${timeoutMs} ms`);
}

beforeAll(async () => {
  process.env[PASSWORD_ENV] = PASSWORD;
  assertRedisInstalled();
  dir = mkdtempSync(path.join(os.tmpdir(), 'clusterscope-redaction-'));
  // AUTH renamed away: the server answers "ERR unknown command 'AUTH', with args beginning with: '<password>'".
  server = spawn(
    'redis-server',
    ['--port', String(BASE_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--rename-command', 'AUTH', '""'],
    { stdio: 'ignore' },
  );
  server.on('error', () => {});
  await waitForPort(BASE_PORT, 10_000);
}, 15_000);

afterAll(async () => {
  delete process.env[PASSWORD_ENV];
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('secrets never leave an adapter', () => {
  it('a real redis-server with AUTH renamed: the reason names the failure but not the password', async () => {
    const adapter = createAdapter(redisTarget(BASE_PORT), context);
    try {
      const report = await adapter.poll(pollOptions);
      expect(nodeReportSchema.safeParse(report).success).toBe(true);
      expect(report.status).toBe('bad_response');
      expect(report.reason?.message).toContain("unknown command 'AUTH'");
      expect(report.reason?.message).toContain(REDACTED);
      expect(JSON.stringify(report)).not.toContain(PASSWORD);
    } finally {
      await adapter.close();
    }
  });

  it('a fake server that echoes every argument back, in errors and in INFO, never gets the password into the report', async () => {
    const echo = (command: string[]) => {
      const name = command[0].toUpperCase();
      if (name === 'AUTH') return resp.simple('OK');
      if (name === 'INFO') {
        return resp.bulk(`# Server\r\nredis_version:7.2.4 ${command.join(' ')} ${PASSWORD}\r\nrun_id:${'a'.repeat(40)}\r\nuptime_in_seconds:10\r\n# Replication\r\nrole:master\r\nconnected_slaves:0\r\n`);
      }
      return resp.error(`ERR you said ${command.join(' ')} and ${encodeURIComponent(PASSWORD)}`);
    };
    const fake = await startFakeRespServer(BASE_PORT + 1, echo);
    const refusing = await startFakeRespServer(BASE_PORT + 2, (command) => resp.error(`ERR unknown command '${command[0]}', with args beginning with: '${command.slice(1).join("' '")}'`));
    const adapter = createAdapter(redisTarget(BASE_PORT + 1), context);
    const refused = createAdapter(redisTarget(BASE_PORT + 2), context);
    try {
      const report = await adapter.poll(pollOptions);
      expect(fake.commands[0]).toEqual(['AUTH', PASSWORD]);
      expect(JSON.stringify(report)).not.toContain(PASSWORD);
      expect(JSON.stringify(report)).not.toContain(encodeURIComponent(PASSWORD));
      expect(JSON.stringify(report)).toContain(REDACTED);
      const refusal = await refused.poll(pollOptions);
      expect(refusal.status).toBe('bad_response');
      expect(refusal.reason?.message).toContain(REDACTED);
      expect(JSON.stringify(refusal)).not.toContain(PASSWORD);
    } finally {
      await adapter.close();
      await refused.close();
      await fake.close();
      await refusing.close();
    }
  });

  it('another target\'s secret, passed through the context, is scrubbed too', async () => {
    const fake = await startFakeRespServer(BASE_PORT + 3, () => resp.error('ERR the other password is other-target-token'));
    const adapter = createAdapter(redisTarget(BASE_PORT + 3, { passwordEnv: undefined }), { ...context, secrets: ['other-target-token'] });
    try {
      const report = await adapter.poll(pollOptions);
      expect(report.reason?.message).toContain(`ERR the other password is ${REDACTED}`);
      expect(JSON.stringify(report)).not.toContain('other-target-token');
    } finally {
      await adapter.close();
      await fake.close();
    }
  });

  it('discovered members get the seed\'s credentials only when their address is on discoverCredentialsFor', async () => {
    const nodes = [
      `${'1'.repeat(40)} 127.0.0.1:${BASE_PORT + 4}@1 myself,master - 0 0 1 connected 0-16383`,
      `${'2'.repeat(40)} 10.0.0.7:6379@16379 slave ${'1'.repeat(40)} 0 0 1 connected`,
      `${'3'.repeat(40)} 203.0.113.9:6379@16379 slave ${'1'.repeat(40)} 0 0 1 connected`,
    ].join('\n');
    const seed = await startFakeRespServer(BASE_PORT + 4, (command) => (command[0].toUpperCase() === 'AUTH' ? resp.simple('OK') : resp.bulk(`${nodes}\n`)));
    try {
      const closed = await discoverRedisTargets(redisTarget(BASE_PORT + 4, { username: 'watcher' }), { timeoutMs: 2000 });
      expect(closed.error).toBeNull();
      expect(closed.targets.map((target) => [target.address, target.passwordEnv, target.username])).toEqual([
        [`127.0.0.1:${BASE_PORT + 4}`, PASSWORD_ENV, 'watcher'],
        ['10.0.0.7:6379', undefined, undefined],
        ['203.0.113.9:6379', undefined, undefined],
      ]);
      const allowed = await discoverRedisTargets(redisTarget(BASE_PORT + 4, { username: 'watcher', discoverCredentialsFor: ['10.0.0.0/24'] }), { timeoutMs: 2000 });
      expect(allowed.targets.map((target) => [target.address, target.passwordEnv])).toEqual([
        [`127.0.0.1:${BASE_PORT + 4}`, PASSWORD_ENV],
        ['10.0.0.7:6379', PASSWORD_ENV],
        ['203.0.113.9:6379', undefined],
      ]);
    } finally {
      await seed.close();
    }
  });
});
