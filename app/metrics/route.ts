import { dashboardMetrics } from '@/lib/alerting/metrics';
import { internalError } from '@/lib/api/respond';

export const dynamic = 'force-dynamic';

/** Prometheus text exposition of the dashboard's metrics (docs/alerting.md); answers even while the collector starts. */
export async function GET(): Promise<Response> {
  const done = dashboardMetrics().startRequest('GET /metrics', 'GET');
  try {
    const { body, contentType } = await dashboardMetrics().exposition();
    done(200);
    return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
  } catch (error) {
    done(500);
    return internalError('GET /metrics', error);
  }
}
