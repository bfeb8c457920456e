import { describe, expect, it } from 'vitest';
import { syncPageViewSchema } from '@/lib/contract/views';
import type { SyncView } from '@/lib/diagnostics/sync-view';
import { syncPage } from './sync-page';

/** A sync view of `count` primaries, one link each (only the fields paging touches vary). */
function view(count: number): SyncView {
  return {
    generatedAt: 1,
    dataAt: 1,
    pollIntervalMs: 5000,
    counts: { links: count, withCondition: 0, byKind: {} },
    primaries: Array.from({ length: count }, (_, index) => `p-${index}`),
    groups: Array.from({ length: count }, (_, index) => ({ primary: `p-${index}`, primaryStatus: 'ok' as const, primaryRole: 'master', links: [] })),
    selected: null,
  };
}

function cut(whole: SyncView, request: Parameters<typeof syncPage>[1], version = 'v1') {
  const answer = syncPage(whole, request, version);
  if (!answer.ok) throw new Error(answer.message);
  return syncPageViewSchema.parse(answer.view);
}

describe('syncPage: the sync answer a page of primaries at a time', () => {
  it('keeps counts and the primaries list whole, and cuts only the groups', () => {
    const first = cut(view(120), { limit: 50 });
    expect(first.groups.map((group) => group.primary)).toEqual(Array.from({ length: 50 }, (_, index) => `p-${index}`));
    expect(first.primaries).toHaveLength(120);
    expect(first.counts.links).toBe(120);
    expect(first.page).toMatchObject({ total: 120, offset: 0, limit: 50, versionChanged: false });
  });

  it('walks every primary once by cursor, and says when the cursor is from an older cycle', () => {
    const whole = view(120);
    const seen: string[] = [];
    let cursor: string | undefined;
    let versionChanged = false;
    for (let guard = 0; guard < 10; guard += 1) {
      // The cycle moves between the first and second page.
      const page = cut(whole, { limit: 50, cursor }, guard === 0 ? 'v1' : 'v2');
      seen.push(...page.groups.map((group) => group.primary));
      versionChanged ||= page.page.versionChanged;
      if (page.page.nextCursor === null) break;
      cursor = page.page.nextCursor;
    }
    expect(seen).toEqual(whole.groups.map((group) => group.primary));
    expect(versionChanged).toBe(true);
  });

  it('a small cluster is one page; a forged cursor is an error value, not a throw', () => {
    expect(cut(view(3), { limit: 1000 }).page).toMatchObject({ total: 3, nextCursor: null });
    expect(syncPage(view(3), { limit: 50, cursor: 'forged' }, 'v1')).toMatchObject({ ok: false, message: expect.stringContaining('cursor') });
    expect(syncPage(view(3), { limit: 50, cursor: 'eyJ2IjoidjEiLCJvIjozfQ', offset: 1 }, 'v1')).toMatchObject({ ok: false });
  });
});
