import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { Finding } from '@/lib/contract/findings';
import type { SyncView } from '@/lib/diagnostics/sync-view';

/**
 * The sync view against the demo cluster: each incident scenario raises the
 * right finding and shows on /sync, stopping it resolves the finding, and a
 * healthy cluster raises none.
 */

const POLL_MS = 2000;
/** The full-sync scenario needs 5 failed attempts 3 s apart before it gives up; then two polls. */
const SCENARIO_SETTLE_MS = 5 * 3000 + 2 * POLL_MS + 5000;
const FULL_SYNC_LINK = 'node-2->node-5';
const REGISTRATION_LINK = 'node-3->node-6';

const controlUrl = () => {
  const url = process.env.DEMO_CONTROL_URL;
  if (!url) throw new Error('DEMO_CONTROL_URL is not set (playwright.config.ts sets it)');
  return url;
};

async function control(request: APIRequestContext, path: string): Promise<void> {
  const response = await request.post(`${controlUrl()}${path}`);
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
}

async function syncFindings(request: APIRequestContext, status: 'active' | 'resolved'): Promise<Finding[]> {
  const response = await request.get(`/api/clusters/incidents/findings?status=${status}`);
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as { findings: Finding[] };
  return body.findings.filter((finding) => finding.kind.startsWith('sync.'));
}

async function findActive(request: APIRequestContext, kind: Finding['kind'], linkId: string): Promise<Finding | undefined> {
  return (await syncFindings(request, 'active')).find((finding) => finding.kind === kind && finding.subject.id === linkId);
}

function linkRow(page: Page, linkId: string) {
  return page.locator(`tr[data-link="${linkId}"]`);
}

async function waitForFirstCycle(request: APIRequestContext) {
  await expect.poll(async () => (await request.get('/api/ready')).status(), { timeout: 30_000 }).toBe(200);
}

const started: string[] = [];

test.afterEach(async ({ request }) => {
  while (started.length > 0) await control(request, `/scenarios/${started.pop()}/stop`);
});

async function startScenario(request: APIRequestContext, name: string, mode?: string) {
  await control(request, `/scenarios/${name}/start${mode ? `?mode=${mode}` : ''}`);
  started.push(name);
}

async function stopScenario(request: APIRequestContext, name: string) {
  await control(request, `/scenarios/${name}/stop`);
  started.splice(started.indexOf(name), 1);
}

async function expectResolved(request: APIRequestContext, finding: Finding) {
  await expect
    .poll(async () => (await syncFindings(request, 'resolved')).some((resolved) => resolved.id === finding.id), {
      timeout: 3 * POLL_MS + 5000,
    })
    .toBe(true);
  expect((await syncFindings(request, 'active')).map((active) => active.id)).not.toContain(finding.id);
}

test('a healthy demo cluster raises no sync finding and every link shows in sync', async ({ page, request }) => {
  test.setTimeout(150_000);
  await waitForFirstCycle(request);
  const raised: string[] = [];
  const cycles = new Set<number>();
  const resolvedBefore = new Set((await syncFindings(request, 'resolved')).map((finding) => finding.id + finding.firstSeen));
  // Watch a minute of poll cycles; every check must find no sync finding.
  await expect
    .poll(
      async () => {
        for (const finding of await syncFindings(request, 'active')) raised.push(finding.summary);
        const view = (await (await request.get('/api/clusters/incidents/sync')).json()) as SyncView;
        if (view.dataAt !== null) cycles.add(view.dataAt);
        return cycles.size;
      },
      { timeout: 80_000, intervals: [POLL_MS] },
    )
    .toBeGreaterThanOrEqual(30);
  expect(raised).toEqual([]);
  // Nothing came and went between two checks either.
  const resolvedSince = (await syncFindings(request, 'resolved')).filter((finding) => !resolvedBefore.has(finding.id + finding.firstSeen));
  expect(resolvedSince.map((finding) => finding.summary)).toEqual([]);

  await page.goto('/clusters/incidents/sync');
  for (const id of ['node-1->node-4', FULL_SYNC_LINK, REGISTRATION_LINK]) {
    const row = linkRow(page, id);
    await expect(row.getByText(/link state: in sync/)).toBeVisible();
    await expect(row.getByText('no finding')).toBeVisible();
  }
  await expect(page.getByText(/analysed/)).toBeVisible();
});

