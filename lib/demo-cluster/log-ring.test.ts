import { describe, expect, it } from 'vitest';
import { logsDocSchema } from '@/lib/contract/admin-v1';
import { LogRing } from './log-ring';

function filled(count: number, capacity = 5000): LogRing {
  const ring = new LogRing('epoch-a', capacity);
  for (let i = 1; i <= count; i++) ring.append(1_700_000_000_000 + i, { level: 'info', component: 'test', message: `line ${i}` });
  return ring;
}

describe('LogRing', () => {
  it('numbers entries from 1 and reads everything with after=0', () => {
    const doc = filled(3).read(0, 100);
    expect(logsDocSchema.parse(doc)).toBeTruthy();
    expect(doc.entries.map((entry) => entry.cursor)).toEqual([1, 2, 3]);
    expect(doc).toMatchObject({ epoch: 'epoch-a', nextCursor: 3, hasMore: false, dropped: 0 });
  });

  it('gives only entries after the cursor, bounded by limit, and says more is waiting', () => {
    const ring = filled(10);
    const page = ring.read(4, 3);
    expect(page.entries.map((entry) => entry.cursor)).toEqual([5, 6, 7]);
    expect(page.nextCursor).toBe(7);
    expect(page.hasMore).toBe(true);
    const rest = ring.read(page.nextCursor, 100);
    expect(rest.entries.map((entry) => entry.cursor)).toEqual([8, 9, 10]);
    expect(rest.hasMore).toBe(false);
  });

  it('answers an up-to-date cursor with no entries and the same cursor', () => {
    const doc = filled(5).read(5, 10);
    expect(doc.entries).toEqual([]);
    expect(doc.nextCursor).toBe(5);
    expect(doc.hasMore).toBe(false);
  });

  it('stays bounded and counts what it no longer has', () => {
    const ring = filled(2000, 1000);
    expect(ring.size).toBe(1000);
    const fromStart = ring.read(0, 10_000);
    expect(fromStart.entries).toHaveLength(1000);
    expect(fromStart.entries[0].cursor).toBe(1001);
    expect(fromStart.dropped).toBe(0);
    const behind = ring.read(900, 5);
    expect(behind.entries[0].cursor).toBe(1001);
    expect(behind.dropped).toBe(100);
  });

  it('keeps optional fields only when given', () => {
    const ring = new LogRing('e');
    const entry = ring.append(0, { level: 'error', component: 'p2p/peerdb', message: 'x', subject: 'peer-1', code: 'E1' });
    expect(entry).toMatchObject({ subject: 'peer-1', code: 'E1' });
    expect('transient' in entry).toBe(false);
  });
});
