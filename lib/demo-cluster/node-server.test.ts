import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_V1_PATHS, logsDocSchema, nodeReportWireSchema } from '@/lib/contract/admin-v1';
import { OVERSIZE_BYTES } from './node-server';
import { getJson, post, request, startTestCluster, type TestCluster } from './test-harness';
import { ALL_NODES } from './topology';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster();
  await cluster.advance(3000);
});

afterAll(async () => {
  await cluster.close();
});

describe('admin API v1 endpoints', () => {
  it('answers every endpoint of every node per the contract', async () => {
    const reports = await cluster.everyEndpointParses();
    expect([...reports.keys()]).toEqual([...ALL_NODES]);
    for (const [id, report] of reports) {
      expect(report.node).toMatchObject({ id, cluster: 'demo' });
      expect(Date.parse(report.node.now)).toBe(cluster.clock.now());
    }
  });

  it('gives the client only node, routing and logs', async () => {
    const report = await cluster.report('client-1');
    expect(report.node.role).toBe('client');
    expect(report.peers).toBeUndefined();
    expect(report.sync).toBeUndefined();
    expect(report.routing?.partitions).toHaveLength(271);
    expect((await getJson(`${cluster.url('client-1')}${ADMIN_V1_PATHS.peers}`)).status).toBe(404);
    expect((await getJson(`${cluster.url('client-1')}${ADMIN_V1_PATHS.sync}`)).status).toBe(404);
  });

  it('answers unknown paths with 404 and other methods with 405', async () => {
    const missing = await getJson(`${cluster.url('node-1')}/admin/v1/nope`);
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: { code: 'not_found' } });
    const wrongMethod = await post(`${cluster.url('node-1')}${ADMIN_V1_PATHS.node}`);
    expect(wrongMethod.status).toBe(405);
  });

  it('rejects malformed log cursors and limits', async () => {
    expect((await getJson(`${cluster.url('node-1')}${ADMIN_V1_PATHS.logs}?after=-1`)).status).toBe(400);
    expect((await getJson(`${cluster.url('node-1')}${ADMIN_V1_PATHS.logs}?limit=0`)).status).toBe(400);
    expect((await getJson(`${cluster.url('node-1')}${ADMIN_V1_PATHS.logs}?limit=20000`)).status).toBe(400);
  });
});

describe('log cursors', () => {
  it('pages with after and limit, and says when more is waiting', async () => {
    const base = `${cluster.url('node-4')}${ADMIN_V1_PATHS.logs}`;
    for (let i = 0; i < 5; i++) await post(`${cluster.control.url}/nodes/node-4/log`, { level: 'info', message: `paging ${i}` });
    const all = logsDocSchema.parse((await getJson(`${base}?after=0&limit=10000`)).json);
    expect(all.entries.length).toBeGreaterThanOrEqual(5);
    const first = logsDocSchema.parse((await getJson(`${base}?after=0&limit=2`)).json);
    expect(first.entries).toHaveLength(2);
    expect(first.hasMore).toBe(true);
    const next = logsDocSchema.parse((await getJson(`${base}?after=${first.nextCursor}&limit=10000`)).json);
    expect(next.entries.every((entry) => entry.cursor > first.nextCursor)).toBe(true);
    expect(next.hasMore).toBe(false);
    expect(first.entries.length + next.entries.length).toBe(all.entries.length);
  });

  it('reads the report from the oldest entry when the epoch is absent or different', async () => {
    const base = `${cluster.url('node-4')}${ADMIN_V1_PATHS.report}`;
    const fresh = nodeReportWireSchema.parse((await getJson(base)).json);
    const logs = fresh.logs!;
    expect(logs.entries[0].cursor).toBe(1);
    const same = nodeReportWireSchema.parse((await getJson(`${base}?logsEpoch=${logs.epoch}&logsAfter=${logs.nextCursor}&logsLimit=50`)).json);
    expect(same.logs!.entries).toEqual([]);
    const other = nodeReportWireSchema.parse((await getJson(`${base}?logsEpoch=someone-else&logsAfter=${logs.nextCursor}&logsLimit=1`)).json);
    expect(other.logs!.entries[0].cursor).toBe(1);
    expect(other.logs!.hasMore).toBe(true);
  });
});

