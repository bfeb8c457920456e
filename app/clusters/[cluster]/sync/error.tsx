'use client';

import { PageError, type PageErrorProps } from '@/components/ui/PageError';

export default function SyncError(props: PageErrorProps) {
  return <PageError {...props} title="The sync view failed to render" />;
}
