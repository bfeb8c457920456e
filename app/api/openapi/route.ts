import { dashboardApiOpenApi } from '@/lib/api/openapi';
import { noParameters } from '@/lib/api/queries';
import { json, parseQuery } from '@/lib/api/respond';

export const dynamic = 'force-dynamic';

/** The dashboard API as OpenAPI 3.1 (also written to docs/dashboard-api.openapi.json). */
export function GET(request: Request) {
  const query = parseQuery(request, noParameters);
  if (!query.ok) return query.response;
  return json(dashboardApiOpenApi());
}
