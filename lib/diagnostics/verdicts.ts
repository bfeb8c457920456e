import type { Condition } from '@/lib/contract/findings';
import { notAsked } from './node-status';
import type { Analyzer } from './types';

/**
 * A cluster authority (the Pegasus meta leader) says which servers are ALIVE
 * and which UNALIVE (its peers, in those categories); the dashboard also asks
 * each server itself. When the two disagree past the routing grace (the
 * authority's failure detector needs a few seconds), that is a contradiction
 * worth showing: a server called ALIVE that does not answer gets traffic it
 * cannot serve; one called UNALIVE that answers has been cut out.
 */

const AUTHORITY_CATEGORIES = new Set(['ALIVE', 'UNALIVE']);

export type VerdictState = { since: Map<string, number> };

export const verdictAnalyzer: Analyzer<VerdictState> = {
  name: 'verdicts',
  initial: () => ({ since: new Map() }),
  step(state, input) {
    const since = new Map<string, number>();
    const conditions: Condition[] = [];
    for (const authority of input.reports.values()) {
      if (authority.status !== 'ok' || !authority.peers) continue;
      if (!authority.peers.categories.some((category) => AUTHORITY_CATEGORIES.has(category))) continue;
      for (const peer of authority.peers.peers) {
        if (!AUTHORITY_CATEGORIES.has(peer.category)) continue;
        const own = input.reports.get(peer.id);
        if (!own) continue;
        const answers = own.status === 'ok';
        const lost = (own.status === 'unreachable' || own.status === 'timeout') && !notAsked(own);
        const conflict = (peer.category === 'ALIVE' && lost) || (peer.category === 'UNALIVE' && answers);
        if (!conflict) continue;
        const key = `${authority.targetId}→${peer.id}`;
        const start = state.since.get(key) ?? input.now;
        since.set(key, start);
        if (input.now - start <= input.config.routingGrace) continue;
        const says = peer.category === 'ALIVE' ? `calls ${peer.id} ALIVE, but it is ${own.status}` : `calls ${peer.id} UNALIVE, but it answers`;
        conditions.push({
          kind: 'node.verdict_conflict',
          severity: 'warning',
          subject: { type: 'node', id: peer.id, node: peer.id },
          summary: `${authority.targetId} ${says} (for ${Math.round((input.now - start) / 1000)} s)`,
          since: start,
          evidence: { authority: authority.targetId, verdict: peer.category, ownStatus: own.status, reason: own.reason?.message ?? null, since: new Date(start).toISOString() },
        });
      }
    }
    return { state: { since }, conditions };
  },
};
