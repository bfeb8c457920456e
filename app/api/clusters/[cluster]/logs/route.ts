import { z } from 'zod';
import { LOG_LEVELS } from '@/lib/contract/admin-v1';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { logsView } from '@/lib/api/logs-view';
import { LOG_CLASSES } from '@/lib/diagnostics/logs';

export const dynamic = 'force-dynamic';

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

function querySchema(now: () => number) {
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
    })
    .refine((query) => query.since === undefined || query.until === undefined || query.since <= query.until, {
      error: 'expected since to be before until',
      path: ['since'],
    });
}

export const GET = withCluster('GET /api/clusters/[cluster]/logs', (runtime, request) => {
  const query = parseQuery(request, querySchema(() => runtime.now()));
  if (!query.ok) return query.response;
  const { level, node, component, q, group, finding, ...rest } = query.value;
  const unknownNode = node?.find((id) => !runtime.store.has(id));
  if (unknownNode) return notFound(`no target with id "${unknownNode}" in the cluster config`);
  const view = logsView(runtime, { ...rest, levels: level, nodes: node, components: component, q: q || undefined, group, finding });
  if (!view) return notFound(`no finding with id "${finding}"`);
  return json(view);
});
