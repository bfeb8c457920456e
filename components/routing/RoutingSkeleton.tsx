import { Panel } from '@/components/ui/Panel';
import { Skeleton } from '@/components/ui/Skeleton';

/** Stands in for RoutingView while its data loads. */
export function RoutingSkeleton() {
  return (
    <>
      <h1>Routing</h1>
      <Panel title="Partition owners">
        <Skeleton lines={6} label="Loading routing tables…" />
      </Panel>
    </>
  );
}
