'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DataAge } from '@/components/ui/DataAge';
import { EmptyState } from '@/components/ui/EmptyState';
import { ErrorState } from '@/components/ui/ErrorState';
import { Panel } from '@/components/ui/Panel';
import { FailoverSkeleton } from './FailoverSkeleton';
import { ViewFindings } from '@/components/routing/ViewFindings';
import { failoverQuery } from '@/lib/client/failover-queries';
import { usePollInterval, useStaleAfter } from '@/lib/client/queries';
import { IncidentList } from './IncidentList';
import { StaleMembersTable } from './StaleMembersTable';
import styles from './failover.module.css';
import { useClusterName } from '@/lib/client/use-cluster';
import { useAsOf } from '@/lib/client/use-as-of';
import { useUrlFilter } from '@/lib/client/use-url-filter';

// `at` is kept with the filter, so changing the filter of a past view stays in the past.
const FAILOVER_FILTER_KEYS = ['status', 'at'] as const;

const RETRY = 'The page retries on its own every poll interval; check that the Clusterscope server is running.';

/** /failover: each lost primary as an incident with its timeline, and every member still on an old ballot. */
export function FailoverView() {
  const cluster = useClusterName();
  const pollIntervalMs = usePollInterval(cluster);
  // The filter lives in the URL: a filtered view can be shared.
  const [filter, setFilter] = useUrlFilter(FAILOVER_FILTER_KEYS);
  const status = filter.status === 'active' ? 'active' : 'all';
  const { at } = useAsOf();
  const { data, error, isPending } = useQuery({ ...failoverQuery(cluster, status, pollIntervalMs, at), placeholderData: keepPreviousData });
  const staleAfterMs = useStaleAfter(cluster);

  if (isPending) return <FailoverSkeleton />;
  if (!data) {
    return (
      <>
        <h1>Failover</h1>
        <ErrorState title="Failover incidents could not be loaded" message={error?.message} next={RETRY} />
      </>
    );
  }

  const age = <DataAge at={data.generatedAt} staleAfterMs={staleAfterMs} />;
  const activeFindings = data.findings.filter((finding) => finding.status === 'active').length;
  const activeIncidents = data.incidents.filter((incident) => incident.status === 'active').length;

  return (
    <>
      <div className="page-header">
        <h1>Failover</h1>
        <span className="page-header__meta">
          {activeIncidents} active incident{activeIncidents === 1 ? '' : 's'} · {data.staleMembers.filter((member) => member.pastGrace).length} member(s) on a
          stale config
        </span>
      </div>

      <Panel title={`Failover findings (${activeFindings} active)`} age={age}>
        <ViewFindings findings={data.findings} label="failover" quiet="No primary is lost and every node and client has the newest configuration." />
      </Panel>

      <Panel title={`On an old ballot now (${data.staleMembers.length})`} age={age}>
        <StaleMembersTable members={data.staleMembers} graceMs={data.staleConfigGraceMs} />
      </Panel>

      <Panel
        title={`Incidents (${data.incidents.length})`}
        age={age}
        actions={
          <label className={styles.toolbar}>
            Show{' '}
            <select value={status} onChange={(event) => setFilter({ status: event.currentTarget.value === 'active' ? 'active' : '' })}>
              <option value="all">all incidents</option>
              <option value="active">active only</option>
            </select>
          </label>
        }
      >
        {data.incidents.length === 0 ? (
          <EmptyState title={status === 'active' ? 'No active failover' : 'No failover seen yet'}>
            An incident starts when the current primary of a partition stops answering.
          </EmptyState>
        ) : (
          <IncidentList incidents={data.incidents} now={data.generatedAt} />
        )}
      </Panel>
    </>
  );
}
