import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { PeersDoc } from '@/lib/contract/admin-v1';
import type { Finding } from '@/lib/contract/findings';
import type { PeersResponse } from '@/lib/diagnostics/peers-view';
import { POLL_INTERVAL_MS } from '../playwright.config';

/**
 * The peers view against the demo cluster: the recategorisation race raises a
 * category gap naming node and peer, the fixed peer DB raises none, and the
 * counts on the page are what the nodes themselves answer.
 */

const SCENARIO = 'peer-recategorize-race';
/** The demo nodes whose peer DB races while the scenario runs. */
const RACING_NODES = ['node-1', 'node-2', 'node-3'];

function controlUrl(path: string): string {
  const base = process.env.DEMO_CONTROL_URL;
  if (!base) throw new Error('DEMO_CONTROL_URL is not set (playwright.config.ts sets it)');
  return `${base}${path}`;
}

async function control(request: APIRequestContext, path: string): Promise<void> {
  const response = await request.post(controlUrl(path));
  expect(response.status(), `control API ${path}`).toBe(200);
}

async function peersApi(request: APIRequestContext): Promise<PeersResponse> {
  const response = await request.get('/api/clusters/incidents/peers');
  expect(response.status()).toBe(200);
  return (await response.json()) as PeersResponse;
}

const gapFindingsSince = (findings: readonly Finding[], since: number) =>
  findings.filter((finding) => finding.kind === 'peer.category_gap' && finding.firstSeen >= since);

/** Wait until the collector has finished `polls` cycles that started after `since`. */
async function waitForPolls(request: APIRequestContext, since: number, polls: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const cluster = (await (await request.get('/api/clusters/incidents')).json()) as { lastCycle: { startedAt: number } | null };
        return cluster.lastCycle?.startedAt ?? 0;
      },
      { timeout: (polls + 3) * POLL_INTERVAL_MS, intervals: [500] },
    )
    .toBeGreaterThanOrEqual(since + (polls - 1) * POLL_INTERVAL_MS);
}

async function pageCount(page: Page, node: string, category: string): Promise<number | null> {
  const cell = page
    .getByRole('table', { name: 'Peers per category per node' })
    .locator(`tr[data-node="${node}"] td[data-category="${category}"]`);
  const text = (await cell.textContent())?.trim() ?? '';
  return /^\d+$/.test(text) ? Number(text) : null;
}

test.beforeAll(async ({ request }) => {
  // The dashboard must have polled every node before we compare anything.
  await expect.poll(async () => (await request.get('/api/ready')).status(), { timeout: 30_000 }).toBe(200);
});

/** A node this spec crashed; restored after the test so the next one starts with every node up. */
let crashedNode: string | null = null;

test.afterEach(async ({ request }) => {
  await control(request, `/scenarios/${SCENARIO}/stop`);
  if (crashedNode) {
    await control(request, `/nodes/${crashedNode}/restore`);
    crashedNode = null;
  }
});

test('the race raises a category gap naming node and peer, and /peers shows it', async ({ page, request }) => {
  const startedAt = Date.now();
  await control(request, `/scenarios/${SCENARIO}/start?mode=race`);

  let gap: Finding | undefined;
  await expect
    .poll(
      async () => {
        gap = gapFindingsSince((await peersApi(request)).findings, startedAt)[0];
        return gap ? gap.subject.node : null;
      },
      // Within two poll intervals (plus the time a cycle and the request take).
      { timeout: 2 * POLL_INTERVAL_MS + 1500, intervals: [250] },
    )
    .toMatch(new RegExp(`^(${RACING_NODES.join('|')})$`));
  const { node, id: peer } = gap!.subject;
  expect(gap!.evidence).toMatchObject({ node, peer });
  expect(typeof gap!.evidence.categoryBefore).toBe('string');

  await page.goto('/clusters/incidents/peers');
  await expect(page.getByRole('heading', { name: 'Peers', level: 1 })).toBeVisible();
  const findingRow = page
    .getByRole('table', { name: 'Peer findings' })
    .getByRole('row')
    .filter({ hasText: 'peer.category_gap' })
    .filter({ hasText: peer })
    .filter({ hasText: node! });
  await expect(findingRow.first()).toBeVisible();

  // The peer table can be narrowed to that peer; its history shows the move through "no category".
  await page.getByLabel('Node', { exact: true }).selectOption(node!);
  await page.getByLabel('Search peer id', { exact: true }).fill(peer);
  const historyButton = page.getByRole('button', { name: `Category history of ${peer} on ${node}` });
  await expect(historyButton).toBeVisible();
  await historyButton.click();
  await expect(page.getByRole('list', { name: `Moves of ${peer}` }).getByText('no category').first()).toBeVisible();
});

