'use client';

import Link from 'next/link';
import { ErrorState } from '@/components/ui/ErrorState';

export default function RoutingError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorState
      title="The routing page failed to render"
      message={error.digest ? `Reference ${error.digest}` : error.message}
      next="Try again, or go back to the overview; if it keeps failing, check the Clusterscope server log."
      action={
        <>
          <button onClick={() => reset()}>Try again</button> <Link href="/">Overview</Link>
        </>
      }
    />
  );
}
