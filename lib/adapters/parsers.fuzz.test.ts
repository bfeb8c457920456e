import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleReport } from '@/lib/collector/testing/fake-node';
import { nodeReportSchema, type NodeReport } from '@/lib/contract/report';
import { nodeTimeMs, UNKNOWN_TIME } from '@/lib/contract/node-time';
import { parseReportBody } from './native/adapter';
import { validateNodeTimes } from './node-times';
import { normalizeLink } from './normalize';
import { readNode, type NodeReplies } from './redis/build-report';
import { parseClusterNodes } from './redis/cluster-nodes';
import { pikaReplies, redisReplies } from './redis/fixture-replies';
import { parseInfo } from './redis/info';
import { parsePikaReplication } from './redis/pika-replication';
import type { RedisTargetConfig } from './redis/target';

/**
 * Property tests for every parser that reads node data: whatever a node sends,
 * the parser returns (never throws), never calls garbage `ok`, and takes a
 * bounded time per input. Seeds are fixed so a failure reproduces; set
 * FUZZ_RUNS to search longer.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const PER_INPUT_MS = 100;
const NOW = Date.parse('2026-06-01T00:00:00.000Z');

/** Runs `parse` and fails the property if it takes longer than PER_INPUT_MS. */
function timed<T>(parse: () => T): T {
  const started = performance.now();
  const result = parse();
  const elapsed = performance.now() - started;
  if (elapsed > PER_INPUT_MS) throw new Error(`took ${elapsed.toFixed(1)} ms (limit ${PER_INPUT_MS} ms)`);
  return result;
}

const params = (seed: number) => ({ numRuns: RUNS, seed });

/** Text that looks like what nodes send: RESP-ish lines, INFO fields, numbers at the edges. */
const nodeishText = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.constantFrom('redis_version:7.2.4', 'pika_version:4.0.0', 'role:slave'),
      fc.constantFrom('# Server', '# Replication', 'role:master', 'role:slave', 'redis_version:7.2.4', 'pika_version:4.0.0', 'master_host:10.0.0.1', 'master_port:6379', 'master_link_status:down', 'master_link_down_since_seconds:', 'master_last_io_seconds_ago:', 'server_time_usec:', 'uptime_in_seconds:', 'slave0:ip=10.0.0.2,port=6379,state=online,offset=1,lag=0', 'connected_slaves:1', 'repl_connect_status:', 'db0:connected', 'redis_mode:cluster', 'cluster_state:ok'),
      fc.tuple(fc.constantFrom('server_time_usec', 'uptime_in_seconds', 'master_last_io_seconds_ago', 'master_link_down_since_seconds', 'master_repl_offset', 'slave_repl_offset'), fc.oneof(fc.integer(), fc.constantFrom('9007199254740993', '9000000000000000', '8640000000000001', '1e400', '-1', '99999999999999999999', 'NaN'))).map(([key, value]) => `${key}:${value}`),
    ),
    { maxLength: 40 },
  )
  .map((lines) => lines.join('\r\n'));

const hex40 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 40, maxLength: 40 });

const clusterNodesText = fc
  .array(
    fc.tuple(
      fc.oneof(hex40, fc.string({ maxLength: 42 })),
      fc.oneof(fc.constant('127.0.0.1:7001@17001'), fc.string({ maxLength: 30 })),
      fc.constantFrom('myself,master', 'master', 'slave', 'master,fail', 'slave,fail?', 'handshake', 'noaddr', ''),
      fc.oneof(fc.constant('-'), hex40),
      fc.oneof(fc.integer({ min: 0 }), fc.constantFrom('99999999999999999999', '1e300', '-5')),
      fc.oneof(fc.integer({ min: 0 }), fc.constant('x')),
      fc.oneof(fc.integer({ min: 0 }), fc.constant('x')),
      fc.constantFrom('connected', 'disconnected', ''),
      fc.array(fc.oneof(fc.constant('0-5460'), fc.constant('16383'), fc.constant('[1->-abc]'), fc.string({ maxLength: 12 })), { maxLength: 4 }),
    ),
    { maxLength: 12 },
  )
  .map((rows) => rows.map((row) => row.flat().join(' ')).join('\n'));