describe('faults', () => {
  it('crash refuses connections; restore answers again on the same port with a new log epoch', async () => {
    const url = cluster.url('node-3');
    const before = nodeReportWireSchema.parse((await getJson(`${url}${ADMIN_V1_PATHS.report}`)).json);
    const crashed = await post(`${cluster.control.url}/nodes/node-3/crash`);
    expect(crashed.status).toBe(200);
    const refused = await request(`${url}${ADMIN_V1_PATHS.node}`);
    expect(refused).toEqual({ kind: 'error', code: 'ECONNREFUSED' });

    await cluster.advance(2000);
    expect((await post(`${cluster.control.url}/nodes/node-3/restore`)).status).toBe(200);
    expect(cluster.url('node-3')).toBe(url);
    const after = nodeReportWireSchema.parse((await getJson(`${url}${ADMIN_V1_PATHS.report}`)).json);
    expect(after.logs!.epoch).not.toBe(before.logs!.epoch);
    expect(after.logs!.entries[0].cursor).toBe(1);
    expect(Date.parse(after.node.startedAt)).toBeGreaterThan(Date.parse(before.node.startedAt));
  });

  it('keeps crash and restore in the order they were asked for, however fast', async () => {
    const { runtime } = cluster;
    const url = cluster.url('node-5');
    await Promise.all([runtime.crash('node-5'), runtime.restore('node-5'), runtime.crash('node-5')]);
    expect(await request(`${url}${ADMIN_V1_PATHS.node}`)).toEqual({ kind: 'error', code: 'ECONNREFUSED' });
    await Promise.all([runtime.restore('node-5'), runtime.crash('node-5'), runtime.restore('node-5')]);
    expect(await request(`${url}${ADMIN_V1_PATHS.node}`)).toMatchObject({ kind: 'answer', status: 200 });
    expect(cluster.url('node-5')).toBe(url);
  });

  it('crash cuts open keep-alive connections', async () => {
    const url = cluster.url('node-6');
    const pending = request(`${url}${ADMIN_V1_PATHS.node}`, { timeoutMs: 5000 });
    await post(`${cluster.control.url}/nodes/node-6/hang`);
    const hung = request(`${url}${ADMIN_V1_PATHS.node}`, { timeoutMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await post(`${cluster.control.url}/nodes/node-6/crash`);
    expect((await pending).kind).toBe('answer');
    expect(await hung).toMatchObject({ kind: 'error' });
    await post(`${cluster.control.url}/nodes/node-6/restore`);
    expect((await request(`${url}${ADMIN_V1_PATHS.node}`)).kind).toBe('answer');
  });

  it('hang accepts but never answers; clear brings answers back', async () => {
    await post(`${cluster.control.url}/nodes/node-2/hang`);
    const hung = await request(`${cluster.url('node-2')}${ADMIN_V1_PATHS.node}`, { timeoutMs: 400 });
    expect(hung).toEqual({ kind: 'timeout' });
    await post(`${cluster.control.url}/nodes/node-2/clear`);
    const answered = await request(`${cluster.url('node-2')}${ADMIN_V1_PATHS.node}`);
    expect(answered).toMatchObject({ kind: 'answer', status: 200 });
  });

  it('slow answers only after the delay', async () => {
    await post(`${cluster.control.url}/nodes/node-5/slow?ms=300`);
    const started = Date.now();
    const answer = await request(`${cluster.url('node-5')}${ADMIN_V1_PATHS.node}`, { timeoutMs: 3000 });
    expect(answer).toMatchObject({ kind: 'answer', status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    const tooSlow = await request(`${cluster.url('node-5')}${ADMIN_V1_PATHS.node}`, { timeoutMs: 100 });
    expect(tooSlow).toEqual({ kind: 'timeout' });
    await post(`${cluster.control.url}/nodes/node-5/clear`);
  });

  it('garbage answers 200 with a body that is not JSON', async () => {
    await post(`${cluster.control.url}/nodes/node-1/garbage`);
    const answer = await request(`${cluster.url('node-1')}${ADMIN_V1_PATHS.report}`);
    expect(answer).toMatchObject({ kind: 'answer', status: 200 });
    if (answer.kind === 'answer') expect(() => JSON.parse(answer.body)).toThrow();
    await post(`${cluster.control.url}/nodes/node-1/clear`);
  });

  it('invalid answers 200 JSON that fails the schema of every endpoint', async () => {
    await post(`${cluster.control.url}/nodes/node-1/invalid`);
    for (const path of Object.values(ADMIN_V1_PATHS)) {
      const answer = await request(`${cluster.url('node-1')}${path}`);
      expect(answer).toMatchObject({ kind: 'answer', status: 200 });
      if (answer.kind === 'answer') expect(nodeReportWireSchema.safeParse(JSON.parse(answer.body)).success).toBe(false);
    }
    await post(`${cluster.control.url}/nodes/node-1/clear`);
  });

  it('oversize streams a valid JSON body of about 8 MB', async () => {
    await post(`${cluster.control.url}/nodes/client-1/oversize`);
    const whole = await request(`${cluster.url('client-1')}${ADMIN_V1_PATHS.report}`, { timeoutMs: 10_000 });
    expect(whole.kind).toBe('answer');
    if (whole.kind === 'answer') {
      expect(whole.body.length).toBeGreaterThanOrEqual(OVERSIZE_BYTES);
      expect(JSON.parse(whole.body)).toMatchObject({ node: { id: 'client-1' } });
    }
    // A reader that gives up early (a size cap) does not upset the node.
    const capped = await request(`${cluster.url('client-1')}${ADMIN_V1_PATHS.report}`, { maxBytes: 100_000 });
    expect(capped).toMatchObject({ kind: 'answer', body: '<more than 100000 bytes>' });
    await post(`${cluster.control.url}/nodes/client-1/clear`);
    expect(await request(`${cluster.url('client-1')}${ADMIN_V1_PATHS.node}`)).toMatchObject({ kind: 'answer', status: 200 });
  });

  it('restore also clears faults on a node that is up', async () => {
    await post(`${cluster.control.url}/nodes/node-4/garbage`);
    await post(`${cluster.control.url}/nodes/node-4/restore`);
    const answer = await request(`${cluster.url('node-4')}${ADMIN_V1_PATHS.node}`);
    expect(answer).toMatchObject({ kind: 'answer', status: 200 });
    if (answer.kind === 'answer') expect(JSON.parse(answer.body)).toMatchObject({ id: 'node-4' });
  });
});

describe('report parameters', () => {
  it('rejects malformed report log parameters by name', async () => {
    const bad = await getJson(`${cluster.url('node-1')}${ADMIN_V1_PATHS.report}?logsAfter=x`);
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining('logsAfter') } });
    expect((await getJson(`${cluster.url('node-1')}${ADMIN_V1_PATHS.report}?logsLimit=0`)).status).toBe(400);
  });
});
