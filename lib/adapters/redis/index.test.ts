import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PollOptions } from '@/lib/adapters/types';
import { nodeReportSchema } from '@/lib/contract/report';
import { redisReplies } from './fixture-replies';
import { createRedisAdapter, discoverRedisTargets } from './index';
import { resp, startFakeRespServer } from './resp-fake';
import { DescriptorBudget } from '../descriptor-budget';

// Fake servers listen on loopback ports from this base (override when the range is taken).
const BASE_PORT = Number(process.env.REDIS_ADAPTER_TEST_PORT ?? 23050);
const context = { targetIdForAddress: () => null };
const options = (overrides: Partial<PollOptions> = {}): PollOptions => ({
  timeoutMs: 300,
  maxResponseBytes: 10_000,
  logsAfter: null,
  logsLimit: 100,
  now: Date.now,
  ...overrides,
});
const target = (port: number, extra: Record<string, unknown> = {}) => ({
  id: `fake-${port}`,
  kind: 'redis' as const,
  address: `127.0.0.1:${port}`,
  tls: false as const,
  discover: false,
  flavor: 'auto' as const,
  ...extra,
});

type FakeServer = { server: net.Server; sockets: Set<net.Socket>; connections: number };
const servers: FakeServer[] = [];

/** A TCP server that answers every chunk it receives with `answer(chunk)` (or nothing). */
async function fakeServer(port: number, answer: (chunk: Buffer) => string | Buffer | null): Promise<FakeServer> {
  const fake: FakeServer = { server: net.createServer(), sockets: new Set(), connections: 0 };
  fake.server.on('connection', (socket) => {
    fake.connections += 1;
    fake.sockets.add(socket);
    socket.on('close', () => fake.sockets.delete(socket));
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      const reply = answer(chunk);
      if (reply !== null) socket.write(reply);
    });
  });
  await new Promise<void>((resolve) => fake.server.listen(port, '127.0.0.1', resolve));
  servers.push(fake);
  return fake;
}

afterEach(async () => {
  for (const fake of servers.splice(0)) {
    for (const socket of fake.sockets) socket.destroy();
    await new Promise((resolve) => fake.server.close(resolve));
  }
});

describe('redis adapter against misbehaving servers', () => {
  it('connection refused → unreachable / refused, and the report fits the schema', async () => {
    const adapter = createRedisAdapter(target(BASE_PORT + 9), context);
    const report = await adapter.poll(options());
    await adapter.close();
    expect(report).toMatchObject({ status: 'unreachable', reason: { code: 'refused' }, node: null, sync: null });
    expect(nodeReportSchema.safeParse(report).success).toBe(true);
  });

  it('a server that never answers → timeout within the budget, and no pile-up of connections or commands', async () => {
    const fake = await fakeServer(BASE_PORT, () => null);
    const adapter = createRedisAdapter(target(BASE_PORT), context);
    const started = Date.now();
    const first = await adapter.poll(options());
    expect(Date.now() - started).toBeLessThan(1000);
    expect(first).toMatchObject({ status: 'timeout', reason: { code: 'timeout' } });
    const second = await adapter.poll(options());
    expect(second.status).toBe('timeout');
    // The hung socket was closed before the next poll opened a fresh one.
    await expect.poll(() => fake.sockets.size, { timeout: 2000 }).toBeLessThanOrEqual(1);
    expect(fake.connections).toBe(2);
    await adapter.close();
    await expect.poll(() => fake.sockets.size, { timeout: 2000 }).toBe(0);
  });

  it('an answer larger than the cap → bad_response / oversize', async () => {
    await fakeServer(BASE_PORT + 1, () => `$200000\r\n${'x'.repeat(200_000)}\r\n`);
    const adapter = createRedisAdapter(target(BASE_PORT + 1), context);
    const report = await adapter.poll(options({ timeoutMs: 2000 }));
    await adapter.close();
    expect(report).toMatchObject({ status: 'bad_response', reason: { code: 'oversize' } });
  });

  it('something that is not RESP → bad_response / protocol', async () => {
    await fakeServer(BASE_PORT + 2, () => 'HTTP/1.1 400 Bad Request\r\n\r\n');
    const adapter = createRedisAdapter(target(BASE_PORT + 2), context);
    const report = await adapter.poll(options({ timeoutMs: 1000 }));
    await adapter.close();
    expect(report.status).toBe('bad_response');
    expect(report.reason?.code).toBe('protocol');
  });

  it('a password variable that is not set → auth, naming the variable but no secret', async () => {
    const adapter = createRedisAdapter(target(BASE_PORT + 3, { passwordEnv: 'CLUSTERSCOPE_TEST_UNSET_PASSWORD' }), context);
    const report = await adapter.poll(options());
    await adapter.close();
    expect(report).toMatchObject({ status: 'bad_response', reason: { code: 'auth' } });
    expect(report.reason?.message).toMatch(/CLUSTERSCOPE_TEST_UNSET_PASSWORD/);
  });

  it('a wrong password is an auth failure whose message never contains the password', async () => {
    process.env.CLUSTERSCOPE_TEST_PASSWORD = 'sup3r-s3cret-value';
    await fakeServer(BASE_PORT + 4, () => '-WRONGPASS invalid username-password pair or user is disabled.\r\n');
    const adapter = createRedisAdapter(target(BASE_PORT + 4, { username: 'probe', passwordEnv: 'CLUSTERSCOPE_TEST_PASSWORD' }), context);
    const report = await adapter.poll(options({ timeoutMs: 1000 }));
    await adapter.close();
    delete process.env.CLUSTERSCOPE_TEST_PASSWORD;
    expect(report).toMatchObject({ status: 'bad_response', reason: { code: 'auth' } });
    expect(report.reason?.message).toMatch(/Authentication failed for the ACL user "probe"/);
    expect(JSON.stringify(report)).not.toContain('sup3r-s3cret-value');
  });

  it('discovery never throws: an unreachable seed comes back alone with an error', async () => {
    const seed = target(BASE_PORT + 9, { discover: true });
    const result = await discoverRedisTargets(seed, { timeoutMs: 500 });
    expect(result.targets).toEqual([seed]);
    expect(result.error).toMatch(/connection refused/);
  });
});

