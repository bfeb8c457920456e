import type { FindingsView } from '@/lib/contract/api';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withLogGroups } from '@/lib/api/logs-view';
import { findingsQuery } from '@/lib/api/queries';
import { withRuntime } from '@/lib/api/with-runtime';
import { sortFindings } from '@/lib/diagnostics/findings-tracker';

export const dynamic = 'force-dynamic';

export const GET = withRuntime('GET /api/findings', (runtime, request) => {
  const query = parseQuery(request, findingsQuery);
  if (!query.ok) return query.response;
  const { status, kind, node } = query.value;
  if (node && !runtime.store.has(node)) return notFound(`no target with id "${node}" in the cluster config`);
  const { active, resolved } = runtime.findings();
  const chosen = status === 'active' ? active : status === 'resolved' ? resolved : [...active, ...resolved];
  const findings = chosen.filter(
    (finding) =>
      (!kind || finding.kind === kind) &&
      (!node || finding.subject.node === node || (finding.subject.type === 'node' && finding.subject.id === node)),
  );
  const view: FindingsView = { generatedAt: runtime.now(), findings: withLogGroups(runtime, sortFindings(findings)) };
  return json(view);
});
