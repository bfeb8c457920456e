import { dashboardMetrics } from '@/lib/alerting/metrics';
import { internalError } from '@/lib/api/respond';
import { metricsVisibleTo } from '@/lib/auth/metrics-filter';
import { accessOfRequest } from '@/lib/auth/request-access';

export const dynamic = 'force-dynamic';

/**
 * Prometheus text exposition of the dashboard's metrics (docs/alerting.md); answers even while the collector starts.
 * With sign-in on, a scraper presents a machine token and sees only the clusters that token may read.
 */
export async function GET(request: Request): Promise<Response> {
  const done = dashboardMetrics().startRequest('GET /metrics', 'GET');
  try {
    const { body, contentType } = await dashboardMetrics().exposition();
    done(200);
    return new Response(metricsVisibleTo(body, accessOfRequest(request.headers)), { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
  } catch (error) {
    done(500);
    return internalError('GET /metrics', error);
  }
}
