import { Panel } from '@/components/ui/Panel';
import { Skeleton } from '@/components/ui/Skeleton';

export default function Loading() {
  return (
    <>
      <h1>Routing</h1>
      <Panel title="Partition owners">
        <Skeleton lines={6} label="Loading routing tables…" />
      </Panel>
    </>
  );
}