test('full sync retries exhausted (reported): sync.error with 5/5 and its cause; stopping resolves it', async ({ page, request }) => {
  await waitForFirstCycle(request);
  await startScenario(request, 'full-sync-retries-exhausted', 'reported');
  await expect
    .poll(async () => (await findActive(request, 'sync.error', FULL_SYNC_LINK))?.evidence, { timeout: SCENARIO_SETTLE_MS })
    .toMatchObject({ attempts: '5/5', retriesExhausted: true, lastError: { code: 'COPY_REMOTE_META_FAILED' } });
  const finding = (await findActive(request, 'sync.error', FULL_SYNC_LINK))!;
  expect(finding.subject.node).toBe('node-5');
  expect(finding.summary).toContain('CopyRemoteMeta failed');

  await page.goto(`/clusters/incidents/sync?link=${encodeURIComponent(FULL_SYNC_LINK)}`);
  const row = linkRow(page, FULL_SYNC_LINK);
  await expect(row.getByText(/link state: error/)).toBeVisible();
  await expect(row.getByText('retries exhausted', { exact: true })).toBeVisible();
  await expect(row.getByRole('cell', { name: /^5\/5/ })).toBeVisible();
  await expect(row.getByText(/CopyRemoteMeta failed/).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: `Lag and offsets: ${FULL_SYNC_LINK}` })).toBeVisible();

  await stopScenario(request, 'full-sync-retries-exhausted');
  await expectResolved(request, finding);
  await expect(row.getByText(/link state: in sync/)).toBeVisible({ timeout: 3 * POLL_MS + 5000 });
});

test('full sync masked as in_sync: sync.stalled with the contradiction in words; stopping resolves it', async ({ page, request }) => {
  await waitForFirstCycle(request);
  await startScenario(request, 'full-sync-retries-exhausted', 'masked');
  await expect
    .poll(async () => (await findActive(request, 'sync.stalled', FULL_SYNC_LINK))?.subject.node, { timeout: SCENARIO_SETTLE_MS })
    .toBe('node-5');
  const finding = (await findActive(request, 'sync.stalled', FULL_SYNC_LINK))!;
  expect(finding.evidence.contradiction).toMatch(/^reports in_sync, but offset unchanged for \d+ s while primary advanced [\d.]+ [KM]?B/);

  await page.goto('/clusters/incidents/sync');
  const row = linkRow(page, FULL_SYNC_LINK);
  // The node's claim is shown as it is — and flagged as contradicted next to it.
  await expect(row.getByText(/link state: in sync/)).toBeVisible();
  await expect(row.getByRole('note', { name: `Contradiction on ${FULL_SYNC_LINK}` })).toContainText(
    /Contradicted: reports in_sync, but offset unchanged for \d+ s while primary advanced/,
  );

  await stopScenario(request, 'full-sync-retries-exhausted');
  await expectResolved(request, finding);
  await expect(row.getByRole('note')).toHaveCount(0, { timeout: 3 * POLL_MS + 5000 });
});

test('registration loop: sync.registration_loop with count, period and message; stopping resolves it', async ({ page, request }) => {
  await waitForFirstCycle(request);
  await startScenario(request, 'registration-loop');
  await expect
    .poll(async () => (await findActive(request, 'sync.registration_loop', REGISTRATION_LINK))?.evidence.count ?? 0, {
      timeout: 3 * 3000 + 2 * POLL_MS + 5000,
    })
    .toBeGreaterThanOrEqual(3);
  const finding = (await findActive(request, 'sync.registration_loop', REGISTRATION_LINK))!;
  expect(finding).toMatchObject({ class: 'persistent', subject: { node: 'node-6' }, evidence: { message: 'slave already exists' } });
  expect(finding.evidence.periodMs).toBeGreaterThan(2000);
  expect(finding.evidence.periodMs).toBeLessThan(4000);

  await page.goto('/clusters/incidents/sync');
  const row = linkRow(page, REGISTRATION_LINK);
  await expect(row.getByText('sync.registration_loop')).toBeVisible();
  await expect(row.getByText('slave already exists').first()).toBeVisible();
  await expect(row.getByText('rejected', { exact: false }).first()).toBeVisible();

  await stopScenario(request, 'registration-loop');
  await expectResolved(request, finding);
  await expect(row.getByText('sync.registration_loop')).toHaveCount(0, { timeout: 3 * POLL_MS + 5000 });
});

test('a replica answering garbage under a primary that says in sync: no finding, and its side said to be not known', async ({ page, request }) => {
  await waitForFirstCycle(request);
  await control(request, '/nodes/node-4/garbage');
  try {
    await page.goto('/clusters/incidents/sync');
    const row = linkRow(page, 'node-1->node-4');
    await expect(row.getByText('replica node-4: not answering (bad_response)')).toBeVisible({ timeout: 3 * POLL_MS + 5000 });
    await expect(row.getByText('no finding')).toBeVisible();
    await expect(row.getByText("replica node-4's side not known")).toBeVisible();
  } finally {
    await control(request, '/nodes/node-4/restore');
  }
});

test('GET /api/sync rejects unknown parameters and unknown primaries', async ({ request }) => {
  const unknownParam = await request.get('/api/clusters/incidents/sync?node=node-1');
  expect(unknownParam.status()).toBe(400);
  expect(await unknownParam.json()).toMatchObject({ error: { code: 'bad_request' } });
  expect((await request.get('/api/clusters/incidents/sync?primary=no-such-node')).status()).toBe(404);
  const view = (await (await request.get(`/api/clusters/incidents/sync?primary=node-2&link=${encodeURIComponent(FULL_SYNC_LINK)}`)).json()) as SyncView;
  expect(view.groups.map((group) => group.primary)).toEqual(['node-2']);
  expect(view.selected?.id).toBe(FULL_SYNC_LINK);
});
