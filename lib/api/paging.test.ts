import { describe, expect, it } from 'vitest';
import { z } from '@/lib/contract/zod';
import { decodeCursor, encodeCursor, MAX_PAGE_SIZE, pageOf, pageQueryFields } from './paging';

const items = Array.from({ length: 250 }, (_, i) => `node-${i}`);

function page(request: Parameters<typeof pageOf>[1], version = 'v1') {
  const result = pageOf(items, request, version);
  if (!result.ok) throw new Error(result.message);
  return result.page;
}

describe('pageOf', () => {
  it('cuts the first page and says how many there are in all', () => {
    const first = page({ limit: 100 });
    expect(first.items).toEqual(items.slice(0, 100));
    expect(first).toMatchObject({ total: 250, offset: 0, limit: 100, version: 'v1', versionChanged: false });
    expect(first.nextCursor).not.toBeNull();
  });

  it('walks every item exactly once by following cursors, ending with no cursor', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 10; guard += 1) {
      const next = page({ limit: 100, cursor });
      seen.push(...next.items);
      if (next.nextCursor === null) break;
      cursor = next.nextCursor;
    }
    expect(seen).toEqual(items);
  });

  it('serves an offset directly', () => {
    const middle = page({ offset: 240, limit: 100 });
    expect(middle.items).toEqual(items.slice(240));
    expect(middle.nextCursor).toBeNull();
  });

  it('answers an empty page past the end (the list shrank), not an error', () => {
    const past = page({ offset: 400, limit: 10 });
    expect(past).toMatchObject({ items: [], total: 250, offset: 400, nextCursor: null });
  });

  it('says when the cursor came from an older version of the list', () => {
    const first = page({ limit: 100 }, 'v1');
    const second = page({ limit: 100, cursor: first.nextCursor! }, 'v2');
    expect(second.offset).toBe(100);
    expect(second.versionChanged).toBe(true);
    expect(decodeCursor(second.nextCursor!)).toEqual({ ok: true, value: { version: 'v2', offset: 200 } });
  });

  it('refuses a cursor together with an offset, and a cursor it never gave out', () => {
    const cursor = encodeCursor({ version: 'v1', offset: 100 });
    expect(pageOf(items, { limit: 10, offset: 5, cursor }, 'v1')).toEqual({ ok: false, message: 'give either cursor or offset, not both' });
    for (const bad of ['not base64 at all!', Buffer.from('{"v":"x","o":-1}').toString('base64url'), Buffer.from('[1,2]').toString('base64url'), Buffer.from('{"v":"x","o":1,"extra":true}').toString('base64url')]) {
      const result = pageOf(items, { limit: 10, cursor: bad }, 'v1');
      expect(result.ok).toBe(false);
    }
  });
});

describe('pageQueryFields', () => {
  const schema = z.strictObject({ ...pageQueryFields });

  it('reads query text and fills the default limit', () => {
    expect(schema.parse({ offset: '20' })).toEqual({ offset: 20, limit: 100 });
  });

  it('bounds the page size and refuses negative or fractional offsets', () => {
    expect(schema.safeParse({ limit: String(MAX_PAGE_SIZE + 1) }).success).toBe(false);
    expect(schema.safeParse({ limit: '0' }).success).toBe(false);
    expect(schema.safeParse({ offset: '-1' }).success).toBe(false);
    expect(schema.safeParse({ offset: '1.5' }).success).toBe(false);
  });
});
