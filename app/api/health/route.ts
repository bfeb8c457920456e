import { json, parseQuery } from '@/lib/api/respond';
import { noParameters } from '@/lib/api/queries';

export const dynamic = 'force-dynamic';

/** Process alive (the container HEALTHCHECK). Readiness is /api/ready. */
export function GET(request: Request) {
  const query = parseQuery(request, noParameters);
  if (!query.ok) return query.response;
  return json({ status: 'alive', uptimeSeconds: Math.round(process.uptime()) });
}
