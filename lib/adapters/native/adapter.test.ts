import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeNode } from '@/lib/collector/testing/fake-node';
import { NativeAdapter } from './adapter';
import { DescriptorBudget } from '../descriptor-budget';

// Short enough to keep the test quick, long enough that a loaded machine answers a healthy node in time.
const TIMEOUT_MS = 400;

const options = { timeoutMs: TIMEOUT_MS, maxResponseBytes: 64 * 1024, logsAfter: null, logsLimit: 100, now: Date.now };

describe('NativeAdapter on one connection per node', () => {
  let node: FakeNode;
  let adapter: NativeAdapter;

  beforeAll(async () => {
    node = await FakeNode.start('n1');
    adapter = new NativeAdapter({ id: 'n1', kind: 'native', url: node.url });
  });

  afterAll(async () => {
    await adapter.close();
    await node.close();
  });

  it('recovers on the next poll after a node hung past the timeout', async () => {
    expect((await adapter.poll(options)).status).toBe('ok');
    node.behaviour = { kind: 'hang' };
    const hung = await adapter.poll(options);
    expect(hung.status).toBe('timeout');
    node.behaviour = { kind: 'ok' };
    const after = await adapter.poll(options);
    expect(after.status).toBe('ok');
    expect(after.node?.id).toBe('n1');
  });
});

describe('NativeAdapter within the descriptor budget', () => {
  let node: FakeNode;
  let adapter: NativeAdapter | null = null;

  beforeAll(async () => {
    node = await FakeNode.start('n1');
  });

  afterEach(async () => {
    await adapter?.close();
    adapter = null;
  });

  afterAll(async () => {
    await node.close();
  });

  const pollTimes = async (times: number) => {
    for (let i = 0; i < times; i += 1) expect((await adapter!.poll(options)).status).toBe('ok');
  };

  it('keeps one connection across polls while the budget has room', async () => {
    const before = node.connections;
    adapter = new NativeAdapter({ id: 'n1', kind: 'native', url: node.url }, new DescriptorBudget(1));
    await pollTimes(3);
    expect(node.connections - before).toBe(1);
    expect(node.openConnections).toBe(1);
  });

  it('opens a connection per poll and closes it after when the budget is spent, and keeps one once a place is freed', async () => {
    await vi.waitFor(() => expect(node.openConnections).toBe(0), { timeout: 5000 });
    const budget = new DescriptorBudget(1);
    const other = budget.claim(1);
    adapter = new NativeAdapter({ id: 'n1', kind: 'native', url: node.url }, budget);
    const before = node.connections;
    await pollTimes(3);
    expect(node.connections - before).toBe(3);
    await vi.waitFor(() => expect(node.openConnections).toBe(0), { timeout: 5000 });

    other.release();
    await pollTimes(3);
    expect(node.connections - before).toBe(4);
    expect(node.openConnections).toBe(1);
    expect(budget.status()).toMatchObject({ used: 1, refusedTargets: 0 });
  });
});
