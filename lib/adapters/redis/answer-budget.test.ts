import { describe, expect, it, vi } from 'vitest';
import { answerWork } from '../turn-budget';
import { expectSpreadInOrder, holdTheLoop, type BudgetRecorder } from '../turn-budget-recorder';
import { redisReplies } from './fixture-replies';
import { createRedisAdapter } from './index';
import { resp, startFakeRespServer } from './resp-fake';

vi.mock('../turn-budget', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../turn-budget')>();
  const { budgetRecorder } = await import('../turn-budget-recorder');
  return { ...actual, answerWork: budgetRecorder(actual.createTurnBudget) };
});

// A port of its own, away from the other redis adapter tests' 23050–23060.
const PORT = Number(process.env.REDIS_BUDGET_TEST_PORT ?? 23091);
const NODES = 6;

describe('redis adapter answer parsing', () => {
  it('a burst of ready answers is parsed within the per-turn budget: spread over turns, in the order asked', async () => {
    const recorder = answerWork as BudgetRecorder;
    const captured = redisReplies('master-stopped/after-cont-t+3s', 7305);
    const text = (reply: { ok: boolean; value?: unknown }) => resp.bulk(String(reply.value));
    const answer = (command: string[]): string => {
      const [name, sub] = [command[0].toUpperCase(), (command[1] ?? '').toUpperCase()];
      if (name === 'INFO' && sub === 'SERVER') return text(captured.infoServer);
      if (name === 'INFO') return text(captured.infoReplication);
      if (name === 'CLUSTER') return text(sub === 'INFO' ? captured.clusterInfo : captured.clusterNodes);
      if (name === 'LATENCY') return resp.array([]);
      return resp.error(`ERR unknown command '${command[0]}'`);
    };
    // Every node's pipeline answer is held until all have asked, then all are written at once and
    // the loop is held, so the answers are ready together, as a burst is at 5,000 nodes.
    const held: (() => void)[] = [];
    let pipelines = 0;
    const deliver = (command: string[], write: () => void) => {
      held.push(write);
      if (command[0].toUpperCase() === 'LATENCY') pipelines += 1;
      if (pipelines < NODES) return;
      for (const writeHeld of held.splice(0)) writeHeld();
      holdTheLoop(50);
    };
    const fake = await startFakeRespServer(PORT, answer, deliver);
    const adapters = Array.from({ length: NODES }, (_, index) =>
      createRedisAdapter({ id: `node-${index}`, kind: 'redis', address: `127.0.0.1:${PORT}`, tls: false, discover: false, flavor: 'auto' }, { targetIdForAddress: () => null }),
    );
    try {
      recorder.reset();
      const options = { timeoutMs: 5000, maxResponseBytes: 1_000_000, logsAfter: null, logsLimit: 100, now: Date.now };
      const reports = await recorder.watch(() => Promise.all(adapters.map((adapter) => adapter.poll(options))));
      expect(reports.map((report) => report.status)).toEqual(Array(NODES).fill('ok'));
      expect(reports[0].routing?.partitions).toHaveLength(16_384);
      // Every answer was parsed through the budget, one per turn, first asked first parsed.
      // They were ready together: all but the first waited for a later turn.
      expectSpreadInOrder(recorder, NODES, NODES - 1);
    } finally {
      await Promise.all(adapters.map((adapter) => adapter.close()));
      await fake.close();
    }
  });
});
