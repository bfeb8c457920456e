'use client';

import { PageError, type PageErrorProps } from '@/components/ui/PageError';

export default function FailoverError(props: PageErrorProps) {
  return <PageError {...props} title="The failover page failed to render" overviewLink />;
}
