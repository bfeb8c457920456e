import 'server-only';
import { dashboardMetrics } from '@/lib/alerting/metrics';
import { getRuntime, runtimeSlot, type Runtime } from '@/lib/runtime';
import { apiError, internalError } from './respond';

/**
 * Wraps a route handler: answers 503 while the collector is starting, and a
 * generic 500 (logged on the server) if the handler throws. Times every
 * request for /metrics, labelled by `where` (one fixed name per route).
 */
export function withRuntime<Context>(
  where: string,
  handler: (runtime: Runtime, request: Request, context: Context) => Response | Promise<Response>,
) {
  return async (request: Request, context: Context): Promise<Response> => {
    const done = dashboardMetrics().startRequest(where, request.method);
    const response = await answer(request, context);
    done(response.status);
    return response;
  };

  async function answer(request: Request, context: Context): Promise<Response> {
    const runtime = getRuntime();
    if (!runtime) {
      const failed = runtimeSlot().startError;
      return apiError('not_ready', failed ? `The collector failed to start: ${failed}` : 'The collector is still starting; retry in a few seconds.');
    }
    try {
      return await handler(runtime, request, context);
    } catch (error) {
      return internalError(where, error);
    }
  }
}
