import { ballotAnalyzer } from './ballots';
import { clientRefreshLogAnalyzer } from './client-refresh-logs';
import { failoverAnalyzer } from './failover';
import { goquaiPeersAnalyzer } from './goquai-peers';
import { membershipAnalyzer } from './membership';
import { identityAnalyzer } from './identity';
import { nodesAnalyzer } from './nodes';
import { tableHealthAnalyzer } from './partition-health';
import { peersAnalyzer } from './peers';
import { routingAnalyzer } from './routing';
import { syncAnalyzer } from './sync';
import { perTable } from './tables';
import type { Analyzer } from './types';
import { verdictAnalyzer } from './verdicts';

/** Routing and failover judge each table apart (sources with many tables); their state is per table. */
export const routingByTable = perTable(routingAnalyzer);
export const failoverByTable = perTable(failoverAnalyzer);
export const tableHealthByTable = perTable(tableHealthAnalyzer);
export const ballotsByTable = perTable(ballotAnalyzer);

/** Every analyzer the collector runs after each poll cycle, in this order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each analyzer keeps its own state type
export const analyzers: readonly Analyzer<any>[] = [
  nodesAnalyzer,
  identityAnalyzer,
  peersAnalyzer,
  goquaiPeersAnalyzer,
  membershipAnalyzer,
  syncAnalyzer,
  routingByTable,
  tableHealthByTable,
  failoverByTable,
  ballotsByTable,
  verdictAnalyzer,
  clientRefreshLogAnalyzer,
];
