import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startFakeRespServer, resp } from '../redis/resp-fake';
import { answerWork } from '../turn-budget';
import { expectSpreadInOrder, holdTheLoop, type BudgetRecorder } from '../turn-budget-recorder';
import { FIXTURES } from './fixture-replies';
import { createOlricAdapter } from './index';

vi.mock('../turn-budget', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../turn-budget')>();
  const { budgetRecorder } = await import('../turn-budget-recorder');
  return { ...actual, answerWork: budgetRecorder(actual.createTurnBudget) };
});

// A port of its own, away from the Olric integration test's and the redis adapter tests' ports.
const PORT = Number(process.env.OLRIC_BUDGET_TEST_PORT ?? 23092);
const NODES = 6;

/** Captured replies of a member of a real olricd cluster (fixtures/README.md says where each comes from). */
const captured = (file: string) => readFileSync(path.join(FIXTURES, file), 'latin1');

describe('olric adapter answer parsing', () => {
  it('a burst of ready answers is parsed within the per-turn budget: spread over turns, in the order asked', async () => {
    const recorder = answerWork as BudgetRecorder;
    const replies: Record<string, string> = { STATS: captured('stats-24500.resp'), 'CLUSTER.ROUTINGTABLE': captured('rt-24500.resp'), 'CLUSTER.MEMBERS': captured('members-24500.resp') };
    const answer = (command: string[]) => replies[command[0].toUpperCase()] ?? resp.error(`ERR unknown command '${command[0]}'`);
    // Every member's answers are held until all have asked, then written at once with the loop held: a burst.
    const held: (() => void)[] = [];
    let polls = 0;
    const deliver = (command: string[], write: () => void) => {
      if (!(command[0].toUpperCase() in replies)) return write();
      held.push(write);
      if (command[0].toUpperCase() === 'CLUSTER.MEMBERS') polls += 1;
      if (polls < NODES) return;
      for (const writeHeld of held.splice(0)) writeHeld();
      holdTheLoop(50);
    };
    const fake = await startFakeRespServer(PORT, answer, deliver);
    const adapters = Array.from({ length: NODES }, (_, index) =>
      createOlricAdapter({ id: `member-${index}`, kind: 'olric', address: `127.0.0.1:${PORT}`, discover: false }, { targetIdForAddress: () => null }),
    );
    try {
      recorder.reset();
      const options = { timeoutMs: 5000, maxResponseBytes: 5_000_000, logsAfter: null, logsLimit: 100, now: Date.now };
      const reports = await recorder.watch(() => Promise.all(adapters.map((adapter) => adapter.poll(options))));
      expect(reports.map((report) => report.status)).toEqual(Array(NODES).fill('ok'));
      expect(reports[0].routing?.partitions.length).toBeGreaterThan(0);
      // Every answer was parsed through the budget, one per turn, first asked first parsed.
      expectSpreadInOrder(recorder, NODES, NODES - 1);
    } finally {
      await Promise.all(adapters.map((adapter) => adapter.close()));
      await fake.close();
    }
  });
});
