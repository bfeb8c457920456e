import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_V1_PATHS, logsDocSchema } from '@/lib/contract/admin-v1';
import { AUTOPILOT_CYCLE_MS } from './autopilot';
import { getJson, post, request, startTestCluster, type TestCluster } from './test-harness';
import { ALL_NODES } from './topology';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster();
});

afterAll(async () => {
  await cluster.close();
});

const control = (path: string) => `${cluster.control.url}${path}`;

describe('control API', () => {
  it('lists the targets in config order with their roles', async () => {
    const { status, json } = await getJson(control('/targets'));
    expect(status).toBe(200);
    const targets = json as { id: string; url: string; role: string }[];
    expect(targets.map((target) => target.id)).toEqual([...ALL_NODES]);
    expect(targets.map((target) => target.role)).toEqual(['primary', 'primary', 'primary', 'replica', 'replica', 'replica', 'client']);
    for (const target of targets) expect(target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('reports node faults and scenarios in /state', async () => {
    await post(control('/nodes/node-2/slow?ms=1500'));
    await post(control('/scenarios/registration-loop/start'));
    const state = (await getJson(control('/state'))).json as {
      autopilot: boolean;
      nodes: { id: string; fault: string; slowMs: number | null; up: boolean }[];
      scenarios: { name: string; running: boolean; mode: string | null }[];
    };
    expect(state.autopilot).toBe(false);
    expect(state.nodes.find((node) => node.id === 'node-2')).toMatchObject({ fault: 'slow', slowMs: 1500, up: true });
    expect(state.scenarios.find((scenario) => scenario.name === 'registration-loop')).toMatchObject({ running: true, mode: 'loop' });
    expect(state.scenarios.map((scenario) => scenario.name)).toEqual([
      'peer-recategorize-race',
      'full-sync-retries-exhausted',
      'registration-loop',
      'routing-init-race',
      'routing-stuck',
      'replica-crash',
    ]);
    await post(control('/reset'));
    const after = (await getJson(control('/state'))).json as typeof state;
    expect(after.nodes.every((node) => node.fault === 'none' && node.up)).toBe(true);
    expect(after.scenarios.every((scenario) => !scenario.running)).toBe(true);
  });

  it.each([
    ['POST', '/nodes/node-9/crash', 404, 'unknown_node'],
    ['POST', '/nodes/node-1/explode', 404, 'unknown_action'],
    ['GET', '/nodes/node-1/crash', 405, 'method_not_allowed'],
    ['POST', '/nodes/node-1/slow', 400, 'bad_request'],
    ['POST', '/nodes/node-1/slow?ms=abc', 400, 'bad_request'],
    ['POST', '/nodes/node-1/slow?ms=0', 400, 'bad_request'],
    ['POST', '/nodes/node-1/slow?ms=999999', 400, 'bad_request'],
    ['POST', '/scenarios/meteor-strike/start', 404, 'unknown_scenario'],
    ['POST', '/scenarios/replica-crash/start?mode=sideways', 400, 'unknown_mode'],
    ['POST', '/scenarios/replica-crash/pause', 404, 'unknown_action'],
    ['GET', '/scenarios/replica-crash/start', 405, 'method_not_allowed'],
    ['GET', '/nowhere', 404, 'not_found'],
    ['POST', '/targets', 405, 'method_not_allowed'],
  ])('%s %s → %i %s', async (method, path, status, code) => {
    const result = await request(control(path), { method });
    expect(result.kind).toBe('answer');
    if (result.kind !== 'answer') return;
    expect(result.status).toBe(status);
    expect(JSON.parse(result.body)).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('refuses what a web page can send: a cross-origin simple POST, a fetch marked cross-site, a rebound DNS name', async () => {
    const crash = control('/nodes/node-1/crash');
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example', 'content-type': 'text/plain' },
      { 'sec-fetch-site': 'cross-site' },
      { host: 'evil.example:80' },
    ];
    const statuses: unknown[] = [];
    for (const headers of attempts) {
      const result = await request(crash, { method: 'POST', body: '{}', headers });
      statuses.push(result.kind === 'answer' ? [result.status, (JSON.parse(result.body) as { error: { code: string } }).error.code] : result.kind);
    }
    expect(statuses).toEqual([
      [403, 'cross_origin'],
      [403, 'cross_origin'],
      [421, 'misdirected'],
    ]);
    const state = (await getJson(control('/state'))).json as { nodes: { id: string; up: boolean }[] };
    expect(state.nodes.find((node) => node.id === 'node-1')?.up).toBe(true);
  });

  it('rejects log lines that are not JSON or not a log line', async () => {
    const notJson = await request(control('/nodes/node-1/log'), { method: 'POST', body: '{nope' });
    expect(notJson).toMatchObject({ kind: 'answer', status: 400 });
    expect((await post(control('/nodes/node-1/log'), { level: 'fatal', message: 'x' })).status).toBe(400);
    expect((await post(control('/nodes/node-1/log'), { level: 'info' })).status).toBe(400);
    expect((await post(control('/nodes/node-1/log'), { level: 'info', message: 'x', extra: 1 })).status).toBe(400);
  });

  it('appends hostile text to a node log verbatim', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const reply = await post(control('/nodes/node-4/log'), { level: 'error', message: hostile, component: 'test', subject: '<b>x</b>' });
    expect(reply.status).toBe(200);
    const { cursor } = reply.json as { cursor: number };
    const logs = logsDocSchema.parse((await getJson(`${cluster.url('node-4')}${ADMIN_V1_PATHS.logs}?after=${cursor - 1}`)).json);
    expect(logs.entries[0]).toMatchObject({ cursor, level: 'error', message: hostile, component: 'test', subject: '<b>x</b>' });
  });

  it('refuses to log on a crashed node', async () => {
    await post(control('/nodes/node-4/crash'));
    const reply = await post(control('/nodes/node-4/log'), { level: 'info', message: 'x' });
    expect(reply.status).toBe(409);
    expect(reply.json).toMatchObject({ error: { code: 'node_down' } });
    await post(control('/nodes/node-4/restore'));
  });

  it('switches a running scenario to another mode and stops it', async () => {
    expect((await post(control('/scenarios/replica-crash/start?mode=fixed'))).json).toMatchObject({ scenario: { running: true, mode: 'fixed' } });
    expect((await post(control('/scenarios/replica-crash/start?mode=buggy'))).json).toMatchObject({ scenario: { running: true, mode: 'buggy' } });
    expect((await post(control('/scenarios/replica-crash/stop'))).json).toMatchObject({ scenario: { running: false, mode: null } });
    // Stopping what is not running is harmless.
    expect((await post(control('/scenarios/replica-crash/stop'))).status).toBe(200);
    expect(await request(`${cluster.url('node-2')}${ADMIN_V1_PATHS.node}`)).toMatchObject({ kind: 'answer', status: 200 });
    await post(control('/reset'));
  });
});

describe('autopilot', () => {
  it('has a live example for every view within a minute and repeats its cycle', async () => {
    const auto = await startTestCluster({ autopilot: true });
    try {
      await auto.advance(60_000, 500);
      const running = async () =>
        ((await getJson(`${auto.control.url}/scenarios`)).json as { name: string; running: boolean; mode: string | null }[])
          .filter((scenario) => scenario.running)
          .map((scenario) => `${scenario.name}:${scenario.mode}`);
      expect(await running()).toEqual(['peer-recategorize-race:race', 'registration-loop:loop', 'replica-crash:buggy']);
      const reports = await auto.everyEndpointParses();
      // The routing race ran once and converged; the masked full sync ran and stopped.
      expect(reports.get('node-1')!.routing!.version).toBeGreaterThanOrEqual(14);
      const node5 = reports.get('node-5')!;
      expect(node5.logs!.entries.some((entry) => entry.message.includes('status OK'))).toBe(true);
      expect(reports.has('node-2')).toBe(false);

      await auto.advance(AUTOPILOT_CYCLE_MS - 60_000 + 30_000, 1000);
      expect(await running()).toEqual(['peer-recategorize-race:race', 'full-sync-retries-exhausted:masked', 'registration-loop:loop']);
      await post(`${auto.control.url}/autopilot/stop`);
      expect(((await getJson(`${auto.control.url}/state`)).json as { autopilot: boolean }).autopilot).toBe(false);
      await auto.everyEndpointParses();
    } finally {
      await auto.close();
    }
  });
});
