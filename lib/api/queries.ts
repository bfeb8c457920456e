import { z } from '@/lib/contract/zod';
import { LOG_LEVELS } from '@/lib/contract/admin-v1';
import { NODE_STATUSES } from '@/lib/contract/report';
import { FINDING_KINDS } from '@/lib/contract/findings';
import { momentParam } from '@/lib/contract/time-param';
import { LOG_CLASSES } from '@/lib/diagnostics/logs';
import { MAX_PEER_ROWS } from '@/lib/diagnostics/peers-view';
import { MAX_PAGE_SIZE, pageQueryFields } from './paging';

/**
 * The query of every /api route, strict (an unknown parameter is a 400). The
 * routes parse with these, and the OpenAPI document (lib/api/openapi.ts) is
 * generated from them, so the two cannot drift apart.
 */

/** The query of a route that takes no parameters. */
export const noParameters = z.strictObject({});

/** `at`: the view as of that moment (ms or RFC 3339), from stored history (docs/storage.md). */
const pastMoment = { at: momentParam.describe('The view as of this moment (ms since epoch or RFC 3339), from stored history') };

export const clusterQuery = z.strictObject({
  ...pastMoment,
  /** `none`: the cluster's counts and cycle without the node list (what every page's header polls). */
  nodes: z.enum(['all', 'none']).default('all'),
  /** Only nodes with this status. */
  status: z.enum(NODE_STATUSES).optional(),
  /** Plain text matched, case-insensitively, against id, role, address and version (not a pattern). */
  q: z.string().max(256).optional(),
  ...pageQueryFields,
  // As large as any small cluster's whole node list, so a plain GET still sees every node there.
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(MAX_PAGE_SIZE),
});
export const nodeQuery = z.strictObject(pastMoment);

/** Two moments to compare (either order); `compare` defaults to now. */
export const compareQuery = z.strictObject({ ...pastMoment, compare: momentParam.describe('The second moment (default: now)') });

/** Paging and grouping, shared by both findings routes. */
const findingsShape = {
  status: z.enum(['active', 'resolved', 'all']).default('all'),
  kind: z.enum(FINDING_KINDS).optional(),
  /** `groups`: one entry per kind and cause, as Alertmanager groups alerts (members through `group`). */
  view: z.enum(['list', 'groups']).default('list'),
  /** A group's key (from view=groups): only that group's findings, paged. */
  group: z.string().min(1).max(300).optional(),
  ...pageQueryFields,
  // A page as large as any demo or small cluster's whole list, so a plain GET still sees everything there.
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(MAX_PAGE_SIZE),
};

function groupNotWithGroupsView(query: { view: 'list' | 'groups'; group?: string }, ctx: z.RefinementCtx) {
  if (query.view === 'groups' && query.group) ctx.addIssue({ code: 'custom', path: ['group'], message: 'expected no group with view=groups (group lists one group’s findings)' });
}

export const findingsQuery = z
  .strictObject({
    ...findingsShape,
    node: z.string().min(1).max(256).optional(),
    ...pastMoment,
  })
  .superRefine(groupNotWithGroupsView);

/** Findings across every cluster. */
export const allFindingsQuery = z
  .strictObject({
    ...findingsShape,
    /** Only this cluster's findings; required with `group` (group keys are per cluster). */
    cluster: z.string().min(1).max(128).optional(),
    /** A target id; with several clusters, give `cluster` too. */
    node: z.string().min(1).max(256).optional(),
  })
  .superRefine((query, ctx) => {
    groupNotWithGroupsView(query, ctx);
    if (query.group && !query.cluster) ctx.addIssue({ code: 'custom', path: ['cluster'], message: 'expected the group’s cluster with group' });
  });

