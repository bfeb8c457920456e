import { z } from '@/lib/contract/zod';
import { apiErrorSchema, DASHBOARD_ROUTES, SIGN_IN_ROUTES, type DashboardRoute, type SignInRoute } from './routes';

const VERSION = '1.0.0';

const STATUS_TEXT: Record<number, string> = {
  400: 'A parameter is unknown, repeated or invalid, or the path does not decode',
  401: 'Sign-in is on and the request has no valid session, proxy identity or machine token (docs/security.md)',
  404: 'No such node (or other named thing)',
  405: 'Only GET and HEAD are answered',
  421: 'The Host header names a host this dashboard does not answer to',
  431: 'Request line and headers larger than the server accepts (16 KB); answered by the HTTP server, without a body',
  500: 'Unexpected error (details only in the server log)',
  503: 'The collector is starting or failed to start',
};
/** Every route can answer these, before or around its handler (the HTTP server, proxy.ts, withRuntime). */
const COMMON_ERRORS = [400, 421, 431, 500];
/** Answered by proxy.ts when sign-in is on and nobody is signed in; /api/health and /api/ready stay open for probes. */
const OPEN_ROUTES = new Set(['/api/health', '/api/ready']);
const UNAUTHORIZED = 401;
/** Answered by Node's HTTP server itself, not in the API's error shape. */
const WITHOUT_BODY = new Set([431]);

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  // Embedded in the document, which already says its dialect (OpenAPI 3.1 = JSON Schema 2020-12).
  const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete generated.$schema;
  return generated;
}

/** A strict query object → one OpenAPI parameter per key, each with its own schema. */
function queryParameters(query: z.ZodType) {
  const schema = jsonSchema(query, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: (schema.required ?? []).includes(name), schema: rest, ...(description ? { description } : {}) };
  });
}

function operation(route: DashboardRoute) {
  const errorStatuses = [...new Set([...COMMON_ERRORS, ...(OPEN_ROUTES.has(route.path) ? [] : [UNAUTHORIZED]), ...route.errors])].sort();
  const responses: Record<string, unknown> = {
    '200': { description: 'OK', content: { 'application/json': { schema: jsonSchema(route.answer, 'output') } } },
  };
  for (const status of errorStatuses) {
    responses[String(status)] = WITHOUT_BODY.has(status)
      ? { description: STATUS_TEXT[status] }
      : { description: STATUS_TEXT[status], content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } };
  }
  return {
    get: {
      summary: route.summary,
      parameters: [
        ...(route.pathParameters ?? []).map(({ name, description }) => ({ name, in: 'path', required: true, description, schema: { type: 'string', minLength: 1 } })),
        ...queryParameters(route.query),
      ],
      responses,
    },
  };
}

const errorBody = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } });

type Operation = ReturnType<typeof operation>;

function signInOperation(route: SignInRoute): Operation {
  const responses: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(route.answers)) responses[status] = { description };
  responses['404'] = errorBody('Sign-in here is not OpenID Connect, so there is no such route');
  for (const status of [400, 421, 500]) responses[String(status)] ??= errorBody(STATUS_TEXT[status]);
  return { get: { summary: route.summary, parameters: [], responses } };
}

/** The dashboard's own JSON API as an OpenAPI 3.1 document, generated from the route table and its zod schemas. */
export function dashboardApiOpenApi() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Clusterscope dashboard API',
      version: VERSION,
      description:
        'Read-only JSON views of the cluster. GET only; every route refuses unknown query parameters; errors are { error: { code, message } }. Generated from lib/api/routes.ts.',
    },
    paths: Object.fromEntries([
      ...DASHBOARD_ROUTES.map((route) => [route.path, operation(route)] as const),
      ...SIGN_IN_ROUTES.map((route) => [route.path, signInOperation(route)] as const),
    ]),
    components: { schemas: { ApiError: jsonSchema(apiErrorSchema, 'output') } },
  };
}