const reply = (text: fc.Arbitrary<string>) => fc.oneof({ arbitrary: text.map((value) => ({ ok: true as const, value })), weight: 6 }, fc.string({ maxLength: 60 }).map((message) => ({ ok: false as const, message })), fc.anything().map((value) => ({ ok: true as const, value })));

const redisTarget: RedisTargetConfig = { id: 'r1', kind: 'redis', address: '127.0.0.1:7001', tls: false, discover: false, flavor: 'auto' };

function expectSchemaValidWithSaneTimes(report: NodeReport): void {
  const validated = validateNodeTimes(report);
  expect(nodeReportSchema.safeParse(validated).success).toBe(true);
  const times = [validated.node?.now, validated.node?.startedAt, ...(validated.sync?.links.flatMap((link) => [link.lastIoAt, link.lastError?.at]) ?? [])];
  for (const time of times) {
    if (time === null || time === undefined || time === UNKNOWN_TIME) continue;
    expect(nodeTimeMs(time, validated.fetchedAt)).not.toBeNull();
  }
}

function reportFromReading(replies: NodeReplies): NodeReport | null {
  const result = readNode({ target: redisTarget, replies, idFor: (address) => address, now: NOW });
  if (!result.ok) return null;
  const { reading } = result;
  return {
    targetId: 'r1', kind: 'redis', address: redisTarget.address, status: 'ok', reason: null, fetchedAt: NOW, latencyMs: 1,
    node: reading.node, peers: reading.peers, sync: { links: reading.links }, routing: reading.routing, logs: null, unavailable: reading.unavailable,
  };
}

describe('native admin API v1 report (JSON → NodeReport)', () => {
  it('random bytes: never throws, never ok', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(timed(() => parseReportBody(Buffer.from(bytes), 'n:1')).status).toBe('bad_response');
      }),
      params(1301),
    );
  });

  it('any JSON value without a node object: never ok', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        fc.pre(!(value !== null && typeof value === 'object' && !Array.isArray(value) && 'node' in value));
        const outcome = timed(() => parseReportBody(Buffer.from(JSON.stringify(value)), 'n:1'));
        expect(outcome.status).toBe('bad_response');
        expect(outcome.reason?.code).toMatch(/^(schema|not_json|too_deep)$/);
      }),
      params(1302),
    );
  });

  it('a valid report with any one value replaced: never throws; when accepted, the normalized report fits the schema with sane times', () => {
    const base = sampleReport('n1') as unknown as Record<string, unknown>;
    const paths = ['node.id', 'node.now', 'node.startedAt', 'node.role', 'sync.links', 'sync.links.0.state', 'sync.links.0.lastIoAt', 'sync.links.0.lag', 'sync.links.0.lastError', 'logs.entries', 'logs.dropped', 'logs.nextCursor', 'routing', 'peers'];
    const edgeValues = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.constantFrom('+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '1970-01-01T00:00:00Z', 'now', 9007199254740993, -1, 1e308, { message: 'x', at: '+275760-09-13T00:00:00.000Z' }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...paths), edgeValues, (path, value) => {
        const copy = structuredClone(base);
        const keys = path.split('.');
        let cursor = copy as Record<string, unknown>;
        for (const key of keys.slice(0, -1)) {
          cursor[key] ??= {};
          cursor = cursor[key] as Record<string, unknown>;
        }
        cursor[keys[keys.length - 1]] = value;
        const outcome = timed(() => parseReportBody(Buffer.from(JSON.stringify(copy)), 'n:1'));
        if (outcome.status !== 'ok') return;
        const wire = outcome.wire!;
        expectSchemaValidWithSaneTimes({
          targetId: 'n1', kind: 'native', address: 'n:1', status: 'ok', reason: null, fetchedAt: NOW, latencyMs: 1,
          node: wire.node, peers: wire.peers ?? null, sync: wire.sync ? { links: wire.sync.links.map(normalizeLink) } : null,
          routing: wire.routing ?? null, logs: wire.logs ?? null, unavailable: [],
        });
      }),
      params(1303),
    );
  });
});

