import { failoverAnalyzer } from './failover';
import { goquaiPeersAnalyzer } from './goquai-peers';
import { identityAnalyzer } from './identity';
import { nodesAnalyzer } from './nodes';
import { peersAnalyzer } from './peers';
import { routingAnalyzer } from './routing';
import { syncAnalyzer } from './sync';
import type { Analyzer } from './types';

/** Every analyzer the collector runs after each poll cycle, in this order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each analyzer keeps its own state type
export const analyzers: readonly Analyzer<any>[] = [nodesAnalyzer, identityAnalyzer, peersAnalyzer, goquaiPeersAnalyzer, syncAnalyzer, routingAnalyzer, failoverAnalyzer];
