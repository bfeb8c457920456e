'use client';

import { ErrorState } from '@/components/ui/ErrorState';

export default function SyncError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorState
      title="The sync view failed to render"
      message={error.digest ? `Reference ${error.digest}` : error.message}
      next="Try again; if it keeps failing, check the Clusterscope server log for this reference."
      action={<button onClick={() => reset()}>Try again</button>}
    />
  );
}
