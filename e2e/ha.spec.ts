import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { ClusterView } from '@/lib/contract/api';
import { startPrivatePostgres, type PrivatePostgres } from '@/lib/store/persistence/testing/private-postgres';
import { waitForHealth } from './support/spawn-dashboard';
import {
  activeKeys,
  collectors,
  electionSnapshot,
  findingsOf,
  isRunning,
  longestCycleSilence,
  metricValue,
  mine,
  queryStore,
  replicasView,
  startDemoNodes,
  startReplica,
  type DemoNodes,
  type Replica,
} from './support/ha-replicas';

/**
 * High availability with real processes (docs/high-availability.md): the demo
 * nodes run alone (scripts/demo-nodes.ts), three production dashboards watch
 * them through one private PostgreSQL, each cluster collected by one replica.
 * Then the collector is SIGKILLed, SIGSTOPped past its session timeout, and
 * PostgreSQL is restarted under load.
 *
 * Ports: the e2e port + 70…74 (replicas +70…+72, the replacement replica +73,
 * the demo control API +74); other specs use +1, +10, +20/21, +30, +40, +60…63
 * and +80…89. PostgreSQL picks its own in 15432–15931.
 */
const BASE = Number(new URL(process.env.DASHBOARD_URL ?? 'http://127.0.0.1:3100').port);
const REPLICA_PORTS = [BASE + 70, BASE + 71, BASE + 72];
const REPLACEMENT_PORT = BASE + 73;
const CONTROL_PORT = BASE + 74;

const POLL_MS = 2000;
const LOCK_RETRY_MS = 1000;
const SESSION_TIMEOUT_MS = 3000;
const CLUSTERS = ['incidents', 'steady'] as const;
/** The bound: another replica collects within two poll intervals of the collector's death. */
const TAKEOVER_BOUND_MS = 2 * POLL_MS;

test.describe.configure({ mode: 'serial' });
test.setTimeout(60_000);

/** Made in beforeAll: the runner also loads this file to list the tests, and must leave nothing behind. */
let configDir = '';
let postgres: PrivatePostgres | null = null;
let databaseUrl = '';
let nodes: DemoNodes | null = null;
const replicas: Replica[] = [];
/** The replica the SIGKILL case ends; every other one must still run at the end. */
let killedOnPurpose = '';

const live = () => replicas.filter(isRunning);
const byId = (id: string) => replicas.find((replica) => replica.id === id)!;

async function control(route: string): Promise<void> {
  const response = await fetch(`${nodes!.controlUrl}${route}`, { method: 'POST' });
  expect(response.ok, `POST ${route} answered ${response.status}`).toBe(true);
}

/** Every running replica names the same collector (and term) for every cluster, and exactly one of them says it is its own. */
async function agreedCollectors(among: Replica[]): Promise<Record<string, string> | string> {
  const views = await Promise.all(among.map((replica) => collectors(replica)));
  if (views.some((view) => view === null)) return 'a replica did not answer /api/replicas';
  const first = views[0]!;
  if (views.some((view) => JSON.stringify(view) !== JSON.stringify(first))) return `replicas disagree: ${JSON.stringify(views)}`;
  if (CLUSTERS.some((cluster) => !first[cluster])) return `a cluster has no collector: ${JSON.stringify(first)}`;
  const owned = await Promise.all(among.map((replica) => mine(replica)));
  for (const cluster of CLUSTERS) {
    const owners = among.filter((_, index) => owned[index]?.includes(cluster)).map((replica) => replica.id);
    if (owners.length !== 1) return `${cluster} is collected by ${owners.length} replicas (${owners.join(', ')})`;
    if (!first[cluster]!.startsWith(`${owners[0]}@`)) return `${cluster}: the collector named (${first[cluster]}) is not the one collecting (${owners[0]})`;
  }
  return first as Record<string, string>;
}

/**
 * Waits until every replica names one agreed collector per cluster; resolves to
 * that answer (asking again could catch the next move). With `spread`, also
 * until no replica holds two clusters (fair share: a replica up, or back, first
 * may take both for a few rounds and then gives one back).
 */
