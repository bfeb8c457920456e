'use client';

import { useQuery } from '@tanstack/react-query';
import { DataAge } from '@/components/ui/DataAge';
import { EmptyState } from '@/components/ui/EmptyState';
import { ErrorState } from '@/components/ui/ErrorState';
import { Panel } from '@/components/ui/Panel';
import { Skeleton } from '@/components/ui/Skeleton';
import { Table } from '@/components/ui/Table';
import { TimeAgo } from '@/components/ui/TimeAgo';
import { DELIVERY_STATE_TEXT, deliveryState } from '@/lib/alerting/delivery-state';
import { alertingQuery } from '@/lib/client/alerting-queries';
import { DEFAULT_POLL_INTERVAL_MS } from '@/lib/client/queries';

/** /alerting: each configured Alertmanager and webhook, and whether findings reach it. */
export function AlertingStatus() {
  const status = useQuery(alertingQuery(DEFAULT_POLL_INTERVAL_MS));
  const data = status.data;
  if (!data) {
    return status.isError ? (
      <ErrorState title="Alerting status could not be loaded" message={status.error.message} next="The page retries on its own; check that the Clusterscope server is running." />
    ) : (
      <Skeleton lines={4} label="Loading alerting status…" />
    );
  }
  const age = <DataAge at={data.generatedAt} staleAfterMs={DEFAULT_POLL_INTERVAL_MS * 3} />;
  return (
    <>
      <h1>Alerting</h1>
      {data.problems.length > 0 ? (
        <div role="alert" className="stale-banner">
          <ul>
            {data.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Panel title="Alertmanagers" age={age}>
        {data.alertmanagers.length === 0 ? (
          <EmptyState title="No Alertmanager configured">Add alerting.alertmanagers to the config (docs/alerting.md).</EmptyState>
        ) : (
          <Table caption="Alertmanagers and their delivery state" columns={['Alertmanager', 'State', 'Last success', 'Last error', 'Sent', 'Failed']}>
            <tbody>
              {data.alertmanagers.map((target) => (
                <tr key={target.url}>
                  <td>{target.url}</td>
                  <td>
                    {DELIVERY_STATE_TEXT[deliveryState(target)]}
                    {target.consecutiveFailures > 1 ? ` (${target.consecutiveFailures} in a row)` : null}
                  </td>
                  <td>
                    <TimeAgo at={target.lastSuccessAt} />
                  </td>
                  <td>{target.lastError ? <>{target.lastError.message} (<TimeAgo at={target.lastError.at} />)</> : '—'}</td>
                  <td>{target.sent}</td>
                  <td>{target.failed}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Panel>
      <Panel title="Webhooks" age={age}>
        {data.webhooks.length === 0 ? (
          <EmptyState title="No webhook configured">Add alerting.webhooks to the config (docs/alerting.md).</EmptyState>
        ) : (
          <Table caption="Webhooks and their delivery state" columns={['Webhook', 'State', 'Queued', 'Delivered', 'Failed', 'Dropped', 'Last error']}>
            <tbody>
              {data.webhooks.map((target) => (
                <tr key={target.url}>
                  <td>{target.url}</td>
                  <td>{DELIVERY_STATE_TEXT[deliveryState(target)]}</td>
                  <td>{target.queued}</td>
                  <td>{target.delivered}</td>
                  <td>{target.failed}</td>
                  <td>{target.dropped}</td>
                  <td>{target.lastError ? <>{target.lastError.message} (<TimeAgo at={target.lastError.at} />)</> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Panel>
    </>
  );
}
