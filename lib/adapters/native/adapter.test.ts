import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeNode } from '@/lib/collector/testing/fake-node';
import { NativeAdapter } from './adapter';

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
