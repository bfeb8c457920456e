'use client';

import { useQuery } from '@tanstack/react-query';
import { ChoiceOrText } from '@/components/ui/ChoiceOrText';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { DataAge } from '@/components/ui/DataAge';
import { EmptyState } from '@/components/ui/EmptyState';
import { ErrorState } from '@/components/ui/ErrorState';
import { FindingList } from '@/components/ui/FindingList';
import { Panel } from '@/components/ui/Panel';
import { Skeleton } from '@/components/ui/Skeleton';
import { findingsOfView, sortFindings } from '@/lib/contract/findings';
import { findingsQuery, searchString, usePollInterval, useStaleAfter } from '@/lib/client/queries';
import { syncQuery } from '@/lib/client/sync-queries';
import { LinkHistoryChart } from './LinkHistoryChart';
import { SyncSummary } from './SyncSummary';
import { SyncTopology } from './SyncTopology';
import styles from './sync.module.css';
import { useClusterName } from '@/lib/client/use-cluster';
import { useAsOf } from '@/lib/client/use-as-of';

const RETRY_TEXT = 'The page retries on its own every poll interval; check that the Clusterscope server is running.';

/** The sync view: every replication link's claimed state next to what the evidence says. */
/** Finding cards drawn at once: in an outage thousands of links are unknown, and thousands of cards drown the page. */
const ACTIVE_SHOWN = 50;

export function SyncDashboard() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const primary = searchParams.get('primary') ?? undefined;
  const link = searchParams.get('link') ?? undefined;
  const cluster = useClusterName();
  const pollIntervalMs = usePollInterval(cluster);
  const { at } = useAsOf();
  const sync = useQuery(syncQuery(cluster, { primary, link }, pollIntervalMs, at));
  const findings = useQuery(findingsQuery(cluster, { status: 'all' }, pollIntervalMs, at));
  const staleAfterMs = useStaleAfter(cluster);

  // The selection lives in the URL so a link's chart can be shared.
  const navigate = (next: { primary?: string; link?: string }) =>
    // A past moment stays with the selection.
    router.replace(`${pathname}${searchString({ ...next, at: searchParams.get('at') ?? undefined })}`, { scroll: false });

  const view = sync.data;
  const selectedId = view?.selected?.id ?? null;
  const syncFindings = findingsOfView(findings.data?.findings ?? [], 'sync');
  const active = sortFindings(syncFindings.filter((finding) => finding.status === 'active'));
  const resolved = sortFindings(syncFindings.filter((finding) => finding.status === 'resolved'));

  return (
    <>
      <div className="page-header">
        <h1>Sync</h1>
        <span className="page-header__meta">replication links: the state each node claims, checked against offsets, last I/O and the primary</span>
      </div>

      <Panel title="Replication topology" id="sync-topology" age={<DataAge at={view?.dataAt ?? null} prefix="analysed" staleAfterMs={staleAfterMs} />}>
        {view ? (
          <>
            <div className={styles.toolbar}>
              <label>
                Primary{' '}
                <ChoiceOrText
                  choices={view.primaries.map((id) => ({ value: id, label: id }))}
                  value={primary ?? ''}
                  allLabel="all primaries"
                  onChange={(value) => navigate({ primary: value || undefined, link })}
                />
              </label>
            </div>
            <SyncSummary view={view} />
            {view.dataAt === null ? (
              <EmptyState title="No poll cycle has finished yet">Links appear after the first poll of every node.</EmptyState>
            ) : view.page.total === 0 ? (
              <EmptyState title="No replication links reported">
                No node that answered lists a replication link{primary ? ` with primary ${primary}` : ''}.
              </EmptyState>
            ) : (
              <SyncTopology
                firstPage={view}
                params={{ primary, link }}
                at={at}
                asOf={view.generatedAt}
                selectedId={selectedId}
                onSelect={(id) => navigate({ primary, link: id })}
              />
            )}
          </>
        ) : sync.isError ? (
          <ErrorState title="Sync data could not be loaded" message={sync.error.message} next={RETRY_TEXT} />
        ) : (
          <Skeleton lines={6} label="Loading replication links…" />
        )}
      </Panel>

      <Panel
        title={view?.selected ? `Lag and offsets: ${view.selected.id}` : 'Lag and offsets'}
        id="sync-history"
        age={<DataAge at={view?.selected?.samples.at(-1)?.at ?? null} prefix="last sample" staleAfterMs={staleAfterMs} />}
      >
        {view?.selected ? (
          <LinkHistoryChart linkId={view.selected.id} samples={view.selected.samples} />
        ) : view ? (
          <EmptyState title={link ? `No history for ${link}` : 'No link to chart'}>
            {link ? 'No node reports this link now, and its history has expired.' : 'Choose a link in the table above.'}
          </EmptyState>
        ) : (
          <Skeleton lines={4} label="Loading link history…" />
        )}
      </Panel>

      <Panel
        title={findings.data ? `Sync findings (${active.length} active)` : 'Sync findings'}
        id="sync-findings"
        age={<DataAge at={findings.data?.generatedAt ?? null} staleAfterMs={staleAfterMs} />}
      >
        {findings.data ? (
          active.length > 0 ? (
            <>
              <FindingList findings={active.slice(0, ACTIVE_SHOWN)} label="Active sync findings" />
              {active.length > ACTIVE_SHOWN ? (
                <p className="muted">
                  Showing the {ACTIVE_SHOWN} most severe of {active.length.toLocaleString('en-US')}; the overview groups them all by cause.
                </p>
              ) : null}
            </>
          ) : (
            <p className="muted">No active sync finding.</p>
          )
        ) : findings.isError ? (
          <ErrorState title="Findings could not be loaded" message={findings.error.message} next={RETRY_TEXT} />
        ) : (
          <Skeleton lines={3} label="Loading findings…" />
        )}
        {resolved.length > 0 ? (
          <details className="collapsible">
            <summary>Recently resolved sync findings ({resolved.length})</summary>
            <div className="collapsible__body">
              <FindingList findings={resolved.slice(0, 30)} label="Resolved sync findings" />
            </div>
          </details>
        ) : null}
      </Panel>
    </>
  );
}
