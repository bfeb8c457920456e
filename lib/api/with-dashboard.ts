import 'server-only';
import { dashboardMetrics } from '@/lib/alerting/metrics';
import { accessOfRequest } from '@/lib/auth/request-access';
import { dashboardSlot, getDashboard, type ClusterRuntime, type Dashboard } from '@/lib/runtime';
import { apiError, internalError, notFound } from './respond';

/**
 * Wraps a route handler that reads the whole dashboard: answers 503 while
 * the collectors start, and a generic 500 (logged on the server) if it throws.
 * The handler sees only the clusters the request may read (sign-in, proxy.ts),
 * so a cluster it may not read is as absent as one that is not configured.
 * Times every request for /metrics, labelled by `where` (one fixed name per route).
 */
export function withDashboard<Context>(
  where: string,
  handler: (dashboard: Dashboard, request: Request, context: Context) => Response | Promise<Response>,
) {
  return async (request: Request, context: Context): Promise<Response> => {
    const done = dashboardMetrics().startRequest(where, request.method);
    const response = await answer(request, context);
    done(response.status);
    return response;
  };

  async function answer(request: Request, context: Context): Promise<Response> {
    const dashboard = getDashboard()?.visibleTo(accessOfRequest(request.headers));
    if (!dashboard) {
      const failed = dashboardSlot().startError;
      return apiError('not_ready', failed ? `The collector failed to start: ${failed}` : 'The collector is still starting; retry in a few seconds.');
    }
    try {
      return await handler(dashboard, request, context);
    } catch (error) {
      return internalError(where, error);
    }
  }
}

export type ClusterParams = { cluster: string };

/** Wraps a route under /api/clusters/<cluster>/…: an unknown cluster is a 404 with the usual body. */
export function withCluster<Params extends ClusterParams>(
  where: string,
  handler: (cluster: ClusterRuntime, request: Request, params: Params, dashboard: Dashboard) => Response | Promise<Response>,
) {
  return withDashboard<{ params: Promise<Params> }>(where, async (dashboard, request, context) => {
    const params = await context.params;
    const cluster = dashboard.cluster(params.cluster);
    if (!cluster) return unknownCluster(params.cluster);
    return handler(cluster, request, params, dashboard);
  });
}

export function unknownCluster(name: string): Response {
  return notFound(`no cluster named "${name}" in the config`);
}
