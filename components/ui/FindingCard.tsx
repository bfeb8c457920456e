'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ClusterFinding } from '@/lib/contract/api';
import { formatEvidenceValue } from '@/lib/client/format';
import { findingLinks } from './finding-links';
import { StatusBadge } from './StatusBadge';
import { TimeAgo } from './TimeAgo';

/** One finding: severity, kind, subject, summary, evidence as text, first/last seen, status and class. */
export function FindingCard({ finding }: { finding: ClusterFinding }) {
  const { subject } = finding;
  const evidence = Object.entries(finding.evidence);
  // No link to the page the operator is already on.
  const pathname = usePathname();
  const links = findingLinks(finding).filter((link) => link.href !== pathname);
  return (
    <article
      className={`finding finding--${finding.severity} finding--${finding.status}`}
      aria-label={`${finding.kind} ${subject.id}`}
      data-kind={finding.kind}
    >
      <header className="finding__header">
        <StatusBadge status={finding.severity} label="severity" />
        <code className="finding__kind">{finding.kind}</code>
        <span className="finding__subject">
          {subject.type} <strong>{subject.id}</strong>
          {subject.node && subject.node !== subject.id ? <> on {subject.node}</> : null}
        </span>
        <span className="finding__badges">
          <StatusBadge status={finding.status} label="finding" />
          <StatusBadge status={finding.class} label="class" />
        </span>
      </header>
      <p className="finding__summary">{finding.summary}</p>
      {evidence.length > 0 ? (
        <dl className="finding__evidence">
          {evidence.map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{formatEvidenceValue(value)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <footer className="finding__times">
        <span>
          first seen <TimeAgo at={finding.firstSeen} />
        </span>
        <span>
          last seen <TimeAgo at={finding.lastSeen} />
        </span>
        {finding.resolvedAt !== null ? (
          <span>
            resolved <TimeAgo at={finding.resolvedAt} />
          </span>
        ) : null}
        <span className="finding__links">
          {links.map((link) => (
            <Link key={link.href} href={link.href}>
              {link.label} →
            </Link>
          ))}
        </span>
      </footer>
    </article>
  );
}