async function waitForAgreedCollectors(among: Replica[], timeout: number, { spread = false } = {}): Promise<Record<string, string>> {
  const last = { agreed: {} as Record<string, string> };
  await expect
    .poll(
      async () => {
        const now = await agreedCollectors(among);
        if (typeof now === 'string') return now;
        last.agreed = now;
        const holders = new Set(CLUSTERS.map((cluster) => holderOf(now[cluster]))).size;
        return spread && holders !== CLUSTERS.length ? `${CLUSTERS.length} clusters held by ${holders} replica(s)` : 'agreed';
      },
      { timeout, message: spread ? 'the clusters spread over the replicas' : 'one agreed collector per cluster' },
    )
    .toBe('agreed');
  return last.agreed;
}

/** Every running replica answers the same active findings (same ids, same first-seen) for the cluster; resolves to them. */
async function waitForSameFindings(cluster: string, among: Replica[], timeout: number, mustInclude: string[] = []): Promise<string[]> {
  const sameOnAll = async () => {
    const answers = await Promise.all(among.map((replica) => activeKeys(replica, cluster)));
    if (answers.some((answer) => answer === null)) return 'a replica did not answer';
    const first = JSON.stringify(answers[0]);
    if (answers.some((answer) => JSON.stringify(answer) !== first)) return `replicas disagree: ${answers.map((answer) => JSON.stringify(answer)).join(' | ')}`;
    const missing = mustInclude.filter((id) => !answers[0]!.some((key) => key.startsWith(`${id}@`)));
    return missing.length > 0 ? `missing ${missing.join(', ')}` : 'same';
  };
  await expect.poll(sameOnAll, { timeout, message: `every replica answers the same active findings of ${cluster}` }).toBe('same');
  return (await activeKeys(among[0], cluster))!;
}

const holderOf = (collector: string) => collector.slice(0, collector.lastIndexOf('@'));
const termOf = (collector: string) => Number(collector.slice(collector.lastIndexOf('@') + 1));

test.beforeAll(async () => {
  test.setTimeout(120_000);
  configDir = mkdtempSync(path.join(tmpdir(), 'clusterscope-e2e-ha-'));
  postgres = await startPrivatePostgres();
  databaseUrl = (await postgres.createDatabase()).url;
  nodes = await startDemoNodes([
    '--config',
    path.join(configDir, 'demo-nodes.yaml'),
    '--clusters',
    CLUSTERS.join(','),
    '--autopilot',
    'off',
    '--control-port',
    String(CONTROL_PORT),
    '--poll-interval',
    `${POLL_MS}ms`,
    '--request-timeout',
    '1000ms',
    '--ha',
    '--lock-retry',
    `${LOCK_RETRY_MS}ms`,
    '--session-timeout',
    `${SESSION_TIMEOUT_MS}ms`,
  ]);
  for (const [index, port] of REPLICA_PORTS.entries()) replicas.push(startReplica(`web-${index + 1}`, port, nodes.config, databaseUrl));
  await Promise.all(replicas.map((replica) => waitForStarted(replica)));
});

/** Waits for a replica's health; a replica that does not start fails with its own output. */
async function waitForStarted(replica: Replica): Promise<void> {
  try {
    await waitForHealth(replica.url, 60_000);
  } catch (error) {
    throw new Error(`${replica.id} did not start (exit ${replica.process.exitCode ?? replica.process.signalCode ?? 'none'}): ${replica.output().slice(-3000)}`, { cause: error });
  }
}

/** Lines of each replica's output a failure report prints: enough to span the failed case's waits. */
const REPORTED_LINES = 150;

// A failed case prints what the replicas said and how the store saw the election, so CI output explains it.
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  const report = [await electionSnapshot(databaseUrl)];
  for (const replica of replicas) {
    const state = isRunning(replica) ? 'running' : `exited (${replica.process.exitCode ?? replica.process.signalCode})`;
    report.push(`--- ${replica.id} (${state}), last ${REPORTED_LINES} lines:`, ...replica.stampedLines().slice(-REPORTED_LINES));
  }
  const text = report.join('\n');
  console.log(text);
  await testInfo.attach('replicas and election', { body: text, contentType: 'text/plain' });
});

