import { expect, test, type APIRequestContext } from '@playwright/test';
import type { Finding } from '@/lib/contract/findings';

/**
 * The demo's go-quai network (cluster `goquai`): five nodes read through
 * JSON-RPC, metrics and their peers.log / node log files. quai-1..3 run the
 * released delete-then-add race, quai-3 also loses one key for good, quai-4
 * and quai-5 run the atomic fix. Rounds come every 10 s in the demo.
 */

const CLUSTER = 'goquai';
const NODES = ['quai-1', 'quai-2', 'quai-3', 'quai-4', 'quai-5'];

async function peerFindings(request: APIRequestContext): Promise<Finding[]> {
  const response = await request.get(`/api/clusters/${CLUSTER}/peers`);
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { findings: Finding[] }).findings;
}

test('go-quai categories per location per node with their age; the race gap and read errors transient, the lost key persistent', async ({ page, request }) => {
  test.setTimeout(150_000);
  await page.goto(`/clusters/${CLUSTER}/peers`);
  const panel = page.getByRole('region', { name: /go-quai categories per location/ });

  // Every node: both locations, each with the age of its Peer stats round.
  for (const node of NODES) {
    const section = page.getByRole('region', { name: `go-quai node ${node}` });
    const table = section.getByRole('table', { name: `Peer categories of ${node} per location` });
    await expect(table.getByRole('row', { name: 'location 0,0/headers' })).toContainText(/written \d+ s ago/, { timeout: 45_000 });
    await expect(table.getByRole('row', { name: 'location 0,0/blocks' })).toContainText(/best: \d+/);
  }
  await expect(panel.first()).toBeVisible();

  // The race's gap on a racing node, closed, so transient; never on the fixed nodes.
  await expect
    .poll(async () => (await peerFindings(request)).filter((f) => f.kind === 'peer.category_gap').map((f) => [f.subject.node, f.class]), { timeout: 90_000, intervals: [2000] })
    .toContainEqual([expect.stringMatching(/^quai-[123]$/), 'transient']);
  await expect(page.getByRole('table', { name: /Peers that fell between categories on quai-[123]/ }).first()).toBeVisible({ timeout: 15_000 });

  // Read errors for a peer that came back: resolved and transient.
  await expect
    .poll(async () => (await peerFindings(request)).some((f) => f.kind === 'peer.read_error' && f.status === 'resolved' && f.class === 'transient'), { timeout: 60_000, intervals: [2000] })
    .toBe(true);

  // quai-3's lost key keeps failing and never comes back: persistent, and shown so on its row.
  let lost: string | undefined;
  await expect
    .poll(
      async () => {
        lost = (await peerFindings(request)).find((f) => f.kind === 'peer.read_error' && f.subject.node === 'quai-3' && f.status === 'active' && f.class === 'persistent')?.subject.id;
        return lost ?? null;
      },
      { timeout: 60_000, intervals: [2000] },
    )
    .toMatch(/^12D3KooW/);
  const quai3 = page.getByRole('region', { name: 'go-quai node quai-3' });
  await expect(quai3.getByRole('row', { name: `read errors for ${lost}` })).toContainText('persistent', { timeout: 15_000 });
  await expect(quai3.getByRole('row', { name: `read errors for ${lost}` })).toContainText('not back');

  // A transient one is shown as such on a racing node's read-error table.
  await expect(page.getByRole('table', { name: /Peer DB read errors on quai-[123]/ }).getByRole('row').filter({ hasText: 'transient' }).first()).toBeVisible();

  // The fix raises none of it.
  const fixed = (await peerFindings(request)).filter((f) => ['quai-4', 'quai-5'].includes(f.subject.node ?? '') && f.kind !== 'peer.stats_stale');
  expect(fixed).toEqual([]);
});
