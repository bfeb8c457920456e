import type { PollReason } from '@/lib/contract/report';

/** Why a poll failed, in one line: the message, plus the schema path when the answer failed validation. */
export function reasonText(reason: PollReason | null): string | null {
  if (!reason) return null;
  return reason.path ? `${reason.message} (at ${reason.path})` : reason.message;
}
