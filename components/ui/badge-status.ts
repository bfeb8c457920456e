import type { FindingClass, Severity } from '@/lib/contract/findings';
import type { LinkState, NodeStatus } from '@/lib/contract/report';

/** Every status the product shows: node, replication link, finding severity, finding status and class. */
export type BadgeStatus = NodeStatus | LinkState | Severity | 'active' | 'resolved' | FindingClass;

/** How a status looks: tone drives colour, `icon` and `text` make it readable without colour. */
export type BadgeTone = 'good' | 'bad' | 'warn' | 'info' | 'progress' | 'unknown' | 'stale' | 'neutral';
export type BadgeLook = { text: string; icon: string; tone: BadgeTone; meaning: string };

/** The one place a status becomes words, an icon and a tone. Exhaustive: a new status must be added here. */
export function badgeLook(status: BadgeStatus): BadgeLook {
  switch (status) {
    case 'ok':
      return { text: 'ok', icon: '✓', tone: 'good', meaning: 'The last poll got a valid answer.' };
    case 'unreachable':
      return { text: 'unreachable', icon: '✕', tone: 'bad', meaning: 'Connection refused or failed (DNS, TLS, network).' };
    case 'timeout':
      return { text: 'timeout', icon: '◷', tone: 'bad', meaning: 'No complete answer within the request timeout.' };
    case 'bad_response':
      return { text: 'bad response', icon: '!', tone: 'bad', meaning: 'Non-2xx, not JSON, oversized, or failed the schema.' };
    case 'unknown':
      return { text: 'unknown', icon: '?', tone: 'unknown', meaning: 'No data yet, or the source did not say.' };
    case 'stale':
      return { text: 'stale', icon: '◌', tone: 'stale', meaning: 'Last known data is too old to trust.' };
    case 'connecting':
      return { text: 'connecting', icon: '…', tone: 'progress', meaning: 'The link is connecting to its primary.' };
    case 'meta_sync':
      return { text: 'meta sync', icon: '↻', tone: 'progress', meaning: 'Copying replication metadata.' };
    case 'full_sync':
      return { text: 'full sync', icon: '↻', tone: 'progress', meaning: 'Copying the full data set.' };
    case 'incremental':
      return { text: 'incremental', icon: '→', tone: 'progress', meaning: 'Streaming changes, catching up.' };
    case 'in_sync':
      return { text: 'in sync', icon: '✓', tone: 'good', meaning: 'The node reports the link as in sync.' };
    case 'error':
      return { text: 'error', icon: '✕', tone: 'bad', meaning: 'The link is in error or its retries are exhausted.' };
    case 'critical':
      return { text: 'critical', icon: '▲', tone: 'bad', meaning: 'Needs action now.' };
    case 'warning':
      return { text: 'warning', icon: '◆', tone: 'warn', meaning: 'Needs attention.' };
    case 'info':
      return { text: 'info', icon: 'i', tone: 'info', meaning: 'For information.' };
    case 'active':
      return { text: 'active', icon: '●', tone: 'warn', meaning: 'The condition holds now.' };
    case 'resolved':
      return { text: 'resolved', icon: '✓', tone: 'neutral', meaning: 'The condition no longer holds.' };
    case 'transient':
      return { text: 'transient', icon: '~', tone: 'neutral', meaning: 'Stopped, recovered or retried successfully.' };
    case 'persistent':
      return { text: 'persistent', icon: '≡', tone: 'warn', meaning: 'Still recurring now.' };
    default:
      return assertNever(status);
  }
}

function assertNever(value: never): never {
  throw new Error(`No badge for status ${String(value)}`);
}
