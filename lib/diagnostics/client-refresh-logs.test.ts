import { describe, expect, it } from 'vitest';
import type { LogEntry } from '@/lib/contract/admin-v1';
import type { NodeReport } from '@/lib/contract/report';
import { clientRefreshLogAnalyzer, foldEntry, type ClientTableLog } from './client-refresh-logs';
import { cycle, okReport } from './fixtures/routing-fixtures';

const entry = (cursor: number, message: string): LogEntry => ({ cursor, ts: new Date(cursor * 1000).toISOString(), level: 'warn', component: 'pegasus-go-client', message });

describe('a Go client\'s refresh lines', () => {
  it('reads the trigger line, self update failures and request errors per table; other lines say nothing', () => {
    const tables = new Map<string, ClientTableLog>();
    foldEntry(tables, entry(1, 'pegasus-go-client GET failed: ERR_TIMEOUT [2.3, 10.0.0.2:34801, table=temp]'));
    foldEntry(tables, entry(2, 'pegasus-go-client SET failed: ERR_TIMEOUT [3.0, 10.0.0.2:34801, table=usertable]'));
    foldEntry(tables, entry(3, 'pegasus-go-client GET failed: ERR_TIMEOUT [2.3, 10.0.0.2:34801, table=temp]'));
    foldEntry(tables, entry(4, 'self update failed [table: temp]: context deadline exceeded'));
    foldEntry(tables, entry(5, 'an unrelated line about table=temp'));
    expect(tables.get('temp')).toEqual({
      lastTriggerAt: null,
      lastTriggerLine: null,
      lastSelfUpdateFailedAt: 4000,
      failuresSinceTrigger: 2,
      lastFailure: 'ERR_TIMEOUT',
      lastFailureAt: 3000,
    });
    foldEntry(tables, entry(6, 'trigger configuration update of table [temp] due to RPC failure [ERR_SESSION_RESET] to 10.0.0.2:34801'));
    expect(tables.get('temp')).toMatchObject({ lastTriggerAt: 6000, failuresSinceTrigger: 0 });
    expect(tables.get('usertable')).toMatchObject({ lastTriggerAt: null, failuresSinceTrigger: 1 });
  });

  it('reads each client report once, even when the same report is seen in two cycles', () => {
    const client: NodeReport = {
      ...okReport('go-client-2', 1000, { owners: [] }, 'client'),
      logs: { epoch: 'e', entries: [entry(1, 'pegasus-go-client GET failed: ERR_TIMEOUT [2.3, 10.0.0.2:34801, table=temp]')], nextCursor: 1, hasMore: false, dropped: 0 },
    };
    let state = clientRefreshLogAnalyzer.initial();
    state = clientRefreshLogAnalyzer.step(state, cycle(1000, [client])).state;
    state = clientRefreshLogAnalyzer.step(state, cycle(2000, [client])).state;
    expect(state.byClient.get('go-client-2')?.get('temp')?.failuresSinceTrigger).toBe(1);
  });
});
