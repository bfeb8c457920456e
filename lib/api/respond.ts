import 'server-only';
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { formatIssuePath } from '@/lib/contract/issue-path';

/** One error contract for every route: `{ error: { code, message } }` with a matching HTTP status. */
export type ApiErrorCode = 'bad_request' | 'not_found' | 'not_ready' | 'internal';

const STATUS: Record<ApiErrorCode, number> = { bad_request: 400, not_found: 404, not_ready: 503, internal: 500 };

export function apiError(code: ApiErrorCode, message: string): NextResponse {
  return NextResponse.json({ error: { code, message } }, { status: STATUS[code], headers: { 'cache-control': 'no-store' } });
}

export const badRequest = (message: string) => apiError('bad_request', message);
export const notFound = (message: string) => apiError('not_found', message);

export function json(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/**
 * Parses a request's query with a strict zod object: unknown parameters and
 * bad values are a 400 that names the parameter and what was expected.
 */
export function parseQuery<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
): { ok: true; value: z.infer<Schema> } | { ok: false; response: NextResponse } {
  const params = new URL(request.url).searchParams;
  const raw: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in raw) return { ok: false, response: badRequest(`query parameter "${key}" is given more than once`) };
    raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    return { ok: false, response: badRequest(`unknown query parameter ${issue.keys.map((key) => `"${key}"`).join(', ')}`) };
  }
  return { ok: false, response: badRequest(`query parameter ${formatIssuePath(issue.path)}: ${issue.message}`) };
}

/** Logs an unexpected error on the server and answers a generic 500 (details never leak). */
export function internalError(where: string, error: unknown): NextResponse {
  console.error(`[clusterscope] ${where}:`, error);
  return apiError('internal', 'Internal error; see the server log.');
}
