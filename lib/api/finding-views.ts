import 'server-only';
import type { ClusterFinding, FindingGroupView, FindingGroupsView, FindingsView, PageInfo } from '@/lib/contract/api';
import { sortFindings, type Finding, type FindingKind } from '@/lib/contract/findings';
import { compareGroups, groupFindings, type FindingGroup } from '@/lib/diagnostics/finding-groups';
import type { ClusterRuntime } from '@/lib/runtime';
import { withLogGroups } from './logs-view';
import { pageOf, type Page, type PageRequest } from './paging';
import { perCycleWarm } from './per-cycle';

/**
 * The findings answers, paged on the server: the list, the groups (one per
 * kind and cause, as Alertmanager groups alerts) and one group's members.
 * Filtering, sorting and grouping happen once per cycle; a request only cuts
 * its page and adds log groups to the findings on it.
 */

/** Findings that began within this many poll intervals of each other began "at once". */
const ONSET_INTERVALS = 2;

export type FindingsFilter = {
  status: 'active' | 'resolved' | 'all';
  kind?: FindingKind;
  node?: string;
};

export type FindingsRequest = FindingsFilter & PageRequest & { view: 'list' | 'groups'; group?: string };

export type FindingsAnswer = { ok: true; body: FindingsView | FindingGroupsView } | { ok: false; message: string };

const filterKey = ({ status, kind, node }: FindingsFilter) => `${status}|${kind ?? ''}|${node ?? ''}`;

function matches(finding: Finding, { kind, node }: FindingsFilter): boolean {
  return (!kind || finding.kind === kind) && (!node || finding.subject.node === node || (finding.subject.type === 'node' && finding.subject.id === node));
}

/** One cluster's findings, filtered, in the one findings order: built once per cycle and filter. */
export function filteredFindings(cluster: ClusterRuntime, filter: FindingsFilter): ClusterFinding[] {
  return perCycleWarm(cluster, `findings ${filterKey(filter)}`, () => {
    const { active, resolved } = cluster.findings();
    const chosen = filter.status === 'active' ? active : filter.status === 'resolved' ? resolved : [...active, ...resolved];
    return sortFindings(chosen.filter((finding) => matches(finding, filter))).map((finding) => ({ ...finding, cluster: cluster.name }));
  });
}

/** One cluster's findings grouped by kind and cause: built once per cycle and filter. */
export function clusterGroups(cluster: ClusterRuntime, filter: FindingsFilter): FindingGroup<ClusterFinding>[] {
  return perCycleWarm(cluster, `groups ${filterKey(filter)}`, () =>
    groupFindings(filteredFindings(cluster, filter), {
      clusterSize: cluster.targets.length,
      onsetWindowMs: ONSET_INTERVALS * cluster.config.pollInterval,
    }),
  );
}

/** Members carried in a group's summary; larger groups' members are asked for a page at a time. */
export const INLINE_MEMBERS = 3;

/** A group as the API shows it: the first few members inline, the rest asked for separately, a page at a time. */
export function groupSummary(cluster: ClusterRuntime, group: FindingGroup<ClusterFinding>): FindingGroupView {
  const { key, kind, cause, causeLabel, severity, title, count, sample, firstSeen, lastSeen, likelyCause } = group;
  const firstMembers = withPageLogGroups(group.members.slice(0, INLINE_MEMBERS), new Map([[cluster.name, cluster]]));
  return { cluster: cluster.name, key, kind, cause, causeLabel, severity, title, count, sample, firstSeen, lastSeen, likelyCause, firstMembers };
}

function pageInfo<Item>(page: Page<Item>): PageInfo {
  const { total, offset, limit, nextCursor, version, versionChanged } = page;
  return { total, offset, limit, nextCursor, version, versionChanged };
}

/** Log groups on the findings of one page only: the rest are never looked at. */
function withPageLogGroups(findings: readonly ClusterFinding[], byName: ReadonlyMap<string, ClusterRuntime>): ClusterFinding[] {
  return findings.map((finding) => {
    const cluster = byName.get(finding.cluster);
    return cluster ? { ...withLogGroups(cluster, [finding])[0], cluster: finding.cluster } : finding;
  });
}

/**
 * The findings answer over one or more clusters (the cluster route passes
 * one). `group` is a key of one cluster's groups, so it comes with one
 * cluster; a group that has since resolved away is an empty page, not an error.
 */
export function findingsAnswer(clusters: readonly ClusterRuntime[], request: FindingsRequest, version: string, now: number): FindingsAnswer {
  const filter: FindingsFilter = { status: request.status, kind: request.kind, node: request.node };
  if (request.view === 'groups') {
    const groups = clusters.flatMap((cluster) => clusterGroups(cluster, filter).map((group) => ({ cluster, group })));
    if (clusters.length > 1) groups.sort((a, b) => compareGroups(a.group, b.group));
    const paged = pageOf(groups, request, version);
    if (!paged.ok) return paged;
    const findingCount = groups.reduce((sum, { group }) => sum + group.count, 0);
    const body: FindingGroupsView = {
      generatedAt: now,
      findingCount,
      groups: paged.page.items.map(({ cluster, group }) => groupSummary(cluster, group)),
      page: pageInfo(paged.page),
    };
    return { ok: true, body };
  }
  let findings: readonly ClusterFinding[];
  if (request.group !== undefined) {
    const key = request.group;
    findings = clusters.flatMap((cluster) => clusterGroups(cluster, filter).find((group) => group.key === key)?.members ?? []);
  } else if (clusters.length === 1) {
    findings = filteredFindings(clusters[0], filter);
  } else {
    findings = sortFindings(clusters.flatMap((cluster) => filteredFindings(cluster, filter)));
  }
  const paged = pageOf(findings, request, version);
  if (!paged.ok) return paged;
  const byName = new Map(clusters.map((cluster) => [cluster.name, cluster]));
  return { ok: true, body: { generatedAt: now, findings: withPageLogGroups(paged.page.items, byName), page: pageInfo(paged.page) } };
}
