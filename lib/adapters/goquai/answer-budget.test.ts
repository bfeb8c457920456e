import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { answerWork } from '../turn-budget';
import { expectSpreadInOrder, holdTheLoop, type BudgetRecorder } from '../turn-budget-recorder';
import { GoquaiAdapter } from './adapter';

vi.mock('../turn-budget', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../turn-budget')>();
  const { budgetRecorder } = await import('../turn-budget-recorder');
  return { ...actual, answerWork: budgetRecorder(actual.createTurnBudget) };
});

const NODES = 6;

/**
 * The JSON-RPC batch answer as go-quai gives it (internal/quaiapi/api.go PublicNetAPI, as
 * lib/demo-cluster/goquai/node-server.ts serves it): listening, network id as decimal text, hex counts.
 */
const BATCH_ANSWER = JSON.stringify([
  { jsonrpc: '2.0', id: 1, result: true },
  { jsonrpc: '2.0', id: 2, result: '1' },
  { jsonrpc: '2.0', id: 3, result: '0xa' },
  { jsonrpc: '2.0', id: 4, result: { incoming: '0x4', outgoing: '0x6' } },
]);

describe('goquai adapter answer parsing', () => {
  it('a burst of ready answers is parsed within the per-turn budget: spread over turns, in the order asked', async () => {
    const recorder = answerWork as BudgetRecorder;
    // Every node's answer is held until all have asked, then all are written at once with the loop held: a burst.
    const held: (() => void)[] = [];
    const server = http.createServer((request, response) => {
      request.resume();
      held.push(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(BATCH_ANSWER);
      });
      if (held.length < NODES) return;
      for (const write of held.splice(0)) write();
      holdTheLoop(50);
    });
    // Port 0: the OS picks a free one.
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const rpcUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const adapters = Array.from({ length: NODES }, (_, index) => new GoquaiAdapter({ id: `quai-${index}`, kind: 'goquai', rpcUrl }));
    try {
      recorder.reset();
      const options = { timeoutMs: 5000, maxResponseBytes: 64 * 1024, logsAfter: null, logsLimit: 100, now: Date.now };
      const reports = await recorder.watch(() => Promise.all(adapters.map((adapter) => adapter.poll(options))));
      expect(reports.map((report) => report.status)).toEqual(Array(NODES).fill('ok'));
      expect(reports[0].peerCounts).toMatchObject({ total: 10, incoming: 4, outgoing: 6 });
      // Every answer was parsed through the budget, one per turn, first asked first parsed.
      expectSpreadInOrder(recorder, NODES, NODES - 1);
    } finally {
      await Promise.all(adapters.map((adapter) => adapter.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
