import type { PollStatus } from '@/lib/contract/report';

/** Chart fills per poll outcome: the CSS tokens of the badge tones (app/globals.css), resolved by the browser in SVG. */
export function pollStatusColor(status: PollStatus): string {
  switch (status) {
    case 'ok':
      return 'var(--good)';
    case 'unreachable':
      return 'var(--bad)';
    case 'timeout':
      return 'var(--chart-timeout)';
    case 'bad_response':
      return 'var(--chart-bad-response)';
    default:
      return assertNever(status);
  }
}

function assertNever(value: never): never {
  throw new Error(`No colour for poll status ${String(value)}`);
}
