import type { PollStatus } from '@/lib/contract/report';

/** Chart fills per poll outcome (SVG needs literal colours; these match the badge tones in globals.css). */
export function pollStatusColor(status: PollStatus): string {
  switch (status) {
    case 'ok':
      return '#4cc38a';
    case 'unreachable':
      return '#ff6b6b';
    case 'timeout':
      return '#f08c4a';
    case 'bad_response':
      return '#e05fd0';
    default:
      return assertNever(status);
  }
}

function assertNever(value: never): never {
  throw new Error(`No colour for poll status ${String(value)}`);
}
