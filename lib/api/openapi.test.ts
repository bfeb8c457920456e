import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardApiOpenApi } from './openapi';
import { DASHBOARD_ROUTES, SIGN_IN_ROUTES } from './routes';

const root = path.resolve(__dirname, '..', '..');

describe('dashboard API document', () => {
  it('lists every route under app/api, and nothing else', () => {
    const files = (readdirSync(path.join(root, 'app', 'api'), { recursive: true }) as string[])
      .filter((file) => path.basename(file) === 'route.ts')
      .map((file) => path.join('api', file));
    const routePaths = files.map((file: string) => `/${path.dirname(file).replace(/\[([^\]]+)\]/g, '{$1}')}`).sort();
    expect(DASHBOARD_ROUTES.map((route) => route.path).sort()).toEqual(routePaths);
    const signIn = (readdirSync(path.join(root, 'app', 'auth'), { recursive: true }) as string[]).filter((file) => path.basename(file) === 'route.ts');
    expect(SIGN_IN_ROUTES.map((route) => route.path).sort()).toEqual(signIn.map((file) => `/auth/${path.dirname(file)}`).sort());
  });

  it('docs/dashboard-api.openapi.json is the generated document (run `npm run contract` after changing a route)', () => {
    const written = JSON.parse(readFileSync(path.join(root, 'docs', 'dashboard-api.openapi.json'), 'utf8'));
    expect(written).toEqual(JSON.parse(JSON.stringify(dashboardApiOpenApi())));
  });

  it('describes query parameters from the routes’ own schemas, and the error shape for every error status', () => {
    const document = dashboardApiOpenApi();
    const findings = document.paths['/api/clusters/{cluster}/findings'].get;
    expect(findings.parameters.map((parameter) => parameter.name)).toEqual(['cluster', 'status', 'kind', 'view', 'group', 'offset', 'limit', 'cursor', 'node', 'at']);
    expect(findings.parameters[2].schema).toMatchObject({ enum: expect.arrayContaining(['node.identity_changed', 'sync.stalled']) });
    expect(Object.keys(findings.responses).sort()).toEqual(['200', '400', '401', '404', '421', '431', '500', '503']);
    expect(Object.keys(document.paths['/api/health'].get.responses)).not.toContain('401');
    expect(document.paths['/api/clusters/{cluster}/nodes/{id}'].get.parameters[1]).toMatchObject({ name: 'id', in: 'path', required: true });
  });
});
