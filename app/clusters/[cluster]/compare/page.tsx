import type { Metadata } from 'next';
import { CompareView } from '@/components/history/CompareView';

export const metadata: Metadata = { title: 'Compare' };

export default function ComparePage() {
  return <CompareView />;
}
