import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Clusterscope', template: '%s · Clusterscope' },
  description: 'What is wrong inside your cluster: nodes, peers, sync, routing, failover and logs.',
  icons: { icon: '/favicon.svg' },
};

export const viewport: Viewport = { colorScheme: 'dark', themeColor: '#0d1117' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so Next can put this request's CSP nonce (from proxy.ts) on its scripts.
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>
          <a className="skip-link" href="#main">
            Skip to content
          </a>
          {/* Each page renders the Shell (header, banner, main) inside its own prefetched data. */}
          {children}
        </Providers>
      </body>
    </html>
  );
}
