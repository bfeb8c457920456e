import { describe, expect, it } from 'vitest';
import type { NodeSummary } from '@/lib/contract/api';
import { filterNodes } from './node-filter';

function node(id: string, status: NodeSummary['status'], role: string | null = 'replica'): NodeSummary {
  return {
    id,
    kind: 'native',
    role,
    address: `10.0.0.${id.length}:7000`,
    status,
    lastPollStatus: null,
    reason: null,
    lastSeen: null,
    lastPolledAt: null,
    latencyMs: null,
    version: null,
    stale: status === 'stale',
  };
}

const nodes = [node('node-1', 'ok', 'primary'), node('node-2', 'unreachable'), node('client-1', 'ok', 'client'), node('node-3', 'unknown', null)];

describe('filterNodes', () => {
  it('keeps every node with no filter', () => {
    expect(filterNodes(nodes, null, '  ')).toHaveLength(4);
  });

  it('filters by status, including unknown', () => {
    expect(filterNodes(nodes, 'unreachable', '').map((n) => n.id)).toEqual(['node-2']);
    expect(filterNodes(nodes, 'unknown', '').map((n) => n.id)).toEqual(['node-3']);
  });

  it('matches text in id or role, case-insensitively, together with the status', () => {
    expect(filterNodes(nodes, null, 'CLIENT').map((n) => n.id)).toEqual(['client-1']);
    expect(filterNodes(nodes, 'ok', 'primary').map((n) => n.id)).toEqual(['node-1']);
    expect(filterNodes(nodes, 'unreachable', 'primary')).toEqual([]);
  });
});
