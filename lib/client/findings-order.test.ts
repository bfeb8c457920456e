import { describe, expect, it } from 'vitest';
import type { Finding } from '@/lib/contract/findings';
import { sortFindings, sortResolved } from './findings-order';

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

describe('sortResolved', () => {
  it('puts the most recently resolved first', () => {
    const sorted = sortResolved([finding('a', 'critical', 1, 10), finding('b', 'info', 1, 30), finding('c', 'warning', 1, 20)]);
    expect(sorted.map((f) => f.id)).toEqual(['b', 'c', 'a']);
  });
});
