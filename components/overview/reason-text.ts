import type { NodeStatus, PollReason } from '@/lib/contract/report';

/** Why a poll failed, in one line: the message, plus the schema path when the answer failed validation. */
export function reasonText(reason: PollReason | null): string | null {
  if (!reason) return null;
  return reason.path ? `${reason.message} (at ${reason.path})` : reason.message;
}

/** What to say under a node's badge: the poll's failure reason, or why we do not know. */
export function nodeStatusNote(status: NodeStatus, reason: PollReason | null): string | null {
  const text = reasonText(reason);
  if (text) return text;
  switch (status) {
    case 'unknown':
      return 'not polled yet';
    case 'stale':
      return 'no fresh report for over 3 poll intervals';
    case 'ok':
    case 'unreachable':
    case 'timeout':
    case 'bad_response':
      return null;
    default:
      return assertNever(status);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled node status ${String(value)}`);
}
