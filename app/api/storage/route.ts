import { noParameters } from '@/lib/api/queries';
import { json, parseQuery } from '@/lib/api/respond';
import { withDashboard } from '@/lib/api/with-dashboard';
import { storageView } from '@/lib/runtime/history';

export const dynamic = 'force-dynamic';

/** Where history is kept, whether writes succeed, its size on disk, and the last retention pass. Never a credential. */
export const GET = withDashboard('GET /api/storage', (_dashboard, request) => {
  const query = parseQuery(request, noParameters);
  if (!query.ok) return query.response;
  return json(storageView());
});
