'use client';

import { PageError, type PageErrorProps } from '@/components/ui/PageError';

export default function PageErrorBoundary(props: PageErrorProps) {
  return <PageError {...props} title="This page failed to render" />;
}
