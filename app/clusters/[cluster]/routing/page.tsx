import type { Metadata } from 'next';
import { RoutingView } from '@/components/routing/RoutingView';

export const metadata: Metadata = { title: 'Routing' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RoutingPage({ searchParams }: Props) {
  const params = await searchParams;
  const node = params.view === 'node' && typeof params.node === 'string' && params.node !== '' ? params.node : null;
  return <RoutingView initialNode={node} />;
}
