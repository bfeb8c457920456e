import { Panel } from '@/components/ui/Panel';
import { Skeleton } from '@/components/ui/Skeleton';

export default function Loading() {
  return (
    <>
      <h1>Failover</h1>
      <Panel title="Incidents">
        <Skeleton lines={6} label="Loading failover incidents…" />
      </Panel>
    </>
  );
}
