'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { groupMembersQuery, usePollInterval } from '@/lib/client/queries';
import { ErrorState } from './ErrorState';
import { FindingList } from './FindingList';
import { Skeleton } from './Skeleton';

/** Members shown per page: a few cards, so 5,000 members never become 5,000 cards at once. */
const MEMBERS_PER_PAGE = 20;

/** The findings behind one group, a server page at a time. */
export function GroupMembers({ cluster, groupKey, status }: { cluster: string; groupKey: string; status: 'active' | 'resolved' }) {
  const pollIntervalMs = usePollInterval(cluster);
  const [offset, setOffset] = useState(0);
  const members = useQuery(groupMembersQuery(cluster, { key: groupKey, status, offset, limit: MEMBERS_PER_PAGE }, pollIntervalMs));
  if (members.isError) return <ErrorState title="The group's findings could not be loaded" message={members.error.message} next="It retries every poll interval." />;
  if (!members.data) return <Skeleton lines={2} label="Loading the group's findings…" />;
  const { findings, page } = members.data;
  const last = Math.min(page.total, page.offset + findings.length);
  return (
    <div className="group-members">
      <nav className="pager" aria-label="Pages of this group">
        <button type="button" disabled={page.offset === 0} onClick={() => setOffset(Math.max(0, offset - MEMBERS_PER_PAGE))}>
          Previous
        </button>
        <span className="muted" aria-live="polite">
          {page.total === 0 ? 'none left: the group resolved' : `${(page.offset + 1).toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${page.total.toLocaleString('en-US')}`}
        </span>
        <button type="button" disabled={page.nextCursor === null} onClick={() => setOffset(offset + MEMBERS_PER_PAGE)}>
          Next
        </button>
      </nav>
      <FindingList findings={findings} label="Findings in this group" />
    </div>
  );
}
