import type { ReactNode } from 'react';
import { AppHeader } from './AppHeader';
import { SignInStatus } from './SignInStatus';
import { ServerReachBanner } from './ServerReachBanner';
import { SharedStoreBanner } from './SharedStoreBanner';
import { PastBanner } from '@/components/history/PastBanner';

/**
 * Header, connection banner and main area. Pages render it inside their
 * prefetched data, so the header's queries find that data in the first HTML too.
 */
export function Shell({ cluster, children }: { cluster: string | null; children: ReactNode }) {
  return (
    <>
      <AppHeader cluster={cluster} signIn={<SignInStatus />} />
      <ServerReachBanner />
      <SharedStoreBanner cluster={cluster} />
      <PastBanner />
      <main id="main" className="app-main">
        {children}
      </main>
    </>
  );
}
