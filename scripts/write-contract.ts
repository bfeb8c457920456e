import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { adminApiOpenApi } from '../lib/contract/openapi';

const out = path.join(__dirname, '..', 'docs', 'admin-api-v1.openapi.json');
writeFileSync(out, `${JSON.stringify(adminApiOpenApi(), null, 2)}\n`);
console.log(`wrote ${out}`);
