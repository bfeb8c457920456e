import { adminApiOpenApi } from '@/lib/contract/openapi';
import { json } from '@/lib/api/respond';

export const dynamic = 'force-static';

/** The node admin API v1 contract as OpenAPI 3.1 (also written to docs/admin-api-v1.openapi.json). */
export function GET() {
  return json(adminApiOpenApi());
}
