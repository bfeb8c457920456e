import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PollOptions } from '@/lib/adapters/types';
import { nodeReportSchema } from '@/lib/contract/report';
import { createRedisAdapter, discoverRedisTargets } from './index';

// Fake servers listen on loopback ports from this base (override when the range is taken).
const BASE_PORT = Number(process.env.REDIS_ADAPTER_TEST_PORT ?? 43050);
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