describe('redis adapter over the wire, answering with captured output', () => {
  const captured = redisReplies('master-stopped/after-cont-t+3s', 7305);
  const text = (reply: { ok: boolean; value?: unknown }) => String(reply.value);
  const answers = {
    infoServer: text(captured.infoServer),
    infoReplication: text(captured.infoReplication),
    clusterInfo: text(captured.clusterInfo),
    clusterNodes: text(captured.clusterNodes),
    latency: resp.error("NOPERM User clusterscope has no permissions to run the 'latency|latest' command"),
  };
  const answer = (command: string[]): string => {
    const [name, sub] = [command[0].toUpperCase(), (command[1] ?? '').toUpperCase()];
    if (name === 'AUTH') return resp.simple('OK');
    if (name === 'INFO') return resp.bulk(sub === 'SERVER' ? answers.infoServer : answers.infoReplication);
    if (name === 'CLUSTER') return resp.bulk(sub === 'INFO' ? answers.clusterInfo : answers.clusterNodes);
    if (name === 'LATENCY') return answers.latency;
    return resp.error(`ERR unknown command '${command[0]}'`);
  };

  it('authenticates first, reads everything in one pipeline, and reports a schema-valid node', async () => {
    process.env.CLUSTERSCOPE_TEST_WIRE_PASSWORD = 'wire-secret';
    const fake = await startFakeRespServer(BASE_PORT + 5, answer);
    const adapter = createRedisAdapter(target(BASE_PORT + 5, { username: 'clusterscope', passwordEnv: 'CLUSTERSCOPE_TEST_WIRE_PASSWORD' }), {
      targetIdForAddress: (address) => (address === '127.0.0.1:7302' ? 'store-7302' : null),
    });
    try {
      const report = await adapter.poll(options({ timeoutMs: 2000 }));
      expect(nodeReportSchema.safeParse(report).success).toBe(true);
      expect(report).toMatchObject({ status: 'ok', reason: null, unavailable: [] });
      expect(report.node).toMatchObject({ id: `fake-${BASE_PORT + 5}`, role: 'primary', version: '7.0.15' });
      expect(report.sync!.links).toEqual([expect.objectContaining({ id: `fake-${BASE_PORT + 5}->store-7302`, state: 'in_sync' })]);
      expect(report.routing!.partitions).toHaveLength(16_384);
      expect(report.logs!.entries.map((entry) => entry.code)).toEqual(['observed']);
      expect(fake.commands.map((command) => command.slice(0, 2).join(' ').toUpperCase())).toEqual([
        'AUTH CLUSTERSCOPE',
        'INFO SERVER',
        'INFO REPLICATION',
        'CLUSTER INFO',
        'CLUSTER NODES',
        'LATENCY LATEST',
      ]);
      expect(JSON.stringify(report)).not.toContain('wire-secret');
      // The connection is reused: no second AUTH on the next poll.
      await adapter.poll(options({ timeoutMs: 2000 }));
      expect(fake.commands.filter((command) => command[0].toUpperCase() === 'AUTH')).toHaveLength(1);
    } finally {
      delete process.env.CLUSTERSCOPE_TEST_WIRE_PASSWORD;
      await adapter.close();
      await fake.close();
    }
  });

  it('connects (and authenticates) at every poll and closes after when the descriptor budget has no place for it', async () => {
    process.env.CLUSTERSCOPE_TEST_WIRE_PASSWORD = 'wire-secret';
    const fake = await startFakeRespServer(BASE_PORT + 8, answer);
    const spent = new DescriptorBudget(0);
    const adapter = createRedisAdapter(target(BASE_PORT + 8, { username: 'clusterscope', passwordEnv: 'CLUSTERSCOPE_TEST_WIRE_PASSWORD' }), context, spent);
    try {
      for (let poll = 0; poll < 2; poll += 1) expect((await adapter.poll(options({ timeoutMs: 2000 }))).status).toBe('ok');
      expect(fake.commands.filter((command) => command[0].toUpperCase() === 'AUTH')).toHaveLength(2);
      expect(spent.status()).toMatchObject({ used: 0, refusedTargets: 1 });
    } finally {
      delete process.env.CLUSTERSCOPE_TEST_WIRE_PASSWORD;
      await adapter.close();
      await fake.close();
    }
    expect(spent.status()).toMatchObject({ used: 0, refusedTargets: 0 });
  });

  it('pages its own log by epoch and cursor, logs changes, and starts a new epoch when run_id changes', async () => {
    const fake = await startFakeRespServer(BASE_PORT + 6, answer);
    const adapter = createRedisAdapter(target(BASE_PORT + 6), context);
    const saved = { ...answers };
    try {
      const first = await adapter.poll(options({ timeoutMs: 2000 }));
      const epoch = first.logs!.epoch;
      expect(first.logs).toMatchObject({ nextCursor: 1, hasMore: false });

      const quiet = await adapter.poll(options({ timeoutMs: 2000, logsAfter: { epoch, cursor: 1 } }));
      expect(quiet.logs).toMatchObject({ epoch, entries: [], nextCursor: 1 });

      answers.clusterInfo = answers.clusterInfo.replace('cluster_state:ok', 'cluster_state:fail');
      const failing = await adapter.poll(options({ timeoutMs: 2000, logsAfter: { epoch, cursor: 1 } }));
      expect(failing.routing!.initialized).toBe(false);
      expect(failing.logs!.entries).toEqual([expect.objectContaining({ cursor: 2, code: 'cluster_fail', level: 'error' })]);

      answers.infoServer = answers.infoServer.replace(/^run_id:.*$/m, 'run_id:0123456789abcdef0123456789abcdef01234567');
      const restarted = await adapter.poll(options({ timeoutMs: 2000, logsAfter: { epoch, cursor: 2 } }));
      expect(restarted.logs!.epoch).not.toBe(epoch);
      expect(restarted.logs!.entries.map((entry) => [entry.cursor, entry.code])).toEqual([
        [1, 'restarted'],
        [2, 'observed'],
      ]);
    } finally {
      Object.assign(answers, saved);
      await adapter.close();
      await fake.close();
    }
  });

  it('a user without CLUSTER permissions on a cluster node → auth, naming the command', async () => {
    const fake = await startFakeRespServer(BASE_PORT + 7, (command) =>
      command[0].toUpperCase() === 'CLUSTER'
        ? resp.error(`NOPERM User probe has no permissions to run the 'cluster|${command[1].toLowerCase()}' command`)
        : answer(command),
    );
    process.env.CLUSTERSCOPE_TEST_PROBE_PASSWORD = 'probe-pw';
    const adapter = createRedisAdapter(target(BASE_PORT + 7, { username: 'probe', passwordEnv: 'CLUSTERSCOPE_TEST_PROBE_PASSWORD' }), context);
    try {
      const report = await adapter.poll(options({ timeoutMs: 2000 }));
      expect(report).toMatchObject({ status: 'bad_response', reason: { code: 'auth' } });
      expect(report.reason!.message).toMatch(/may not run CLUSTER\|INFO/);
    } finally {
      delete process.env.CLUSTERSCOPE_TEST_PROBE_PASSWORD;
      await adapter.close();
      await fake.close();
    }
  });
});
