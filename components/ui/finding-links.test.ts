import { describe, expect, it } from 'vitest';
import type { ClusterFinding } from '@/lib/contract/api';
import { FINDING_KINDS, type Finding } from '@/lib/contract/findings';
import { findingLinks } from './finding-links';

function finding(kind: Finding['kind'], subject: Finding['subject']): ClusterFinding {
  return { cluster: 'eu-1', id: 'x', kind, severity: 'warning', subject, summary: '', evidence: {}, firstSeen: 0, lastSeen: 0, status: 'active', resolvedAt: null, class: 'transient', logGroups: [] };
}

describe('findingLinks', () => {
  it('sends node findings to the node page', () => {
    expect(findingLinks(finding('node.unreachable', { type: 'node', id: 'node-3' }))).toEqual([{ href: '/clusters/eu-1/nodes/node-3', label: 'node node-3' }]);
  });

  it('sends other findings to their view, then to the node that raised them', () => {
    expect(findingLinks(finding('sync.registration_loop', { type: 'link', id: 'a->b', node: 'node-6' }))).toEqual([
      { href: '/clusters/eu-1/sync', label: 'Sync' },
      { href: '/clusters/eu-1/nodes/node-6', label: 'node node-6' },
    ]);
    expect(findingLinks(finding('routing.unowned', { type: 'cluster', id: 'routing' }))).toEqual([{ href: '/clusters/eu-1/routing', label: 'Routing' }]);
  });

  it('points to the logs when the finding has log groups', () => {
    const withLogs = { ...finding('peer.read_error', { type: 'peer', id: 'p', node: 'node-1' }), logGroups: ['fp1', 'fp2'] };
    expect(findingLinks(withLogs).at(-1)).toEqual({ href: `/clusters/eu-1/logs?finding=${encodeURIComponent(withLogs.id)}`, label: 'logs (2 groups)' });
  });

  it('has somewhere to go for every finding kind', () => {
    for (const kind of FINDING_KINDS) {
      expect(findingLinks(finding(kind, { type: 'node', id: 'n' })).length).toBeGreaterThan(0);
    }
  });
});

describe('findingLinks of a collector move', () => {
  it('points at the replicas page', () => {
    expect(findingLinks(finding('dashboard.collector_moved', { type: 'cluster', id: 'eu-1' }))).toEqual([{ href: '/replicas', label: 'Replicas' }]);
  });
});
