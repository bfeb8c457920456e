import { noParameters } from '@/lib/api/queries';
import { json, parseQuery } from '@/lib/api/respond';
import { withDashboard } from '@/lib/api/with-dashboard';
import { alertingSlot } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** Delivery status of every configured Alertmanager and webhook (addresses without credentials or query). */
export const GET = withDashboard('GET /api/alerting', (dashboard, request) => {
  const query = parseQuery(request, noParameters);
  if (!query.ok) return query.response;
  const notifier = alertingSlot().notifier;
  return json({
    generatedAt: dashboard.now(),
    ...(notifier ? notifier.status() : { alertmanagers: [], webhooks: [], problems: [] }),
  });
});
