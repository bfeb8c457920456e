import { z } from 'zod';
import type { Finding } from '@/lib/contract/findings';
import { inCluster } from '@/lib/api/cluster-views';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { findingsOfView, sortFindings } from '@/lib/contract/findings';
import { buildPeersView, peersAnalyzer, type PeersResponse } from '@/lib/diagnostics/peers';

export const dynamic = 'force-dynamic';

/** Resolved peer findings returned with the view, newest first. */
const RECENT_RESOLVED = 200;

const querySchema = z.strictObject({
  node: z.string().min(1).max(256).optional(),
  category: z.string().min(1).max(128).optional(),
  /** Plain text matched against peer id and address (not a pattern). */
  q: z.string().min(1).max(256).optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
});

export const GET = withCluster('GET /api/clusters/[cluster]/peers', (runtime, request) => {
  const query = parseQuery(request, querySchema);
  if (!query.ok) return query.response;
  const { node, category, q, limit } = query.value;
  if (node && !runtime.store.has(node)) return notFound(`no target with id "${node}" in the cluster config`);

  const now = runtime.now();
  const view = buildPeersView(
    runtime.analyzerState(peersAnalyzer),
    runtime.store.latestMap(),
    {
      targetIds: runtime.targets.map((target) => target.id),
      pollIntervalMs: runtime.config.pollInterval,
      statusOf: (id) => runtime.nodeSummary(id)?.status,
      gapTransientPolls: runtime.config.diagnostics.peerGapTransientPolls,
      node,
      category,
      q,
      limit,
    },
    now,
  );
  const { active, resolved } = runtime.findings();
  const forNode = (finding: Finding) => !node || finding.subject.node === node;
  const findings = sortFindings([
    ...findingsOfView(active, 'peers').filter(forNode),
    ...findingsOfView(resolved, 'peers').filter(forNode).slice(-RECENT_RESOLVED),
  ]);
  const body: PeersResponse = { ...view, findings: inCluster(runtime, findings) };
  return json(body);
});
