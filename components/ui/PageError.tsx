'use client';

import Link from 'next/link';
import { ErrorState } from './ErrorState';

/** What Next.js hands a route's error.tsx. */
export type PageErrorProps = { error: Error & { digest?: string }; reset: () => void };

/**
 * A page that failed to render: the server log reference (or the message when
 * there is none) and a retry; `overviewLink` also offers the way back to /.
 */
export function PageError({ error, reset, title, overviewLink = false }: PageErrorProps & { title: string; overviewLink?: boolean }) {
  const retry = <button onClick={() => reset()}>Try again</button>;
  return (
    <ErrorState
      title={title}
      message={error.digest ? `Reference ${error.digest}` : error.message}
      next={
        overviewLink
          ? 'Try again, or go back to the overview; if it keeps failing, check the Clusterscope server log.'
          : 'Try again; if it keeps failing, check the Clusterscope server log for this reference.'
      }
      action={
        overviewLink ? (
          <>
            {retry} <Link href="/">All clusters</Link>
          </>
        ) : (
          retry
        )
      }
    />
  );
}
