import { z } from './zod';
import {
  logsDocSchema,
  nodeInfoSchema,
  nodeReportWireSchema,
  peersDocSchema,
  routingDocSchema,
  syncDocSchema,
} from './admin-v1';

const VERSION = '1.0.0';

function schemaOf(schema: z.ZodType) {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
}

function getOperation(summary: string, ref: string, parameters: object[] = []) {
  return {
    get: {
      summary,
      parameters,
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } },
      },
    },
  };
}

const cursorParams = (prefix: string) => [
  { name: `${prefix}After`, in: 'query', schema: { type: 'integer', minimum: 0 }, description: 'Return entries with a cursor greater than this; 0 = from the oldest entry kept.' },
  { name: `${prefix}Limit`, in: 'query', schema: { type: 'integer', minimum: 1, maximum: 10000 }, description: 'At most this many entries.' },
];

/** The node admin API v1 as an OpenAPI 3.1 document, generated from the zod schemas. */
export function adminApiOpenApi() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Clusterscope node admin API',
      version: VERSION,
      description:
        'What a node exposes so Clusterscope can read it. JSON over HTTP, GET only. Generated from lib/contract/admin-v1.ts; the zod schemas are the source of truth.',
    },
    paths: {
      '/admin/v1/node': getOperation('Who the node is', 'NodeInfo'),
      '/admin/v1/peers': getOperation('Peer categories and peer-DB read errors', 'PeersDoc'),
      '/admin/v1/sync': getOperation('Replication links', 'SyncDoc'),
      '/admin/v1/routing': getOperation("The node's own partition table", 'RoutingDoc'),
      '/admin/v1/logs': getOperation('Log entries after a cursor', 'LogsDoc', [
        { name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 10000 } },
      ]),
      '/admin/v1/report': getOperation('Everything above in one answer (what the collector reads)', 'NodeReportWire', [
        { name: 'logsEpoch', in: 'query', schema: { type: 'string' }, description: 'The epoch the cursor belongs to; a different one means "from the oldest entry".' },
        ...cursorParams('logs'),
      ]),
    },
    components: {
      schemas: {
        NodeInfo: schemaOf(nodeInfoSchema),
        PeersDoc: schemaOf(peersDocSchema),
        SyncDoc: schemaOf(syncDocSchema),
        RoutingDoc: schemaOf(routingDocSchema),
        LogsDoc: schemaOf(logsDocSchema),
        NodeReportWire: schemaOf(nodeReportWireSchema),
      },
    },
  };
}
