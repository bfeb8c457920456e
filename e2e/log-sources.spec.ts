import { expect, test, type APIRequestContext } from '@playwright/test';
import { control, findings } from './support/demo-control';

/**
 * The demo's nodes write go-quai (logrus) and Pika (glog) log files, and the
 * dashboard reads them through its file log sources: the real path. Their
 * lines become findings' evidence and are linked to those findings.
 */

type LogsAnswer = {
  lines: { node: string; component: string; code: string | null; subject: string | null; message: string; level: string }[];
  groups: { persistent: { id: string; component: string; findings: string[] }[]; transient: { id: string; component: string; findings: string[] }[] };
};

async function logs(request: APIRequestContext, query: string): Promise<LogsAnswer> {
  const response = await request.get(`/api/clusters/incidents/logs?${query}`);
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as LogsAnswer;
}

test.describe('log files as sources', () => {
  test.afterEach(async ({ request }) => {
    await control(request, '/reset');
    // The next spec starts from a cluster whose findings have all resolved, as it would after a quiet spell.
    await expect.poll(async () => (await findings(request, 'active')).map((finding) => finding.kind), { timeout: 60_000 }).toEqual([]);
  });

  test("go-quai-format read errors appear as peer.read_error with the decoded peer id, linked to their lines", async ({ request }) => {
    await control(request, '/scenarios/peer-recategorize-race/start?mode=race');
    // The file line: logrus, key printed as Go bytes, decoded into the subject (the peer id).
    let line: LogsAnswer['lines'][number] | undefined;
    await expect
      .poll(async () => {
        line = (await logs(request, 'component=go-quai&q=Error%20reading%20the%20key&limit=50')).lines.find((candidate) => candidate.code === 'peer.read_error');
        return line?.subject ?? null;
      }, { timeout: 45_000 })
      .toMatch(/^12D3KooW/);
    expect(line?.message).toContain(`key="/${line?.subject}"`);
    expect(line?.level).toBe('error');

    let findingId: string | undefined;
    await expect
      .poll(async () => {
        findingId = (await findings(request, 'all')).find((finding) => finding.kind === 'peer.read_error' && finding.subject.id === line?.subject)?.id;
        return findingId ?? null;
      }, { timeout: 30_000 })
      .not.toBeNull();
    const linked = await logs(request, `finding=${encodeURIComponent(findingId as string)}&limit=200`);
    const groups = [...linked.groups.persistent, ...linked.groups.transient];
    expect(groups.some((group) => group.component === 'go-quai')).toBe(true);
    expect(linked.lines.some((candidate) => candidate.component === 'go-quai' && candidate.subject === line?.subject)).toBe(true);
  });

  test('Pika-format MetaSync rejections appear as a registration loop, linked to their lines', async ({ request }) => {
    await control(request, '/scenarios/registration-loop/start');
    await expect
      .poll(async () => (await logs(request, 'q=Slave%20AlreadyExist&limit=50')).lines.filter((candidate) => candidate.code === 'sync.registration_rejected').length, { timeout: 45_000 })
      .toBeGreaterThanOrEqual(3);
    // glog names the source file as the component, as Pika wrote it.
    const fileLine = (await logs(request, 'q=Slave%20AlreadyExist&limit=50')).lines[0];
    expect(fileLine).toMatchObject({ node: 'node-6', level: 'warn', component: 'pika_repl_client_conn.cc', subject: 'node-3->node-6' });

    let loopId: string | undefined;
    await expect
      .poll(async () => {
        loopId = (await findings(request, 'active')).find((finding) => finding.kind === 'sync.registration_loop' && finding.subject.id === 'node-3->node-6')?.id;
        return loopId ?? null;
      }, { timeout: 45_000 })
      .not.toBeNull();
    const linked = await logs(request, `finding=${encodeURIComponent(loopId as string)}&limit=200`);
    const groups = [...linked.groups.persistent, ...linked.groups.transient];
    expect(groups.some((group) => group.component === 'pika_repl_client_conn.cc' && group.findings.includes(loopId as string))).toBe(true);
    expect(linked.lines.some((candidate) => candidate.component === 'pika_repl_client_conn.cc' && /Meta Sync Failed: Slave AlreadyExist/.test(candidate.message))).toBe(true);
  });
});

test('the logs page lists the demo’s log files as sources, each ok and reading', async ({ page, request }) => {
  // Every demo node writes a logrus and a glog file, created before the dashboard starts: each source must read ok.
  await expect
    .poll(async () => {
      const response = await request.get('/api/clusters/incidents/log-sources');
      const answer = (await response.json()) as { sources: { type: string; state: string }[] };
      return answer.sources.length > 0 && answer.sources.every((source) => source.type === 'file' && source.state === 'ok');
    }, { timeout: 30_000 })
    .toBe(true);
  const { sources } = (await (await request.get('/api/clusters/incidents/log-sources')).json()) as { sources: { where: string }[] };

  await page.goto('/clusters/incidents/logs');
  const panel = page.getByRole('region', { name: 'Log sources' });
  const rows = panel.locator('tbody tr');
  await expect(rows).toHaveCount(sources.length);
  await expect(panel.locator('[data-state="ok"]')).toHaveCount(sources.length);
  await expect(panel.locator('[data-state]:not([data-state="ok"])')).toHaveCount(0);
  await expect(rows.first()).toContainText(sources[0].where);
  await expect(rows.first()).toContainText('file');
});
