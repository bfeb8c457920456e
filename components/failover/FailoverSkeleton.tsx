import { Panel } from '@/components/ui/Panel';
import { Skeleton } from '@/components/ui/Skeleton';

/** Stands in for FailoverView while its data loads. */
export function FailoverSkeleton() {
  return (
    <>
      <h1>Failover</h1>
      <Panel title="Incidents">
        <Skeleton lines={6} label="Loading failover incidents…" />
      </Panel>
    </>
  );
}
