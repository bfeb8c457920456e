'use client';

import { PageError, type PageErrorProps } from '@/components/ui/PageError';

export default function NodeError(props: PageErrorProps) {
  return <PageError {...props} title="The node page failed to render" overviewLink />;
}
