import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeReportSchema, type NodeReport } from '@/lib/contract/report';
import type { PollOptions } from '../types';
import { PegasusAdapter } from './adapter';
import type { PegasusTargetConfig } from './target';

/** Replies exactly as the meta server prints them (see fixtures/README.md for the source of each shape). */
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

type Reply = { status: number; body: string; headers?: Record<string, string> };
type Handler = (path: string, query: URLSearchParams) => Reply;

const servers: http.Server[] = [];

/** A fake Pegasus server on 127.0.0.1 with an OS-picked port (port 0). */
async function serve(handler: Handler): Promise<string> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const reply = handler(url.pathname, url.searchParams);
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

/** The meta leader of the fixtures: tables temp (4 partitions) and usertable (8); anything else is 404. */
function leaderHandler(path: string, query: URLSearchParams): Reply {
  const ok = (name: string): Reply => ({ status: 200, body: fixture(name) });
  if (path === '/version') return ok('version.json');
  if (path === '/meta/cluster') return ok('cluster.json');
  if (path === '/meta/nodes') return ok('nodes-detail.json');
  if (path === '/meta/apps') return ok('apps-detail.json');
  if (path === '/meta/app') {
    const name = query.get('name') ?? '';
    if (name === 'temp') return ok('app-temp-detail.json');
    if (name === 'usertable') return ok('app-usertable-detail.json');
    if (name === 'odd') return ok('app-odd-detail.json');
    return { status: 404, body: `table not found: "${name}"` };
  }
  return { status: 404, body: '' };
}

/** A follower: redirect_if_not_primary's Location, "http://<leader>/<path>?k=v". */
function followerOf(leader: string): Handler {
  return (path, query) => {
    if (path === '/version') return { status: 200, body: fixture('version.json') };
    const args = [...query].map(([key, value]) => `${key}=${value}`).join('&');
    return { status: 307, body: '', headers: { location: `http://${leader}${path}${args ? `?${args}` : ''}` } };
  };
}

const OPTIONS: PollOptions = { timeoutMs: 2_000, maxResponseBytes: 1_000_000, logsAfter: null, logsLimit: 100, now: () => Date.now() };

const ADDRESS_IDS = new Map([
  ['10.0.0.11:34801', 'replica-1'],
  ['10.0.0.13:34801', 'replica-3'],
]);
const context = { targetIdForAddress: (address: string) => ADDRESS_IDS.get(address) ?? null };

async function poll(target: PegasusTargetConfig): Promise<NodeReport> {
  const adapter = new PegasusAdapter(target, context);
  try {
    const report = await adapter.poll(OPTIONS);
    expect(nodeReportSchema.safeParse(report).success).toBe(true);
    return report;
  } finally {
    await adapter.close();
  }
}

function metaTarget(address: string, metaServers: string[], tables?: string[]): PegasusTargetConfig {
  return { id: 'meta', kind: 'pegasus', metaServers, server: { role: 'meta', address }, ...(tables ? { tables } : {}) };
}

