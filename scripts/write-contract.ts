import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { dashboardApiOpenApi } from '../lib/api/openapi';
import { adminApiOpenApi } from '../lib/contract/openapi';

const documents = { 'admin-api-v1.openapi.json': adminApiOpenApi(), 'dashboard-api.openapi.json': dashboardApiOpenApi() };
for (const [name, document] of Object.entries(documents)) {
  const out = path.join(__dirname, '..', 'docs', name);
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`wrote ${out}`);
}
