import type { Metadata } from 'next';
import { LogPanel } from '@/components/logs/LogPanel';

export const metadata: Metadata = { title: 'Logs' };

export default function LogsPage() {
  return <LogPanel />;
}
