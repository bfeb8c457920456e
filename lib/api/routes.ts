import { z } from 'zod';
import { apiErrorSchema, clusterViewSchema, findingsViewSchema, healthSchema, nodeDetailViewSchema, readySchema } from '@/lib/contract/api';
import { failoverQuery, findingsQuery, logsQuery, noParameters, peersQuery, routingQuery, syncQuery } from './queries';

/**
 * Every /api route, with the query it accepts and the answer it gives: the one
 * table the OpenAPI document is generated from. A view whose answer has no zod
 * schema yet is described as "an object" (its TypeScript type is in the builder
 * named in `answer`), so the document never claims more than it checks.
 */
export type DashboardRoute = {
  path: string;
  summary: string;
  query: z.ZodType;
  /** Path parameters, in order of appearance. */
  pathParameters?: readonly { name: string; description: string }[];
  answer: z.ZodType;
  /** Statuses besides 200 this route answers (every route may answer 400, 421 and 500). */
  errors: readonly number[];
};

const object = (typeName: string) => z.object({}).loose().describe(`See ${typeName}.`);
const NOT_READY = 503;
const NOT_FOUND = 404;

export const DASHBOARD_ROUTES: readonly DashboardRoute[] = [
  { path: '/api/health', summary: 'The process is alive (container health check)', query: noParameters, answer: healthSchema, errors: [] },
  { path: '/api/ready', summary: 'Every target has been polled once', query: noParameters, answer: readySchema, errors: [NOT_READY] },
  { path: '/api/cluster', summary: 'Cluster, poll cycle and every node’s summary', query: noParameters, answer: clusterViewSchema, errors: [NOT_READY] },
  { path: '/api/findings', summary: 'Findings, active first by severity', query: findingsQuery, answer: findingsViewSchema, errors: [NOT_FOUND, NOT_READY] },
  {
    path: '/api/nodes/{id}',
    summary: 'One node: summary, last report, samples and status changes',
    query: noParameters,
    pathParameters: [{ name: 'id', description: 'A target id from the cluster config' }],
    answer: nodeDetailViewSchema,
    errors: [NOT_FOUND, NOT_READY],
  },
  { path: '/api/peers', summary: 'Peer categories per node, peers with move history, peer findings', query: peersQuery, answer: object('PeersResponse in lib/diagnostics/peers.ts'), errors: [NOT_FOUND, NOT_READY] },
  { path: '/api/sync', summary: 'Replication links per primary with verdicts; history of one link', query: syncQuery, answer: object('SyncView in lib/diagnostics/sync-view.ts'), errors: [NOT_FOUND, NOT_READY] },
  { path: '/api/routing', summary: 'Partition owners per node view, divergence', query: routingQuery, answer: object('RoutingView in lib/diagnostics/routing-view.ts'), errors: [NOT_FOUND, NOT_READY] },
  { path: '/api/failover', summary: 'Failover incidents and members on an old ballot', query: failoverQuery, answer: object('FailoverView in lib/diagnostics/failover-view.ts'), errors: [NOT_READY] },
  { path: '/api/logs', summary: 'Log groups, a page of lines, volume', query: logsQuery(Date.now), answer: object('the logs view in lib/api/logs-view.ts'), errors: [NOT_FOUND, NOT_READY] },
  { path: '/api/contract', summary: 'The node admin API v1 as OpenAPI 3.1', query: noParameters, answer: object('docs/admin-api-v1.openapi.json'), errors: [] },
  { path: '/api/openapi', summary: 'This document: the dashboard API as OpenAPI 3.1', query: noParameters, answer: object('docs/dashboard-api.openapi.json'), errors: [] },
];

export { apiErrorSchema };
