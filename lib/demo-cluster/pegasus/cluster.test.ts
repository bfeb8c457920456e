import { afterEach, describe, expect, it } from 'vitest';
import { startControlServer, type ControlServer } from '../control-api';
import { getJson, post, request } from '../test-harness';
import { PegasusDemoCluster } from './cluster';

let cluster: PegasusDemoCluster | null = null;
let control: ControlServer | null = null;

afterEach(async () => {
  await control?.close();
  await cluster?.close();
  control = null;
  cluster = null;
});

async function start(): Promise<string> {
  cluster = new PegasusDemoCluster({ timing: { detectMs: 100, electMs: 100, refreshMs: 50, timeoutLogMs: 50 } });
  await cluster.start();
  control = await startControlServer(new Map([['pegasus', cluster]]), 0);
  return `${control.url}/clusters/pegasus`;
}

describe('the Pegasus demo cluster', () => {
  it('lists its servers as targets: meta and replica servers pinned one per target, clients on admin API v1', async () => {
    const base = await start();
    const { status, json } = await getJson(`${base}/targets`);
    expect(status).toBe(200);
    const targets = json as { id: string; kind: string; server?: { role: string } }[];
    expect(targets.map((target) => [target.id, target.kind, target.server?.role ?? null])).toEqual([
      ['meta-1', 'pegasus', 'meta'],
      ['meta-2', 'pegasus', 'meta'],
      ['meta-3', 'pegasus', 'meta'],
      ['replica-1', 'pegasus', 'replica'],
      ['replica-2', 'pegasus', 'replica'],
      ['replica-3', 'pegasus', 'replica'],
      ['replica-4', 'pegasus', 'replica'],
      ['go-client-1', 'native', null],
      ['go-client-2', 'native', null],
    ]);
  });

  it('moves the leader, runs the scenario to the refresh, and answers 404 for what it does not have', async () => {
    const base = await start();
    expect((await post(`${base}/leader/meta-3`)).json).toMatchObject({ leader: 'meta-3' });
    expect((await post(`${base}/leader/meta-9`)).status).toBe(404);
    expect((await post(`${base}/nodes/replica-9/crash`)).status).toBe(404);
    expect((await post(`${base}/scenarios/other/start`)).status).toBe(404);
    expect((await getJson(`${base}/reset`)).status).toBe(405);

    expect((await post(`${base}/scenarios/replica-crash/start`)).status).toBe(200);
    const state = async () => ((await getJson(`${base}/state`)).json as { scenario: { phase: string } | null; servers: { id: string; crashed: boolean; verdict: string | null }[] });
    await expect.poll(async () => (await state()).scenario?.phase, { timeout: 3_000, interval: 25 }).toBe('refreshed');
    expect((await state()).servers.find((server) => server.id === 'replica-2')).toMatchObject({ crashed: true, verdict: 'UNALIVE' });

    expect((await post(`${base}/scenarios/replica-crash/stop`)).status).toBe(200);
    expect((await state()).servers.find((server) => server.id === 'replica-2')).toMatchObject({ crashed: false, verdict: 'ALIVE' });
  });

  it('closes every server and timer', async () => {
    await start();
    const urls = cluster!.targets().flatMap((target) => (target.kind === 'native' ? [target.url] : [`http://${target.server!.address}`]));
    await cluster!.startScenario();
    await control!.close();
    await cluster!.close();
    control = null;
    cluster = null;
    for (const url of urls) expect(await request(`${url}/version`)).toEqual({ kind: 'error', code: 'ECONNREFUSED' });
  });
});
