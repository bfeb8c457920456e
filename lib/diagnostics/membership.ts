import type { Condition } from '@/lib/contract/findings';
import type { NodeReport } from '@/lib/contract/report';
import type { Analyzer, CycleInput } from './types';

/**
 * Membership: nodes whose peers are the cluster's member list (Olric's
 * CLUSTER.MEMBERS) should all list the same members. Gossip takes a moment to
 * spread a join or a leave, so views may differ for `routingGrace`; past it the
 * disagreement is peer.membership_divergence, naming who sees whom.
 */

export const MEMBERSHIP_SUBJECT = { type: 'cluster', id: 'membership' } as const;
/** Views and members named in the evidence; the counts are always in full. */
const EVIDENCE_CAP = 20;

export type MembershipState = { divergentSince: number | null };

/** The members a node lists, itself included; members it only remembers as missing do not count. */
export function membersSeenBy(report: NodeReport): string[] | null {
  if (report.status !== 'ok' || !report.peers?.membership) return null;
  const seen = new Set([report.targetId]);
  for (const peer of report.peers.peers) if (peer.category !== 'missing') seen.add(peer.id);
  return [...seen].sort();
}

export function stepMembership(state: MembershipState, input: CycleInput): { state: MembershipState; conditions: Condition[] } {
  const views: Array<{ member: string; sees: string[] }> = [];
  for (const report of input.reports.values()) {
    const sees = membersSeenBy(report);
    if (sees !== null) views.push({ member: report.targetId, sees });
  }
  const distinct = new Set(views.map((view) => view.sees.join('\u0000')));
  if (distinct.size <= 1) return { state: { divergentSince: null }, conditions: [] };
  const since = state.divergentSince ?? input.now;
  if (input.now - since <= input.config.routingGrace) return { state: { divergentSince: since }, conditions: [] };
  const everyone = new Set(views.flatMap((view) => view.sees));
  const notEverywhere = [...everyone].filter((member) => !views.every((view) => view.sees.includes(member))).sort();
  return {
    state: { divergentSince: since },
    conditions: [
      {
        kind: 'peer.membership_divergence',
        severity: 'warning',
        subject: MEMBERSHIP_SUBJECT,
        summary: `Members disagree on who is in the cluster: ${notEverywhere.slice(0, EVIDENCE_CAP).join(', ')} listed by some members only, for ${Math.round((input.now - since) / 1000)} s`,
        evidence: {
          distinctViews: distinct.size,
          notListedByAll: notEverywhere.slice(0, EVIDENCE_CAP),
          notListedByAllCount: notEverywhere.length,
          views: views.slice(0, EVIDENCE_CAP).map((view) => `${view.member} sees ${view.sees.join(', ')}`),
          graceMs: input.config.routingGrace,
        },
        since,
      },
    ],
  };
}

export const membershipAnalyzer: Analyzer<MembershipState> = {
  name: 'membership',
  initial: () => ({ divergentSince: null }),
  step: stepMembership,
};
