'use client';

import { ErrorState } from '@/components/ui/ErrorState';

export default function PeersError({ error, reset }: { error: Error; reset: () => void }) {
  return (
    <ErrorState
      title="The peers view failed"
      message={error.message}
      next="Try again; if it keeps failing, the server log has the details."
      action={
        <button type="button" className="button" onClick={reset}>
          Try again
        </button>
      }
    />
  );
}