describe('Redis / Valkey / Pika answers', () => {
  it('INFO text: parseInfo never throws and keeps only key:value lines as fields', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 2000 }), nodeishText), (text) => {
        const info = timed(() => parseInfo(text));
        for (const [key] of info.fields) expect(key.includes(':')).toBe(false);
      }),
      params(1304),
    );
  });

  it('CLUSTER NODES: never throws; garbage lines give null, never a half-read table', () => {
    fc.assert(
      fc.property(fc.oneof(clusterNodesText, fc.string({ maxLength: 500 })), (text) => {
        const nodes = timed(() => parseClusterNodes(text));
        if (nodes === null) return;
        for (const node of nodes) {
          expect(node.nodeId).toMatch(/^[0-9a-f]{40}$/i);
          for (const [start, end] of node.slotRanges) expect(0 <= start && start <= end && end < 16_384).toBe(true);
        }
      }),
      params(1305),
    );
  });

  it('Pika INFO replication: never throws on any lines', () => {
    fc.assert(
      fc.property(nodeishText, (text) => {
        timed(() => parsePikaReplication(parseInfo(text).lines));
      }),
      params(1306),
    );
  });

  it('a whole poll (INFO server, INFO replication, CLUSTER INFO, CLUSTER NODES): never throws, garbage is never ok, ok readings fit the schema', () => {
    fc.assert(
      fc.property(reply(nodeishText), reply(nodeishText), reply(nodeishText), reply(fc.oneof(clusterNodesText, nodeishText)), (infoServer, infoReplication, clusterInfo, clusterNodes) => {
        const replies = { infoServer, infoReplication, clusterInfo, clusterNodes };
        const report = timed(() => reportFromReading(replies));
        if (report === null) return;
        // ok only when the node named its version: garbage without one is never a reading.
        const serverText = infoServer.ok && typeof infoServer.value === 'string' ? infoServer.value : '';
        expect(/(redis|valkey|pika)_version:/.test(serverText)).toBe(true);
        expectSchemaValidWithSaneTimes(report);
      }),
      params(1307),
    );
  });

  it('numbers at the edges in every numeric INFO field: never throws, every time sane or unknown', () => {
    const edgeNumber = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom('9000000000000000', '8640000000000001', '-1', '0'));
    const numericKeys = ['server_time_usec', 'uptime_in_seconds', 'master_last_io_seconds_ago', 'master_link_down_since_seconds', 'master_repl_offset', 'slave_repl_offset'];
    fc.assert(
      fc.property(fc.constantFrom('redis', 'pika'), fc.array(fc.tuple(fc.constantFrom(...numericKeys), edgeNumber), { minLength: 1, maxLength: 8 }), (flavor, fields) => {
        const numbers = fields.map(([key, value]) => `${key}:${value}`).join('\r\n');
        const replies: NodeReplies = {
          infoServer: { ok: true, value: `${flavor}_version:4.0.0\r\n${numbers}\r\n` },
          infoReplication: { ok: true, value: `role:slave\r\nmaster_host:10.0.0.1\r\nmaster_port:6379\r\nmaster_link_status:down\r\n${numbers}\r\n` },
          clusterInfo: { ok: false, message: 'ERR This instance has cluster support disabled' },
          clusterNodes: { ok: false, message: 'ERR This instance has cluster support disabled' },
        };
        const report = timed(() => reportFromReading(replies));
        expect(report).not.toBeNull();
        expectSchemaValidWithSaneTimes(report!);
      }),
      params(1308),
    );
  });

  it('the captured real answers still read ok (the properties above are not vacuous)', () => {
    expect(reportFromReading(redisReplies('healthy', 7301))).not.toBeNull();
    expect(reportFromReading(pikaReplies('v3.5.0-slave.info.txt'))).not.toBeNull();
  });
});
