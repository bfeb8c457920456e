import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { answerWork } from '../turn-budget';
import { expectSpreadInOrder, holdTheLoop, type BudgetRecorder } from '../turn-budget-recorder';
import { PegasusAdapter } from './adapter';

vi.mock('../turn-budget', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../turn-budget')>();
  const { budgetRecorder } = await import('../turn-budget-recorder');
  return { ...actual, answerWork: budgetRecorder(actual.createTurnBudget) };
});

const NODES = 4;

/** Replies exactly as the meta server prints them (fixtures/README.md names the source of each shape). */
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const replies: Record<string, string> = {
  '/version': fixture('version.json'),
  '/meta/cluster': fixture('cluster.json'),
  '/meta/nodes': fixture('nodes-detail.json'),
  '/meta/app': fixture('app-temp-detail.json'),
};

describe('pegasus adapter answer parsing', () => {
  it('a burst of ready answers is parsed within the per-turn budget: spread over turns, in the order asked', async () => {
    const recorder = answerWork as BudgetRecorder;
    // The first answers of every poll (/meta/cluster and /version) are held until all have asked, then
    // written at once with the loop held: a burst. Later ones are answered at once.
    const held: (() => void)[] = [];
    let releasedBurst = false;
    const server = http.createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://fake.invalid').pathname;
      const body = replies[path];
      const write = () => {
        response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
        response.end(body ?? '');
      };
      if (releasedBurst) return write();
      held.push(write);
      if (held.length < 2 * NODES) return;
      releasedBurst = true;
      for (const writeHeld of held.splice(0)) writeHeld();
      holdTheLoop(50);
    });
    // Port 0: the OS picks a free one.
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const adapters = Array.from(
      { length: NODES },
      (_, index) => new PegasusAdapter({ id: `meta-${index}`, kind: 'pegasus', metaServers: [address], server: { role: 'meta', address }, tables: ['temp'] }, { targetIdForAddress: () => null }),
    );
    try {
      recorder.reset();
      const options = { timeoutMs: 5000, maxResponseBytes: 1_000_000, logsAfter: null, logsLimit: 100, now: Date.now };
      const reports = await recorder.watch(() => Promise.all(adapters.map((adapter) => adapter.poll(options))));
      expect(reports.map((report) => report.status)).toEqual(Array(NODES).fill('ok'));
      expect(reports[0].tables?.[0].partitions.length).toBeGreaterThan(0);
      // Each poll parses /meta/cluster, /version, /meta/nodes and the table: every answer through the budget,
      // one per turn, first asked first parsed.
      // The burst: all of it but the first answer waited for a later turn.
      expectSpreadInOrder(recorder, 4 * NODES, 2 * NODES - 1);
    } finally {
      await Promise.all(adapters.map((adapter) => adapter.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
