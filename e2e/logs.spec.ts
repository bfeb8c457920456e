import { expect, test, type Locator, type Page } from '@playwright/test';
import { control } from './support/demo-control';

/**
 * The log panel against the demo cluster: scenarios are driven through the
 * demo's loopback control API, the dashboard polls every 2 s.
 */

function section(page: Page, name: 'Persistent' | 'Transient'): Locator {
  return page.getByRole('region', { name: new RegExp(`^${name} \\(\\d+\\)$`) });
}

function groupIn(area: Locator, text: string): Locator {
  return area.getByRole('listitem', { name: new RegExp(text) });
}

async function groupCount(group: Locator): Promise<number> {
  const text = (await group.getByTestId('group-count').textContent()) ?? '';
  return Number(text.replace(/\D/g, ''));
}

const HOSTILE = '<img src=x onerror=alert(1)>';

test.describe('log panel', () => {
  test.afterEach(async ({ request }) => {
    await control(request, '/reset');
  });

  test('the registration loop is persistent and its count grows', async ({ page, request }) => {
    await control(request, '/scenarios/registration-loop/start');
    await page.goto('/clusters/incidents/logs');
    const group = groupIn(section(page, 'Persistent'), 'registration with node-<n> rejected: slave already exists').first();
    await expect(group).toBeVisible({ timeout: 30_000 });
    await expect(group.getByText('still recurring')).toBeVisible();
    const first = await groupCount(group);
    expect(first).toBeGreaterThan(0);
    await expect.poll(() => groupCount(group), { timeout: 20_000 }).toBeGreaterThan(first);
    await expect(groupIn(section(page, 'Transient'), 'slave already exists')).toHaveCount(0);
  });

  test("a crashed node's connection errors become transient after it is restored", async ({ page, request }) => {
    // replica-crash closes node-2's port; the other nodes log "dial node-2 …: connection refused".
    await control(request, '/scenarios/replica-crash/start?mode=fixed');
    await page.goto('/clusters/incidents/logs');
    const dialErrors = 'dial <subject> \\(<addr>\\): connect: connection refused';
    await expect(groupIn(page.getByRole('main'), dialErrors).first()).toBeVisible({ timeout: 30_000 });
    await control(request, '/scenarios/replica-crash/stop');
    await expect(groupIn(section(page, 'Transient'), dialErrors).first()).toBeVisible({ timeout: 30_000 });
    await expect(groupIn(section(page, 'Persistent'), dialErrors)).toHaveCount(0);

    // The node's unreachable finding and the connection errors link to each other.
    const findings = (await (await request.get('/api/clusters/incidents/findings?status=all&kind=node.unreachable')).json()) as {
      findings: { id: string; subject: { id: string } }[];
    };
    const unreachable = findings.findings.find((finding) => finding.subject.id === 'node-2');
    expect(unreachable, 'a node.unreachable finding about node-2').toBeDefined();
    const dialGroup = groupIn(section(page, 'Transient'), dialErrors).first();
    await expect(dialGroup.getByText(unreachable!.id)).toBeVisible();
    await page.goto(`/clusters/incidents/logs?finding=${encodeURIComponent(unreachable!.id)}`);
    await expect(page.getByText(`Showing only the log groups of finding ${unreachable!.id}`)).toBeVisible();
    await expect(groupIn(page.getByRole('main'), dialErrors).first()).toBeVisible();
    await expect(groupIn(page.getByRole('main'), 'slave already exists')).toHaveCount(0);
  });

  test('the peer-DB read errors of the recategorisation race end up transient', async ({ page, request }) => {
    await control(request, '/scenarios/peer-recategorize-race/start?mode=race');
    await page.goto('/clusters/incidents/logs');
    const readErrors = 'Error reading the key from the peer db';
    await expect(groupIn(page.getByRole('main'), readErrors).first()).toBeVisible({ timeout: 30_000 });
    await control(request, '/scenarios/peer-recategorize-race/stop');
    const transient = groupIn(section(page, 'Transient'), readErrors).first();
    await expect(transient).toBeVisible({ timeout: 30_000 });
    await expect(groupIn(section(page, 'Persistent'), readErrors)).toHaveCount(0);
    // Expanding the group lists its raw lines, each as text.
    await transient.getByRole('button', { name: 'Show raw lines' }).click();
    await expect(transient.getByRole('list', { name: /^Raw lines of/ }).getByRole('listitem').first()).toContainText(readErrors);
  });

  test('a hostile log line is shown as text and runs nothing', async ({ page, request }) => {
    const dialogs: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await control(request, '/nodes/node-1/log', { level: 'error', message: HOSTILE });
    await page.goto('/clusters/incidents/logs');
    const tail = page.getByRole('list', { name: 'Log lines, newest first' });
    await expect(tail.getByText(HOSTILE, { exact: true })).toBeVisible({ timeout: 20_000 });
    // Its group (persistent while fresh, transient once it stopped) shows it as text too.
    await expect(groupIn(page.getByRole('main'), 'onerror').first().getByText(HOSTILE, { exact: true }).first()).toBeVisible();
    await expect(page.locator('main img')).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });

  test('filters narrow the lines and the live tail can be paused', async ({ page, request }) => {
    // Unique per run: the dashboard keeps lines across specs.
    const marker = `marker ${Date.now().toString(36)}`;
    await control(request, '/nodes/node-4/log', { level: 'warn', component: 'test', message: `first ${marker} line` });
    await page.goto('/clusters/incidents/logs');
    const tail = page.getByRole('list', { name: 'Log lines, newest first' });
    await expect(tail.getByText(`first ${marker} line`)).toBeVisible({ timeout: 20_000 });

    await page.getByRole('searchbox', { name: 'Text' }).fill(marker.toUpperCase());
    await page.getByRole('combobox', { name: 'Node', exact: true }).selectOption('node-4');
    await page.getByRole('combobox', { name: 'Level', exact: true }).selectOption({ label: 'Warnings and errors' });
    await expect(tail.getByRole('listitem')).toHaveCount(1);

    const pause = page.getByRole('button', { name: /Pause/ });
    await expect(pause).toHaveAttribute('aria-pressed', 'false');
    await pause.click();
    await expect(pause).toHaveAttribute('aria-pressed', 'true');
    await control(request, '/nodes/node-4/log', { level: 'error', component: 'test', message: `second ${marker} line` });
    await expect(page.getByText(/Paused: [1-9]\d* new lines since/)).toBeVisible({ timeout: 20_000 });
    await expect(tail.getByText(`second ${marker} line`)).toHaveCount(0);

    await pause.click();
    await expect(pause).toHaveAttribute('aria-pressed', 'false');
    await expect(tail.getByText(`second ${marker} line`)).toBeVisible();
    await expect(tail.getByRole('listitem')).toHaveCount(2);

    // A custom time range that starts after both lines matches nothing.
    await page.getByRole('combobox', { name: 'Time range' }).selectOption({ label: 'Custom…' });
    // An hour from now as the browser's local time (its zone is not the test runner's).
    const local = await page.evaluate(() => {
      const later = new Date(Date.now() + 3_600_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${later.getFullYear()}-${pad(later.getMonth() + 1)}-${pad(later.getDate())}T${pad(later.getHours())}:${pad(later.getMinutes())}:00`;
    });
    await page.getByLabel('From', { exact: true }).fill(local);
    await expect(page.getByText('No line matches the filters.')).toBeVisible();
    await page.getByRole('combobox', { name: 'Time range' }).selectOption({ label: 'All retained lines' });
    await expect(tail.getByRole('listitem')).toHaveCount(2);
  });
});