describe('Pegasus adapter on the meta server\'s replies', () => {
  it('reads every table of the leader, each with its own partition count, values parsed from strings', async () => {
    const leader = await serve(leaderHandler);
    const report = await poll(metaTarget(leader, [leader]));
    expect(report).toMatchObject({ status: 'ok', kind: 'pegasus', node: { role: 'meta-leader', version: '2.5.0', cluster: '/pegasus/onebox' } });
    expect(report.tables!.map((table) => [table.table, table.partitionCount, table.partitions.length])).toEqual([
      ['temp', 4, 4],
      ['usertable', 8, 8],
    ]);
    const temp = report.tables![0];
    expect(temp.partitions[0]).toEqual({ id: 0, owners: ['replica-1'], backups: ['replica-3', '10.0.0.14:34801'], ballot: 7, maxReplicas: 3 });
    expect(report.tables![1].partitions[7]).toMatchObject({ ballot: 27, owners: ['replica-3'] });
    // The meta's verdicts, as peers in its own categories; unknown addresses keep their address.
    expect(report.peers!.peers).toEqual([
      { id: 'replica-1', address: '10.0.0.11:34801', category: 'ALIVE' },
      { id: '10.0.0.12:34801', address: '10.0.0.12:34801', category: 'UNALIVE' },
      { id: 'replica-3', address: '10.0.0.13:34801', category: 'ALIVE' },
    ]);
    expect(report.unavailable).toEqual(['sync', 'logs']);
  });

  it('reads primary "-" as no owner, with the secondaries kept', async () => {
    const leader = await serve(leaderHandler);
    const report = await poll(metaTarget(leader, [leader], ['temp']));
    expect(report.tables![0].partitions[1]).toEqual({ id: 1, owners: [], backups: ['replica-1', 'replica-3'], ballot: 12, maxReplicas: 3 });
    expect(report.tables![0].partitions[2]).toEqual({ id: 2, owners: ['replica-3'], backups: [], ballot: 5, maxReplicas: 3 });
  });

  it('follows a follower\'s 307 to the leader when the leader is a configured meta server', async () => {
    const leader = await serve(leaderHandler);
    const follower = await serve(followerOf(leader));
    const report = await poll(metaTarget(follower, [follower, leader]));
    expect(report).toMatchObject({ status: 'ok', node: { role: 'meta-follower' }, routing: null });
    expect(report.tables).toBeUndefined();
    expect(report.warnings![0]).toBe(`follower: the leader is ${leader} (meta_function_level steady)`);
  });

  it('refuses a redirect to a host that is not a configured meta server', async () => {
    const elsewhere = await serve(leaderHandler);
    const follower = await serve(followerOf(elsewhere));
    const report = await poll(metaTarget(follower, [follower, '127.0.0.1:1']));
    expect(report).toMatchObject({ status: 'bad_response', reason: { code: 'protocol' }, node: null });
    expect(report.tables).toBeUndefined();
    expect(report.reason!.message).toBe(`${follower} redirected /meta/cluster to ${elsewhere}, which is not one of the configured metaServers; not followed`);
  });

  it('a table the meta server does not know (404) is a warning; the other tables are kept', async () => {
    const leader = await serve(leaderHandler);
    const report = await poll(metaTarget(leader, [leader], ['temp', 'missing', 'usertable']));
    expect(report.status).toBe('ok');
    expect(report.tables!.map((table) => table.table)).toEqual(['temp', 'usertable']);
    expect(report.warnings).toContainEqual(`table missing: "table not found: \\"missing\\"" (HTTP 404 from ${leader})`);
  });

  it('values that do not parse are unknown, never 0, and named in the warnings', async () => {
    const leader = await serve(leaderHandler);
    const report = await poll(metaTarget(leader, [leader], ['odd']));
    const [first, second] = report.tables![0].partitions;
    // A number where Pegasus prints a string is not trusted either.
    expect(first.ballot).toBeUndefined();
    expect(first.maxReplicas).toBe(3);
    expect(second).toEqual({ id: 1, owners: [], backups: [], maxReplicas: 3 });
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        'table odd partition 0: ballot 7 is not a valid ballot',
        'table odd partition 1: ballot "-1" is not a valid ballot',
        'table odd partition 1: primary "not an address" does not parse',
        'table odd partition 1: secondaries "10.0.0.13:34801" do not parse',
      ]),
    );
  });

  it('garbage from the meta server is a bad_response, and a closed port is unreachable', async () => {
    const garbage = await serve(() => ({ status: 200, body: '<html>oops' }));
    expect(await poll(metaTarget(garbage, [garbage]))).toMatchObject({ status: 'bad_response', reason: { code: 'not_json' } });
    const wrongShape = await serve((path) => (path === '/meta/cluster' ? { status: 200, body: '["a"]\n' } : { status: 200, body: fixture('version.json') }));
    expect(await poll(metaTarget(wrongShape, [wrongShape]))).toMatchObject({ status: 'bad_response', reason: { code: 'schema' } });
    expect(await poll(metaTarget('127.0.0.1:1', ['127.0.0.1:1']))).toMatchObject({ status: 'unreachable', reason: { code: 'refused' } });
  });

  it('a replica server is read from its /version', async () => {
    const replica = await serve(leaderHandler);
    const report = await poll({ id: 'replica-1', kind: 'pegasus', metaServers: ['127.0.0.1:1'], server: { role: 'replica', address: replica } });
    expect(report).toMatchObject({ status: 'ok', node: { role: 'replica', version: '2.5.0' }, unavailable: ['peers', 'sync', 'routing', 'logs'] });
  });
});

describe('Pegasus discovery', () => {
  it('expands the cluster target into each meta server and the replica servers the meta reports, following a follower to the leader', async () => {
    const leader = await serve(leaderHandler);
    const follower = await serve(followerOf(leader));
    const { discoverPegasusMembers } = await import('./discover');
    const found = await discoverPegasusMembers({ id: 'pg', kind: 'pegasus', metaServers: [follower, leader] }, { timeoutMs: 2_000 });
    expect(found.error).toBeNull();
    expect(found.targets.map((target) => [target.id, target.server])).toEqual([
      [`pg.meta.${follower}`, { role: 'meta', address: follower }],
      [`pg.meta.${leader}`, { role: 'meta', address: leader }],
      ['pg.replica.10.0.0.11:34801', { role: 'replica', address: '10.0.0.11:34801' }],
      ['pg.replica.10.0.0.12:34801', { role: 'replica', address: '10.0.0.12:34801' }],
      ['pg.replica.10.0.0.13:34801', { role: 'replica', address: '10.0.0.13:34801' }],
    ]);
  });

  it('keeps watching the meta servers, and says why, when none lists its replica servers', async () => {
    const { discoverPegasusMembers } = await import('./discover');
    const found = await discoverPegasusMembers({ id: 'pg', kind: 'pegasus', metaServers: ['127.0.0.1:1'] }, { timeoutMs: 1_000 });
    expect(found.targets.map((target) => target.id)).toEqual(['pg.meta.127.0.0.1:1']);
    expect(found.error).toMatch(/cannot list replica servers from any meta server: connection refused by 127\.0\.0\.1:1/);
  });
});
