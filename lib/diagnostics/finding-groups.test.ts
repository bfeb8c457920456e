import { describe, expect, it } from 'vitest';
import type { Finding, FindingKind, Severity } from '@/lib/contract/findings';
import { groupFindings, largestOnset } from './finding-groups';

const T0 = Date.parse('2026-05-01T10:00:00Z');
const INTERVAL = 5000;

function nodeFinding(index: number, reason: string, options: { kind?: FindingKind; firstSeen?: number; severity?: Severity } = {}): Finding {
  const kind = options.kind ?? 'node.unreachable';
  const address = `127.0.0.1:${22000 + index}`;
  return {
    id: `${kind}:node::n${index}`,
    kind,
    severity: options.severity ?? 'critical',
    subject: { type: 'node', id: `n${index}` },
    summary: `n${index} (${address}): failed`,
    evidence: { address, reason, message: 'connect ECONNREFUSED' },
    firstSeen: options.firstSeen ?? T0,
    lastSeen: T0 + INTERVAL,
    status: 'active',
    resolvedAt: null,
    class: 'transient',
    logGroups: [],
  };
}

function linkFinding(id: string, code: string | null): Finding {
  return {
    id: `sync.error:link:r:${id}`,
    kind: 'sync.error',
    severity: 'critical',
    subject: { type: 'link', id, node: 'r' },
    summary: `${id} in error`,
    evidence: code === null ? {} : { lastError: { code, message: 'failed' } },
    firstSeen: T0,
    lastSeen: T0,
    status: 'active',
    resolvedAt: null,
    class: 'persistent',
    logGroups: [],
  };
}

const range = (count: number) => Array.from({ length: count }, (_, i) => i);
const options = (clusterSize: number) => ({ clusterSize, onsetWindowMs: 2 * INTERVAL });

