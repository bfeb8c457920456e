import { Panel } from '@/components/ui/Panel';
import { Skeleton } from '@/components/ui/Skeleton';

/** Stands in for NodeDetail while its data loads. */
export function NodeDetailSkeleton({ id }: { id?: string }) {
  return (
    <>
      <h1>{id ? `Node ${id}` : 'Node'}</h1>
      <Panel title="Summary">
        <Skeleton lines={3} label="Loading the node…" />
      </Panel>
      <Panel title="Latency and status over time">
        <Skeleton lines={6} label="Loading the chart…" />
      </Panel>
    </>
  );
}
