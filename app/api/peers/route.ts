import type { Finding } from '@/lib/contract/findings';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { peersQuery } from '@/lib/api/queries';
import { withRuntime } from '@/lib/api/with-runtime';
import { sortFindings } from '@/lib/diagnostics/findings-tracker';
import { buildPeersView, peersAnalyzer, type PeersResponse } from '@/lib/diagnostics/peers';

export const dynamic = 'force-dynamic';

/** Resolved peer findings returned with the view, newest first. */
const RECENT_RESOLVED = 200;

const isPeerFinding = (finding: Finding) => finding.kind.startsWith('peer.');

export const GET = withRuntime('GET /api/peers', (runtime, request) => {
  const query = parseQuery(request, peersQuery);
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
    ...active.filter((f) => isPeerFinding(f) && forNode(f)),
    ...resolved.filter((f) => isPeerFinding(f) && forNode(f)).slice(-RECENT_RESOLVED),
  ]);
  const body: PeersResponse = { ...view, findings };
  return json(body);
});
