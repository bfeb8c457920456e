import type { Metadata } from 'next';
import { NodeDetail } from '@/components/node/NodeDetail';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Node ${nodeIdFromPath(id)}` };
}

export default async function NodePage({ params }: Props) {
  const { id } = await params;
  return <NodeDetail id={nodeIdFromPath(id)} />;
}

/** Route params arrive percent-encoded; a malformed escape is shown as typed (the API then answers 404). */
function nodeIdFromPath(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
