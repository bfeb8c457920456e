'use client';

import { PageError, type PageErrorProps } from '@/components/ui/PageError';

export default function LogsError(props: PageErrorProps) {
  return <PageError {...props} title="The log panel failed to render" />;
}