describe('groupFindings', () => {
  it('blames the dashboard, not the nodes, for polls it could not send for lack of file descriptors, however few', () => {
    const findings = [...range(3).map((i) => nodeFinding(i, 'dashboard_fd_limit', { severity: 'warning' })), ...range(2).map((i) => nodeFinding(10 + i, 'refused'))];
    const groups = groupFindings(findings, options(20000));
    const ours = groups.find((group) => group.cause === 'dashboard_fd_limit')!;
    expect(groups[0]).toBe(ours);
    expect(ours.causeLabel).toBe('the dashboard ran out of file descriptors');
    expect(ours.likelyCause).toMatchObject({ summary: 'the dashboard itself: it ran out of file descriptors', affected: 3, clusterSize: 20000 });
    expect(ours.likelyCause!.hint).toContain('--ulimit nofile=65536');
    expect(ours.title).toBe(
      'Likely the dashboard itself: it ran out of file descriptors. 3 nodes not polled — the dashboard ran out of file descriptors, 127.0.0.1:22000, 127.0.0.1:22001, 127.0.0.1:22002',
    );
    expect(ours.title).not.toContain('unreachable');
    // Two refused nodes of 20,000 stay the nodes' own trouble.
    expect(groups.find((group) => group.cause === 'refused')!.likelyCause).toBeNull();
  });

  it('makes one card of a whole cluster refused at once, naming the dashboard side first', () => {
    const findings = range(5000).map((i) => nodeFinding(i, 'refused', { firstSeen: T0 + (i % 2) * INTERVAL }));
    const groups = groupFindings(findings, options(5000));
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group.count).toBe(5000);
    expect(group.members).toHaveLength(5000);
    expect(group.key).toBe('node.unreachable:refused');
    expect(group.causeLabel).toBe('connection refused');
    expect(group.likelyCause).toMatchObject({ summary: "the dashboard's own network", affected: 5000, clusterSize: 5000 });
    expect(group.title).toBe(
      "Likely the dashboard's own network: 5,000 of 5,000 nodes failed at once. 5,000 nodes unreachable — connection refused, 127.0.0.1:22000, 127.0.0.1:22002, 127.0.0.1:22004 …",
    );
    expect(group.firstSeen).toBe(T0);
    expect(group.lastSeen).toBe(T0 + INTERVAL);
  });

  it('names DNS when most names stop resolving at once', () => {
    const groups = groupFindings(range(8).map((i) => nodeFinding(i, 'dns')), options(10));
    expect(groups[0].likelyCause?.summary).toBe("the dashboard's DNS");
    expect(groups[0].title.startsWith("Likely the dashboard's DNS: 8 of 10 nodes failed at once. 8 nodes unreachable — name does not resolve")).toBe(true);
  });

  it('splits one kind by cause and keeps kinds apart', () => {
    const findings = [
      ...range(3).map((i) => nodeFinding(i, 'refused')),
      ...range(2).map((i) => nodeFinding(10 + i, 'dns')),
      nodeFinding(20, 'timeout', { kind: 'node.timeout' }),
    ];
    const groups = groupFindings(findings, options(1000));
    expect(groups.map((group) => [group.key, group.count])).toEqual([
      ['node.unreachable:refused', 3],
      ['node.unreachable:dns', 2],
      ['node.timeout:timeout', 1],
    ]);
    expect(groups.every((group) => group.likelyCause === null)).toBe(true);
  });

  it('blames the nodes, not the dashboard, when only some fail', () => {
    const groups = groupFindings(range(100).map((i) => nodeFinding(i, 'refused')), options(5000));
    expect(groups[0].likelyCause).toBeNull();
    expect(groups[0].title).toBe('100 nodes unreachable — connection refused, 127.0.0.1:22000, 127.0.0.1:22001, 127.0.0.1:22002 …');
  });

  it('does not call failures spread over time a shared cause, even when most nodes are down', () => {
    const findings = range(10).map((i) => nodeFinding(i, 'refused', { firstSeen: T0 + i * 60_000 }));
    expect(groupFindings(findings, options(10))[0].likelyCause).toBeNull();
  });

  it('needs a few nodes before suspecting the dashboard', () => {
    expect(groupFindings([nodeFinding(0, 'refused'), nodeFinding(1, 'refused')], options(2))[0].likelyCause).toBeNull();
    expect(groupFindings(range(3).map((i) => nodeFinding(i, 'refused')), options(3))[0].likelyCause).not.toBeNull();
  });

  it('reads a single member in the singular, without an ellipsis', () => {
    expect(groupFindings([nodeFinding(0, 'refused')], options(100))[0].title).toBe('1 node unreachable — connection refused, 127.0.0.1:22000');
  });

  it('never suspects the dashboard for answers it did get (bad responses)', () => {
    const findings = range(10).map((i) => nodeFinding(i, 'schema', { kind: 'node.bad_response' }));
    const [group] = groupFindings(findings, options(10));
    expect(group.likelyCause).toBeNull();
    expect(group.causeLabel).toBe('fails the admin API schema');
  });

  it('groups replication links by their error code, and links without one by kind', () => {
    const groups = groupFindings([linkFinding('a->b', 'E_RSYNC'), linkFinding('a->c', 'E_RSYNC'), linkFinding('d->e', null)], options(10));
    expect(groups.map((group) => group.title)).toEqual(['2 replication links in error — E_RSYNC, a->b, a->c', '1 replication link in error — d->e']);
  });

  it('counts refused, reset and hanging connections together: a dying network path leaves all three', () => {
    const findings = [
      ...range(40).map((i) => nodeFinding(i, 'refused')),
      ...range(20).map((i) => nodeFinding(40 + i, 'network')),
      ...range(10).map((i) => nodeFinding(60 + i, 'timeout', { kind: 'node.timeout', severity: 'warning' })),
    ];
    const groups = groupFindings(findings, options(100));
    expect(groups.map((group) => [group.key, group.likelyCause?.affected ?? null])).toEqual([
      ['node.unreachable:refused', 70],
      ['node.unreachable:network', 70],
      ['node.timeout:timeout', 70],
    ]);
    expect(groups[1].title).toMatch(/^Likely the dashboard's own network: 70 of 100 nodes failed at once\. 20 nodes unreachable — network error/);
    // DNS failures are another shared part: they are not added to the socket-level count.
    const withDns = groupFindings([...range(40).map((i) => nodeFinding(i, 'refused')), ...range(30).map((i) => nodeFinding(40 + i, 'dns'))], options(100));
    expect(withDns.every((group) => group.likelyCause === null)).toBe(true);
  });

  it('names a link seen from both of its ends once in the title', () => {
    const fromReplica = { ...linkFinding('a->b', null), id: 'sync.unknown:link:b:a->b' };
    const fromPrimary = { ...linkFinding('a->b', null), id: 'sync.unknown:link:a:a->b', subject: { type: 'link' as const, id: 'a->b', node: 'a' } };
    const [group] = groupFindings([fromReplica, fromPrimary, linkFinding('a->c', null)], options(10));
    expect(group.count).toBe(3);
    expect([...group.sample].sort()).toEqual(['a->b', 'a->c']);
  });

  it('orders a likely shared cause first, then severity, then size', () => {
    const findings = [
      ...range(2).map((i) => ({ ...linkFinding(`l${i}`, null), severity: 'warning' as const })),
      ...range(3).map((i) => nodeFinding(i, 'timeout', { kind: 'node.timeout' })),
      ...range(4).map((i) => nodeFinding(10 + i, 'refused', { firstSeen: T0 + i * 60_000 })),
      ...range(6).map((i) => nodeFinding(20 + i, 'dns')),
    ];
    const groups = groupFindings(findings, options(10));
    expect(groups.map((group) => group.key)).toEqual(['node.unreachable:dns', 'node.unreachable:refused', 'node.timeout:timeout', 'sync.error']);
  });

  it('orders members most severe and oldest first', () => {
    const findings = [nodeFinding(1, 'refused', { firstSeen: T0 + 10 }), nodeFinding(2, 'refused', { severity: 'warning' }), nodeFinding(3, 'refused')];
    expect(groupFindings(findings, options(100))[0].members.map((member) => member.subject.id)).toEqual(['n3', 'n1', 'n2']);
  });

  it('answers an empty list for no findings', () => {
    expect(groupFindings([], options(0))).toEqual([]);
  });
});

describe('largestOnset', () => {
  it('counts the most starts inside one window', () => {
    expect(largestOnset([0, 100, 200, 10_000, 10_050, 10_100, 10_150], 200)).toBe(4);
    expect(largestOnset([5, 1, 3], 0)).toBe(1);
    expect(largestOnset([], 1000)).toBe(0);
  });
});
