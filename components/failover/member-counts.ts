import type { FailoverIncidentView, MemberAdoptionState } from '@/lib/diagnostics/failover-view';

const STATE_WORDS: Record<MemberAdoptionState, string> = {
  lost_primary: 'lost primary',
  stale: 'stale',
  waiting: 'waiting',
  down: 'not answering',
  adopted: 'adopted',
};

const ORDER: MemberAdoptionState[] = ['lost_primary', 'stale', 'waiting', 'down', 'adopted'];

/** "4,949 not answering, 99 adopted": the members of `incident` left out of `named`, by state. */
export function membersLeftOut(incident: Pick<FailoverIncidentView, 'memberStates'>, named: readonly { state: MemberAdoptionState }[]): string {
  const left = { ...incident.memberStates };
  for (const member of named) left[member.state] -= 1;
  return ORDER.filter((state) => left[state] > 0)
    .map((state) => `${left[state].toLocaleString('en-US')} ${STATE_WORDS[state]}`)
    .join(', ');
}
