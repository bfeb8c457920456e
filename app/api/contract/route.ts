import { adminApiOpenApi } from '@/lib/contract/openapi';
import { json, parseQuery } from '@/lib/api/respond';
import { noParameters } from '@/lib/api/queries';

export const dynamic = 'force-dynamic';

/** The node admin API v1 contract as OpenAPI 3.1 (also written to docs/admin-api-v1.openapi.json). */
export function GET(request: Request) {
  const query = parseQuery(request, noParameters);
  if (!query.ok) return query.response;
  return json(adminApiOpenApi());
}
