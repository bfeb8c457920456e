'use client';

import { StatusBadge } from '@/components/ui/StatusBadge';
import { Table } from '@/components/ui/Table';
import { TimeAgo } from '@/components/ui/TimeAgo';
import { formatEvidenceValue } from '@/lib/client/format';
import type { Finding } from '@/lib/contract/findings';
import styles from './peers.module.css';

/** Peer findings one per row (active first, then recently resolved); the peer id opens its category history. */
export function PeerFindingsTable({
  findings,
  onSelectPeer,
}: {
  findings: readonly Finding[];
  onSelectPeer: (node: string, peer: string) => void;
}) {
  return (
    <div className={styles.tableScroll} style={{ maxHeight: '30rem' }}>
      <Table caption="Peer findings" dense columns={['State', 'What', 'Node', 'Peer', 'Since']}>
        <tbody>
          {findings.map((finding) => {
            const node = finding.subject.node ?? '';
            const evidence = Object.entries(finding.evidence)
              .map(([key, value]) => `${key}: ${formatEvidenceValue(value)}`)
              .join('\n');
            return (
              <tr key={finding.id} data-finding={finding.kind}>
                <td>
                  <StatusBadge status={finding.status} label="state" /> <StatusBadge status={finding.class} label="class" />
                </td>
                <td title={`${finding.summary}\n\n${evidence}`}>
                  <span className="mono">{finding.kind}</span>
                  <div className="muted">{briefly(finding)}</div>
                  <span className="sr-only">{finding.summary}</span>
                </td>
                <td className={`mono ${styles.nowrap}`}>{node}</td>
                <td className={styles.peerCell}>
                  <button
                    type="button"
                    className={styles.peerButton}
                    title={finding.subject.id}
                    onClick={() => onSelectPeer(node, finding.subject.id)}
                  >
                    {finding.subject.id}
                  </button>
                </td>
                <td>
                  <TimeAgo at={finding.firstSeen} />
                  {finding.resolvedAt !== null ? (
                    <div className="muted">
                      resolved <TimeAgo at={finding.resolvedAt} />
                    </div>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </div>
  );
}

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '?');

/** The one fact that matters per kind, short enough for a table cell (the full summary is in the tooltip). */
function briefly(finding: Finding): string {
  const e = finding.evidence;
  switch (finding.kind) {
    case 'peer.category_gap':
      return `was ${text(e.categoryBefore)}, in none for ${text(e.missingPolls)} poll(s)`;
    case 'peer.multi_category':
      return Array.isArray(e.categories) ? `in ${e.categories.join(' + ')}` : 'in several categories';
    case 'peer.read_error':
      return `${text(e.count)} read error(s)${e.peerStillOut === true ? ', peer still out' : ''}`;
    default:
      return finding.summary;
  }
}
