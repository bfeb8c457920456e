'use client';

import type { FindingGroupView } from '@/lib/contract/api';
import { FindingList } from './FindingList';
import { GroupMembers } from './GroupMembers';
import { LazyDetails } from './LazyDetails';
import { StatusBadge } from './StatusBadge';
import { TimeAgo } from './TimeAgo';

/**
 * One group of findings (one kind and cause), as Alertmanager shows a group of
 * alerts: how many, which, since when, and — when most nodes failed the same
 * way at once — what more likely broke. Members load a page at a time, only
 * once the group is opened.
 */
export function FindingGroupCard({ group, status }: { group: FindingGroupView; status: 'active' | 'resolved' }) {
  return (
    // A section, not an article: the findings inside are the articles.
    <section className={`finding finding--${group.severity} finding-group`} aria-label={group.title} data-kind={group.kind} data-group={group.key}>
      <header className="finding__header">
        <StatusBadge status={group.severity} label="severity" />
        <code className="finding__kind">{group.kind}</code>
        <span className="finding__subject">
          <strong>{group.count.toLocaleString('en-US')}</strong> {group.count === 1 ? 'finding' : 'findings'}
        </span>
      </header>
      {group.likelyCause ? (
        <p className="finding-group__cause" role="note">
          <strong>Likely {group.likelyCause.summary}</strong> — {group.likelyCause.hint}
        </p>
      ) : null}
      <p className="finding__summary">{group.title}</p>
      <footer className="finding__times">
        <span>
          first seen <TimeAgo at={group.firstSeen} />
        </span>
        <span>
          last seen <TimeAgo at={group.lastSeen} />
        </span>
      </footer>
      {group.count <= group.firstMembers.length ? (
        <FindingList findings={group.firstMembers} label="Findings in this group" />
      ) : (
        <LazyDetails summary={(open) => `${open ? 'Hide' : 'Show'} the ${group.count.toLocaleString('en-US')} findings`}>
          {() => <GroupMembers cluster={group.cluster} groupKey={group.key} status={status} />}
        </LazyDetails>
      )}
    </section>
  );
}
