import type { ApiError } from '@/lib/contract/api';
import { formatIssuePath } from '@/lib/contract/issue-path';
import type { z } from '@/lib/contract/zod';

/**
 * A failed call to the dashboard's own API. `status` is null when the browser
 * could not reach the server at all (the "server is down" case the shell warns about).
 */
export class ApiFetchError extends Error {
  readonly status: number | null;
  readonly code: string;

  constructor(status: number | null, code: string, message: string) {
    super(message);
    this.name = 'ApiFetchError';
    this.status = status;
    this.code = code;
  }

  /** True when the server could not be reached or failed itself (not a bad request or unknown id). */
  get isServerUnreachable(): boolean {
    return this.status === null || this.status >= 500;
  }
}

function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

/**
 * GET a path of the dashboard's own API and return its JSON, parsed with the
 * answer's schema; throws ApiFetchError on any failure. An answer that does not
 * match its schema is a failure (`schema`), never data shown half-understood.
 */
export async function fetchJson<Schema extends z.ZodType>(path: string, schema: Schema, signal?: AbortSignal): Promise<z.output<Schema>> {
  let response: Response;
  try {
    // no-cache, not no-store: the browser keeps the last body and revalidates with its ETag, so an unchanged view costs a 304.
    response = await fetch(path, { signal, cache: 'no-cache', headers: { accept: 'application/json' } });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiFetchError(null, 'unreachable', 'Cannot reach the Clusterscope server.');
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiFetchError(response.status, 'not_json', `The server answered ${response.status} without JSON.`);
  }
  if (!response.ok) {
    if (isApiError(body)) throw new ApiFetchError(response.status, body.error.code, body.error.message);
    throw new ApiFetchError(response.status, 'http_status', `The server answered ${response.status}.`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    throw new ApiFetchError(response.status, 'schema', `The answer of ${path} does not match its shape at ${formatIssuePath(first.path)}: ${first.message}`);
  }
  return parsed.data;
}
