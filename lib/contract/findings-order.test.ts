import { describe, expect, it } from 'vitest';
import { findingsOfView, sortFindings, VIEW_OF_KIND, type Finding } from './findings';

function finding(id: string, severity: Finding['severity'], firstSeen: number, resolvedAt: number | null = null): Finding {
  return {
    id,
    kind: 'node.unreachable',
    severity,
    subject: { type: 'node', id },
    summary: id,
    evidence: {},
    firstSeen,
    lastSeen: firstSeen,
    status: resolvedAt === null ? 'active' : 'resolved',
    resolvedAt,
    class: 'persistent',
    logGroups: [],
  };
}

describe('sortFindings', () => {
  it('puts the most severe first, then the most recently started', () => {
    const sorted = sortFindings([finding('info', 'info', 5), finding('old-critical', 'critical', 1), finding('warning', 'warning', 9), finding('new-critical', 'critical', 7)]);
    expect(sorted.map((f) => f.id)).toEqual(['new-critical', 'old-critical', 'warning', 'info']);
  });
});

describe('sortFindings on resolved findings', () => {
  it('puts active before resolved, and the most recently resolved first', () => {
    const sorted = sortFindings([finding('a', 'critical', 1, 10), finding('b', 'info', 1, 30), finding('live', 'info', 1), finding('c', 'warning', 1, 20)]);
    expect(sorted.map((f) => f.id)).toEqual(['live', 'b', 'c', 'a']);
  });
});

describe('findingsOfView', () => {
  it('takes each finding to the one view its kind belongs to', () => {
    const sync = { ...finding('s', 'warning', 1), kind: 'sync.stalled' as const };
    const node = finding('n', 'critical', 1);
    expect(findingsOfView([sync, node], 'sync').map((f) => f.id)).toEqual(['s']);
    expect(findingsOfView([sync, node], 'overview').map((f) => f.id)).toEqual(['n']);
    expect(VIEW_OF_KIND['failover.stale_config']).toBe('failover');
  });
});
