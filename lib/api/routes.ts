import { z } from '@/lib/contract/zod';
import { apiErrorSchema, clustersViewSchema, clusterViewSchema, findingGroupsViewSchema, findingsViewSchema, healthSchema, nodeDetailViewSchema, readySchema } from '@/lib/contract/api';
import {
  alertingStatusViewSchema,
  compareAnswerSchema,
  failoverApiViewSchema,
  logSourcesViewSchema,
  logsViewSchema,
  peersPageViewSchema,
  routingPageViewSchema,
  storageViewSchema,
  syncPageViewSchema,
} from '@/lib/contract/views';
import { replicasViewSchema } from '@/lib/contract/replicas';
import { allFindingsQuery, clusterQuery, compareQuery, failoverQuery, findingsQuery, logSourcesQuery, logsQuery, nodeQuery, noParameters, peersQuery, routingQuery, syncQuery } from './queries';

/**
 * Every /api route, with the query it accepts and the answer it gives: the one
 * table the OpenAPI document is generated from. Every JSON view names its
 * answer's schema (lib/contract/api.ts, lib/contract/views.ts), the same one the
 * browser parses it with; only the two OpenAPI documents are "an object" here,
 * as they are documents of their own.
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

/** A page of findings, or with view=groups a page of groups. */
const findingsAnswer = z.union([findingsViewSchema, findingGroupsViewSchema]);

const CLUSTER = { name: 'cluster', description: 'A cluster name from the config (`GET /api/clusters` lists them)' };

export const DASHBOARD_ROUTES: readonly DashboardRoute[] = [
  { path: '/api/health', summary: 'The process is alive (container health check)', query: noParameters, answer: healthSchema, errors: [] },
  { path: '/api/ready', summary: 'Every cluster has polled every target once', query: noParameters, answer: readySchema, errors: [NOT_READY] },
  { path: '/api/clusters', summary: 'Every cluster at a glance', query: noParameters, answer: clustersViewSchema, errors: [NOT_READY] },
  { path: '/api/findings', summary: 'Findings across every cluster, active first by severity', query: allFindingsQuery, answer: findingsAnswer, errors: [NOT_FOUND, NOT_READY] },
  { path: '/api/alerting', summary: 'Delivery status of every Alertmanager and webhook', query: noParameters, answer: alertingStatusViewSchema, errors: [NOT_READY] },
  { path: '/api/contract', summary: 'The node admin API v1 as OpenAPI 3.1', query: noParameters, answer: object('docs/admin-api-v1.openapi.json'), errors: [] },
  { path: '/api/openapi', summary: 'This document: the dashboard API as OpenAPI 3.1', query: noParameters, answer: object('docs/dashboard-api.openapi.json'), errors: [] },
  { path: '/api/clusters/{cluster}', summary: 'One cluster: poll cycle and every node’s summary', query: clusterQuery, pathParameters: [CLUSTER], answer: clusterViewSchema, errors: [NOT_FOUND, NOT_READY] },
  { path: '/api/clusters/{cluster}/findings', summary: 'The cluster’s findings', query: findingsQuery, pathParameters: [CLUSTER], answer: findingsAnswer, errors: [NOT_FOUND, NOT_READY] },
  {
    path: '/api/clusters/{cluster}/nodes/{id}',
    summary: 'One node: summary, last report, samples and status changes',
    query: nodeQuery,
    pathParameters: [CLUSTER, { name: 'id', description: 'A target id of that cluster' }],
    answer: nodeDetailViewSchema,
    errors: [NOT_FOUND, NOT_READY],
  },
  { path: '/api/clusters/{cluster}/peers', summary: 'Peer categories per node (a page of nodes), peers with move history, peer findings', query: peersQuery, pathParameters: [CLUSTER], answer: peersPageViewSchema, errors: [NOT_FOUND, NOT_READY] },
  { path: '/api/clusters/{cluster}/sync', summary: 'Replication links per primary with verdicts, a page of primaries; history of one link', query: syncQuery, pathParameters: [CLUSTER], answer: syncPageViewSchema, errors: [NOT_FOUND, NOT_READY] },
  { path: '/api/clusters/{cluster}/routing', summary: 'Partition owners per node view, divergence, a page of the per-node table', query: routingQuery, pathParameters: [CLUSTER], answer: routingPageViewSchema, errors: [NOT_FOUND, NOT_READY] },
  { path: '/api/clusters/{cluster}/failover', summary: 'Failover incidents and members on an old ballot', query: failoverQuery, pathParameters: [CLUSTER], answer: failoverApiViewSchema, errors: [NOT_FOUND, NOT_READY] },
  { path: '/api/clusters/{cluster}/compare', summary: 'What changed between two moments, from history', query: compareQuery, pathParameters: [CLUSTER], answer: compareAnswerSchema, errors: [NOT_FOUND, NOT_READY] },
  { path: '/api/storage', summary: 'Where history is kept, write state, size, retention', query: noParameters, answer: storageViewSchema, errors: [NOT_READY] },
  { path: '/api/replicas', summary: 'High availability: which replica collects which cluster, since when, its term', query: noParameters, answer: replicasViewSchema, errors: [NOT_READY] },
  { path: '/api/clusters/{cluster}/logs', summary: 'Log groups, a page of lines, volume', query: logsQuery(Date.now), pathParameters: [CLUSTER], answer: logsViewSchema, errors: [NOT_FOUND, NOT_READY] },
  { path: '/api/clusters/{cluster}/log-sources', summary: 'Every log source: state and why not ok, lines, bytes, refused senders', query: logSourcesQuery, pathParameters: [CLUSTER], answer: logSourcesViewSchema, errors: [NOT_FOUND, NOT_READY] },
];

export { apiErrorSchema };

/**
 * The sign-in routes (docs/security.md): redirects and short plain-text pages
 * for people, not JSON views. Each answers 404 in the API error shape when
 * sign-in is not OpenID Connect. Listed so the document names every route.
 */
export type SignInRoute = { path: string; summary: string; answers: Readonly<Record<number, string>> };

export const SIGN_IN_ROUTES: readonly SignInRoute[] = [
  {
    path: '/auth/login',
    summary: 'Starts an OpenID Connect login (query `returnTo`: a path on this dashboard)',
    answers: { 303: 'To the OpenID Provider, with a sealed login cookie', 502: 'The OpenID Provider cannot be reached (plain text)' },
  },
  {
    path: '/auth/callback',
    summary: 'The OpenID Provider’s redirect back; starts the session',
    answers: { 303: 'To the page the login started from, with the session cookie', 400: 'No login in progress (plain text)', 401: 'The provider’s answer was refused (plain text)' },
  },
  { path: '/auth/logout', summary: 'Ends the session in this browser', answers: { 200: 'Signed out (plain text); the session cookie is cleared' } },
];
