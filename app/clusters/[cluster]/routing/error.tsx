'use client';

import { PageError, type PageErrorProps } from '@/components/ui/PageError';

export default function RoutingError(props: PageErrorProps) {
  return <PageError {...props} title="The routing page failed to render" overviewLink />;
}