test.afterAll(async () => {
  // A replica left stopped by a failed case would never see SIGTERM.
  for (const replica of replicas) if (isRunning(replica)) replica.process.kill('SIGCONT');
  await Promise.all(replicas.map((replica) => replica.stop()));
  await nodes?.stop();
  await postgres?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

test('three replicas on one PostgreSQL: each cluster collected by exactly one, all answer the same findings', async ({ page }) => {
  // Standbys serve: every replica is ready once it has read the store.
  for (const replica of replicas) {
    await expect.poll(async () => (await fetch(`${replica.url}/api/ready`)).status, { timeout: 30_000, message: `${replica.id} /api/ready` }).toBe(200);
  }
  const agreed = await waitForAgreedCollectors(replicas, 30_000, { spread: true });
  // Fair share: two clusters over three replicas, so no replica holds both.
  expect(new Set(CLUSTERS.map((cluster) => holderOf(agreed[cluster]))).size).toBe(2);
  const view = (await replicasView(replicas[0]))!;
  expect(view.enabled).toBe(true);
  expect(view.store).toEqual({ state: 'ok', since: null });
  expect(view.replicas.map((one) => one.id).sort()).toEqual(['web-1', 'web-2', 'web-3']);

  // /metrics: 1 on the collector, 0 on the others; the term as elected. A standby learns the term
  // from its next read of the leases (every lockRetry), so both are awaited, bounded.
  for (const cluster of CLUSTERS) {
    await expect
      .poll(() => Promise.all(replicas.map((replica) => metricValue(replica, 'clusterscope_collecting', { cluster, replica: replica.id }))), {
        timeout: 5000,
        message: `clusterscope_collecting{cluster="${cluster}"} on web-1..3`,
      })
      .toEqual(replicas.map((replica) => (replica.id === holderOf(agreed[cluster]) ? 1 : 0)));
    await expect.poll(() => metricValue(replicas[0], 'clusterscope_collector_term', { cluster }), { timeout: 5000 }).toBe(termOf(agreed[cluster]));
  }

  // Trouble in both clusters, seen by whichever replica collects it and followed by the others.
  await control('/clusters/incidents/nodes/node-3/crash');
  await control('/clusters/steady/nodes/node-5/garbage');
  await waitForSameFindings('incidents', replicas, 30_000, ['node.unreachable:node::node-3']);
  await waitForSameFindings('steady', replicas, 30_000, ['node.bad_response:node::node-5']);

  // The status page on a standby names the collectors.
  const standby = replicas.find((replica) => !CLUSTERS.some((cluster) => holderOf(agreed[cluster]) === replica.id))!;
  await page.goto(`${standby.url}/replicas`);
  const table = page.getByRole('table', { name: 'Collector of each cluster' });
  for (const cluster of CLUSTERS) await expect(table.getByRole('row', { name: new RegExp(`^${cluster} ${holderOf(agreed[cluster])} `) })).toBeVisible();
});

test('SIGKILL the collector: another takes over within two intervals, findings continue, the move is a finding', async ({ page }) => {
  const cluster = 'incidents';
  const before = await waitForAgreedCollectors(replicas, 15_000);
  const victim = byId(holderOf(before[cluster]));
  const survivors = replicas.filter((replica) => replica !== victim);
  const findingsBefore = (await findingsOf(survivors[0], cluster, 'active'))!;
  expect(findingsBefore.map((finding) => finding.id)).toContain('node.unreachable:node::node-3');

  const killedAt = Date.now();
  victim.process.kill('SIGKILL');
  killedOnPurpose = victim.id;
  const taken = async () => {
    const view = await replicasView(survivors[0]);
    const entry = view?.clusters.find((one) => one.cluster === cluster);
    const collector = entry?.collector;
    return collector && collector.replica !== victim.id && collector.term > termOf(before[cluster]) && (entry.lastCycleAt ?? 0) > killedAt ? entry : null;
  };
  await expect.poll(async () => (await taken()) !== null, { timeout: 20_000, message: `another replica collects ${cluster}` }).toBe(true);
  const entry = (await taken())!;
  const acquiredAfter = entry.collector!.since - killedAt;
  const firstCycleAfter = entry.lastCycleAt! - killedAt;
  console.log(`[ha] SIGKILL takeover of ${cluster}: lock acquired ${acquiredAfter} ms after the kill, first cycle at ${firstCycleAfter} ms (interval ${POLL_MS} ms)`);
  expect(acquiredAfter).toBeLessThanOrEqual(TAKEOVER_BOUND_MS);
  // The new collector's first cycle is written within two intervals (plus one cycle's run).
  expect(firstCycleAfter).toBeLessThanOrEqual(TAKEOVER_BOUND_MS + POLL_MS);
  const agreed = await waitForAgreedCollectors(survivors, 15_000);
  const successor = byId(holderOf(agreed[cluster]));

  // The move is a finding (transient: it resolves after a few intervals), on the home page of every replica.
  await expect
    .poll(async () => (await findingsOf(successor, cluster, 'active'))?.find((finding) => finding.kind === 'dashboard.collector_moved')?.evidence, { timeout: 10_000 })
    .toMatchObject({ from: victim.id, to: successor.id, term: termOf(agreed[cluster]) });
  for (const replica of survivors) {
    await page.goto(replica.url);
    const row = page.getByRole('table', { name: 'Clusters' }).getByRole('row', { name: `cluster ${cluster}` });
    await expect(row.getByRole('listitem', { name: /^dashboard\.collector_moved / })).toBeVisible({ timeout: 5_000 });
  }

  // Same findings, same ids and first-seen: none duplicated, none resolved by the takeover.
  const after = await waitForSameFindings(cluster, survivors, 15_000);
  for (const finding of findingsBefore) expect(after, `${finding.id} continues`).toContain(`${finding.id}@${finding.firstSeen}`);
  const all = (await findingsOf(successor, cluster, 'all'))!;
  const activeIds = all.filter((finding) => finding.status === 'active').map((finding) => finding.id);
  expect(new Set(activeIds).size).toBe(activeIds.length);
  const resolvedByTakeover = all.filter((finding) => finding.status === 'resolved' && (finding.resolvedAt ?? 0) >= killedAt && findingsBefore.some((one) => one.id === finding.id));
  expect(resolvedByTakeover).toEqual([]);

  // The node's status history shows at most the gap the cluster really had.
  const settledAt = Date.now() + 2 * POLL_MS;
  await expect.poll(() => Date.now() >= settledAt, { timeout: 3 * POLL_MS }).toBe(true);
  const realSilence = await longestCycleSilence(databaseUrl, cluster, killedAt - 5 * POLL_MS, Date.now());
  const detail = (await (await fetch(`${successor.url}/api/clusters/${cluster}/nodes/node-1`)).json()) as { samples: { at: number }[]; gaps?: { from: number; to: number }[] };
  const around = detail.samples.map((sample) => sample.at).filter((at) => at >= killedAt - 3 * POLL_MS);
  const sampleGaps = around.slice(1).map((at, index) => at - around[index]);
  console.log(`[ha] real silence of ${cluster} around the kill: ${Math.round(realSilence)} ms; longest gap between node-1 samples: ${Math.max(0, ...sampleGaps)} ms`);
  expect(around.length).toBeGreaterThan(3);
  // Samples are stamped when each node answered, cycles when they start: one interval of slack.
  expect(Math.max(0, ...sampleGaps)).toBeLessThanOrEqual(realSilence + POLL_MS + POLL_MS);
  for (const gap of detail.gaps ?? []) if (gap.to >= killedAt - POLL_MS) expect(gap.to - gap.from).toBeLessThanOrEqual(realSilence);
  if (realSilence <= 3 * POLL_MS) {
    await page.goto(`${successor.url}/clusters/${cluster}/nodes/node-1`);
    await expect(page.getByRole('heading', { name: /node-1/ }).first()).toBeVisible();
    await expect(page.getByRole('note').filter({ hasText: /Clusterscope was not polling/ })).toHaveCount(0);
  }

  // A replacement joins: three replicas again, one collector per cluster.
  replicas.push(startReplica('web-4', REPLACEMENT_PORT, nodes!.config, databaseUrl));
  await waitForStarted(byId('web-4'));
  await waitForAgreedCollectors(live(), 30_000);
});

test('SIGSTOP the collector past its session timeout: another takes over, the woken one is fenced and stands by', async () => {
  const cluster = 'steady';
  const before = await waitForAgreedCollectors(live(), 15_000);
  const victim = byId(holderOf(before[cluster]));
  const others = live().filter((replica) => replica !== victim);

  victim.process.kill('SIGSTOP');
  const stoppedAt = Date.now();
  await expect
    .poll(async () => (await collectors(others[0]))?.[cluster] ?? '', { timeout: SESSION_TIMEOUT_MS + 6 * LOCK_RETRY_MS + 10_000, message: `another replica collects ${cluster}` })
    .not.toMatch(new RegExp(`^${victim.id}@`));
  const agreed = await waitForAgreedCollectors(others, 15_000);
  const successor = byId(holderOf(agreed[cluster]));
  const newTerm = termOf(agreed[cluster]);
  expect(newTerm).toBeGreaterThan(termOf(before[cluster]));
  console.log(`[ha] SIGSTOP takeover of ${cluster}: ${Date.now() - stoppedAt} ms after the stop (session timeout ${SESSION_TIMEOUT_MS} ms)`);
  // The new collector's cycles are in the store under its term.
  await expect
    .poll(async () => (await queryStore<{ term: string }>(databaseUrl, 'SELECT term FROM live_cycles WHERE cluster = $1', [cluster]))[0]?.term, { timeout: 10_000 })
    .toBe(String(newTerm));

  // Wake the old collector: its timers fire at once and it tries to write what it had.
  const continuedAt = Date.now();
  victim.process.kill('SIGCONT');
  const seen: { term: string; seq: string; holder: string; leaseTerm: string }[] = [];
  const watchUntil = Date.now() + 3 * POLL_MS;
  await expect
    .poll(
      async () => {
        const [cycle] = await queryStore<{ term: string; seq: string }>(databaseUrl, 'SELECT term, seq FROM live_cycles WHERE cluster = $1', [cluster]);
        const [lease] = await queryStore<{ holder: string; term: string }>(databaseUrl, 'SELECT holder, term FROM collector_leases WHERE cluster = $1', [cluster]);
        seen.push({ term: cycle.term, seq: cycle.seq, holder: lease.holder, leaseTerm: lease.term });
        return Date.now() >= watchUntil;
      },
      { timeout: 5 * POLL_MS, intervals: [200] },
    )
    .toBe(true);
  // Fencing: the store only ever held the new leader's cycles, in order.
  expect(seen.every((one) => one.term === String(newTerm) && one.leaseTerm === String(newTerm) && one.holder === successor.id)).toBe(true);
  expect(seen.map((one) => Number(one.seq))).toEqual(seen.map((one) => Number(one.seq)).sort((a, b) => a - b));
  // One writer: no two cycles closer than half an interval after the wake-up.
  const cycles = await queryStore<{ started_at: string }>(databaseUrl, 'SELECT started_at FROM cycles WHERE cluster = $1 AND started_at >= $2 ORDER BY started_at', [cluster, continuedAt - POLL_MS]);
  const starts = cycles.map((row) => Number(row.started_at));
  expect(starts.length).toBeGreaterThan(1);
  expect(Math.min(...starts.slice(1).map((at, index) => at - starts[index]))).toBeGreaterThanOrEqual(POLL_MS / 2);
  // Log lines carry the term they were written under: the lines of the stop and after are all the new collector's.
  const linesByTerm = await queryStore<{ term: string | null; lines: string }>(databaseUrl, 'SELECT term, COUNT(*) AS lines FROM log_lines WHERE cluster = $1 AND ts > $2 GROUP BY term', [cluster, stoppedAt]);
  expect(linesByTerm.find((row) => row.term === String(newTerm))?.lines ?? '0', 'the new collector writes log lines under its term').not.toBe('0');
  expect(linesByTerm.filter((row) => row.term !== String(newTerm)), 'no line of the stop written under another term').toEqual([]);

  // The woken one noticed: it says it does not collect the cluster, and serves it as a standby.
  await expect.poll(async () => (await mine(victim)) ?? ['(no answer)'], { timeout: 15_000 }).not.toContain(cluster);
  await expect.poll(async () => (await collectors(victim))?.[cluster], { timeout: 15_000 }).toBe(agreed[cluster]);
  expect(await metricValue(victim, 'clusterscope_collecting', { cluster, replica: victim.id })).toBe(0);
  expect((await fetch(`${victim.url}/api/ready`)).status).toBe(200);
  // A standby writes no history: its cycle count stands still while the new collector's moves on.
  type StorageAnswer = { status: { cyclesWritten: number; cyclesFenced: number } };
  const storageOf = async (replica: Replica) => ((await (await fetch(`${replica.url}/api/storage`)).json()) as StorageAnswer).status;
  const woken = await storageOf(victim);
  const leaderBefore = (await storageOf(successor)).cyclesWritten;
  await expect.poll(async () => (await storageOf(successor)).cyclesWritten, { timeout: 4 * POLL_MS }).toBeGreaterThanOrEqual(leaderBefore + 2);
  expect((await storageOf(victim)).cyclesWritten).toBe(woken.cyclesWritten);
  console.log(`[ha] the woken collector had ${woken.cyclesFenced} cycle write(s) refused by fencing`);
  await waitForSameFindings(cluster, live(), 20_000, ['node.bad_response:node::node-5']);
  expect(isRunning(victim)).toBe(true);
});

test('PostgreSQL restarted under load: pages say their data is stale since when, replicas reconnect, one collector per cluster, no crash', async ({ page }) => {
  const cluster = 'incidents';
  const before = await waitForAgreedCollectors(live(), 20_000);
  const collector = byId(holderOf(before[cluster]));
  const standby = live().find((replica) => replica !== collector)!;

  // Load: every replica asked for the cluster and its findings all the time (bounded in count and time).
  const answered = new Map<string, number>();
  let loading = true;
  const load = (async () => {
    for (let round = 0; loading && round < 2000; round++) {
      await Promise.all(
        live().map(async (replica) => {
          for (const route of [`/api/clusters/${cluster}`, `/api/clusters/${cluster}/findings?status=active`]) {
            const response = await fetch(`${replica.url}${route}`, { signal: AbortSignal.timeout(5000) }).catch(() => null);
            if (response?.ok) answered.set(replica.id, (answered.get(replica.id) ?? 0) + 1);
          }
        }),
      );
    }
  })();

  const downAt = Date.now();
  postgres!.halt();
  answered.clear();
  try {
    await expect
      .poll(async () => (await replicasView(standby))?.store.state, { timeout: 15_000, message: `${standby.id} notices the store is away` })
      .toBe('unreachable');
    const since = (await replicasView(standby))!.store.since!;
    expect(since).toBeGreaterThanOrEqual(downAt - POLL_MS);
    expect(since).toBeLessThanOrEqual(Date.now());
    await page.goto(`${standby.url}/clusters/${cluster}`);
    await expect(page.getByText(/data from the shared store is stale since/i).first()).toBeVisible({ timeout: 10_000 });
    // The collector keeps collecting from memory meanwhile.
    await expect
      .poll(async () => ((await (await fetch(`${collector.url}/api/clusters/${cluster}`)).json()) as ClusterView).lastCycle?.startedAt ?? 0, { timeout: 3 * POLL_MS + 2000 })
      .toBeGreaterThan(downAt + POLL_MS);
    // Away longer than a session timeout, as a real restart can be.
    await expect.poll(() => Date.now() - downAt, { timeout: SESSION_TIMEOUT_MS + 5000 }).toBeGreaterThan(SESSION_TIMEOUT_MS + 1000);
  } finally {
    postgres!.start();
  }
  const upAt = Date.now();
  // Every replica kept answering while the store was away.
  for (const replica of live()) expect(answered.get(replica.id) ?? 0, `${replica.id} answered during the outage`).toBeGreaterThan(0);

  for (const replica of live()) await expect.poll(async () => (await replicasView(replica))?.store, { timeout: 30_000 }).toEqual({ state: 'ok', since: null });
  const agreed = await waitForAgreedCollectors(live(), 30_000);
  console.log(`[ha] PostgreSQL back: one collector per cluster again ${Date.now() - upAt} ms after the restart (${JSON.stringify(agreed)})`);
  // Fair share again (two clusters, three replicas).
  await waitForAgreedCollectors(live(), 6 * LOCK_RETRY_MS + 5000, { spread: true });
  await expect(page.getByText(/data from the shared store is stale since/i)).toHaveCount(0, { timeout: 10_000 });
  loading = false;
  await load;

  // Nothing crashed, and every replica answers the same findings again.
  expect(replicas.filter((replica) => !isRunning(replica)).map((replica) => replica.id)).toEqual([killedOnPurpose]);
  for (const replica of live()) expect(replica.output(), `${replica.id} output`).not.toMatch(/uncaught|unhandled/i);
  await waitForSameFindings(cluster, live(), 20_000, ['node.unreachable:node::node-3']);
});
