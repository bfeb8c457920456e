import { z } from '@/lib/contract/zod';

/**
 * Server-side paging of list answers. A page says how many items there are
 * in all (`total`), where it starts, and an opaque cursor for the next page.
 * The cursor remembers the per-cycle version it was cut from: when the list
 * was rebuilt since (a new poll cycle), the next page is still served, from
 * the same position in the new list, and says `versionChanged` so a client
 * can tell that items may have moved between pages.
 */

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
/** Far beyond any list this dashboard builds (20,000 targets × their findings); only bounds hostile input. */
const MAX_OFFSET = 10_000_000;

/** Query fields every paged route accepts; spread into the route's strict query schema. */
export const pageQueryFields = {
  offset: z.coerce.number().int().min(0).max(MAX_OFFSET).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().min(1).max(200).optional(),
};

export type PageRequest = { offset?: number; limit: number; cursor?: string };

export type Page<Item> = {
  items: Item[];
  /** Items in the whole (filtered) list, not just this page. */
  total: number;
  offset: number;
  limit: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** The per-cycle version of the list this page was cut from. */
  version: string;
  /** The cursor came from an older version of the list: items may have moved since the previous page. */
  versionChanged: boolean;
};

type CursorValue = { version: string; offset: number };

const cursorSchema = z.strictObject({
  v: z.string().min(1).max(100),
  o: z.number().int().min(0).max(MAX_OFFSET),
});

export function encodeCursor({ version, offset }: CursorValue): string {
  return Buffer.from(JSON.stringify({ v: version, o: offset }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { ok: true; value: CursorValue } | { ok: false; message: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, message: 'cursor is not one this server gave out; start again without it' };
  }
  const parsed = cursorSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: 'cursor is not one this server gave out; start again without it' };
  return { ok: true, value: { version: parsed.data.v, offset: parsed.data.o } };
}

/** Cuts one page out of an already filtered and sorted list. A bad cursor is an error value, never a throw. */
export function pageOf<Item>(items: readonly Item[], request: PageRequest, version: string): { ok: true; page: Page<Item> } | { ok: false; message: string } {
  let offset = request.offset ?? 0;
  let versionChanged = false;
  if (request.cursor !== undefined) {
    if (request.offset !== undefined) return { ok: false, message: 'give either cursor or offset, not both' };
    const decoded = decodeCursor(request.cursor);
    if (!decoded.ok) return decoded;
    offset = decoded.value.offset;
    versionChanged = decoded.value.version !== version;
  }
  const end = Math.min(items.length, offset + request.limit);
  const pageItems = offset < items.length ? items.slice(offset, end) : [];
  return {
    ok: true,
    page: {
      items: pageItems,
      total: items.length,
      offset,
      limit: request.limit,
      nextCursor: end < items.length ? encodeCursor({ version, offset: end }) : null,
      version,
      versionChanged,
    },
  };
}

/** A page's position without its items (an answer carries the items under its own name). */
export function pageInfoOf<Item>(page: Page<Item>): Omit<Page<Item>, 'items'> {
  return { total: page.total, offset: page.offset, limit: page.limit, nextCursor: page.nextCursor, version: page.version, versionChanged: page.versionChanged };
}
