import type { Metadata } from 'next';
import { StorageStatus } from '@/components/storage/StorageStatus';

export const metadata: Metadata = { title: 'Storage' };

export default function StoragePage() {
  return <StorageStatus />;
}
