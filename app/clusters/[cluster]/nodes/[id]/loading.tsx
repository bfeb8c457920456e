import { NodeDetailSkeleton } from '@/components/node/NodeDetailSkeleton';

export default function Loading() {
  return <NodeDetailSkeleton />;
}
