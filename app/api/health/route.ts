import { json } from '@/lib/api/respond';

export const dynamic = 'force-dynamic';

/** Process alive (the container HEALTHCHECK). Readiness is /api/ready. */
export function GET() {
  return json({ status: 'alive', uptimeSeconds: Math.round(process.uptime()) });
}