test('with the fixed peer DB no new category gap appears over several polls', async ({ request }) => {
  const startedAt = Date.now();
  await control(request, `/scenarios/${SCENARIO}/start?mode=fixed`);
  await waitForPolls(request, startedAt, 4);

  const view = await peersApi(request);
  expect(gapFindingsSince(view.findings, startedAt)).toEqual([]);
  // The nodes were answering all along: the peers shown are current, and none sits in a gap.
  for (const node of RACING_NODES) {
    expect(view.nodes.find((n) => n.id === node)?.dataStatus).toBe('ok');
  }
  expect(view.peers.filter((p) => p.gap !== null)).toEqual([]);
});

test('the category counts on the page equal what each node answers', async ({ page, request }) => {
  await control(request, `/scenarios/${SCENARIO}/start?mode=race`);
  const targets = (await (await request.get(controlUrl('/targets'))).json()) as { id: string; url: string; role: string }[];
  const peerNodes = targets.filter((target) => RACING_NODES.includes(target.id));
  expect(peerNodes.map((t) => t.id).sort()).toEqual(RACING_NODES);

  await page.goto('/clusters/incidents/peers');
  await expect(page.getByRole('table', { name: 'Peers per category per node' })).toBeVisible();

  for (const target of peerNodes) {
    // Counts move as peers are re-categorised: compare until one reading of the node matches the page.
    await expect
      .poll(
        async () => {
          const answer = (await (await request.get(`${target.url}/admin/v1/peers`)).json()) as PeersDoc;
          const fromNode = answer.categories.map((category) => answer.peers.filter((p) => p.category === category).length);
          const onPage = await Promise.all(answer.categories.map((category) => pageCount(page, target.id, category)));
          return JSON.stringify(onPage) === JSON.stringify(fromNode) ? 'equal' : `page ${JSON.stringify(onPage)} vs node ${JSON.stringify(fromNode)}`;
        },
        { timeout: 30_000, intervals: [300] },
      )
      .toBe('equal');
  }
});

test('a node that is down shows its last known categories as stale, and its peers raise no gap', async ({ page, request }) => {
  const node = 'node-4';
  const before = await peersApi(request);
  const known = before.nodes.find((n) => n.id === node);
  expect(known?.dataStatus).toBe('ok');
  const crashedAt = Date.now();
  crashedNode = node;
  await control(request, `/nodes/${node}/crash`);

  await page.goto('/clusters/incidents/peers');
  const row = page.getByRole('table', { name: 'Peers per category per node' }).locator(`tr[data-node="${node}"]`);
  await expect(row.getByText('stale')).toBeVisible({ timeout: 3 * POLL_INTERVAL_MS + 2000 });
  await expect(row.getByText(/last known at/)).toBeVisible();

  await waitForPolls(request, crashedAt, 2);
  const view = await peersApi(request);
  const stale = view.nodes.find((n) => n.id === node)!;
  expect(stale.dataStatus).toBe('stale');
  expect(stale.dataFrom).toBeLessThanOrEqual(crashedAt);
  // The last known counts stay on the page, not zeros.
  expect(Object.values(stale.counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  await expect.poll(() => pageCount(page, node, 'best')).toBe(stale.counts.best);
  expect(view.findings.filter((f) => f.kind === 'peer.category_gap' && f.subject.node === node && f.firstSeen >= crashedAt)).toEqual([]);
  expect(view.peers.filter((p) => p.node === node).every((p) => p.stale && p.gap === null)).toBe(true);
});