export const peersQuery = z.strictObject({
  node: z.string().min(1).max(256).optional(),
  category: z.string().min(1).max(128).optional(),
  /** Plain text matched against peer id and address (not a pattern). */
  q: z.string().min(1).max(256).optional(),
  /** How many peer rows (most in need of attention first; default 1,000, 0 for none); `matchingPeers` counts them all. */
  peers: z.coerce.number().int().min(0).max(MAX_PEER_ROWS).optional(),
  /** Pages of the per-node table; a plain GET of up to 1,000 nodes is one page. */
  ...pageQueryFields,
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(MAX_PAGE_SIZE),
  ...pastMoment,
});

export const syncQuery = z.strictObject({
  /** Only the links of this primary (a target id). */
  primary: z.string().min(1).max(256).optional(),
  /** The link whose history to return, e.g. "node-1->node-4" (default: the one most in need of attention). */
  link: z.string().min(1).max(256).optional(),
  /** Pages of primaries (each with all its links); a plain GET of up to 1,000 primaries is one page. */
  ...pageQueryFields,
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(MAX_PAGE_SIZE),
  ...pastMoment,
});

export const routingQuery = z
  .strictObject({
    view: z.enum(['consensus', 'node']).optional(),
    node: z.string().min(1).max(256).optional(),
    /** A named table (sources with many tables, e.g. Pegasus); default: the first. */
    table: z.string().min(1).max(256).optional(),
    /** Pages of the per-node table; a plain GET of up to 1,000 nodes is one page. */
    ...pageQueryFields,
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(MAX_PAGE_SIZE),
    ...pastMoment,
  })
  .superRefine((query, ctx) => {
    if (query.view === 'node' && !query.node) ctx.addIssue({ code: 'custom', path: ['node'], message: 'expected a node id with view=node' });
    if (query.view === 'consensus' && query.node) ctx.addIssue({ code: 'custom', path: ['node'], message: 'expected no node with view=consensus' });
  });


export const failoverQuery = z.strictObject({
  status: z.enum(['active', 'all']).default('all'),
  ...pastMoment,
});

const MAX_LIMIT = 1000;

/** "a,b,c" → distinct non-empty items, each checked by `item`. */
function commaList<Item extends string>(item: z.ZodType<Item, string>) {
  return z
    .string()
    .max(4096)
    .transform((text) => [...new Set(text.split(',').map((part) => part.trim()).filter(Boolean))])
    .pipe(z.array(item).min(1, { error: 'expected at least one value' }).max(200));
}

const RELATIVE = /^(\d{1,6})(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A point in time: ms since epoch, an RFC 3339 time, or (relative to now) "15m", "2h". */
function timeParam(now: () => number) {
  return z.string().max(64).transform((text, ctx) => {
    if (/^\d{1,16}$/.test(text)) return Number(text);
    const relative = RELATIVE.exec(text);
    if (relative) return now() - Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS];
    const parsed = Date.parse(text);
    if (/^\d{4}-\d{2}-\d{2}T/.test(text) && Number.isFinite(parsed)) return parsed;
    ctx.addIssue({ code: 'custom', message: 'expected ms since epoch, an RFC 3339 time, or a duration ago like "15m"' });
    return z.NEVER;
  });
}

export function logsQuery(now: () => number) {
  return z
    .strictObject({
      level: commaList(z.enum(LOG_LEVELS)).optional(),
      node: commaList(z.string().min(1).max(256)).optional(),
      component: commaList(z.string().max(128)).optional(),
      /** Plain text; matched literally, case-insensitively. */
      q: z.string().max(256).optional(),
      since: timeParam(now).optional(),
      until: timeParam(now).optional(),
      class: z.enum(LOG_CLASSES).optional(),
      cursor: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(200),
      group: z.string().regex(/^lg-[0-9a-f]{16}$/, { error: 'expected a log group id like "lg-0123456789abcdef"' }).optional(),
      finding: z.string().min(1).max(1024).optional(),
      ...pastMoment,
    })
    .refine((query) => query.since === undefined || query.until === undefined || query.since <= query.until, {
      error: 'expected since to be before until',
      path: ['since'],
    });
}


/** The log sources' status takes no parameters: it is always now. */
export const logSourcesQuery = noParameters;
