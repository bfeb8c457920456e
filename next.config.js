/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  // ioredis and pino are server-only packages with optional native pieces: load them from node_modules.
  // prom-client keeps its registries in module state: load it once from node_modules rather than per bundle.
  // better-sqlite3 (a native addon) and pg keep history: load them from node_modules too.
  // undici, zod and yaml: bundled, each was loaded once per server layer that imports it (instrumentation, routes,
  // pages), up to four copies of its code and module state; from node_modules, once (−13 MB RSS at one node).
  serverExternalPackages: ['ioredis', 'pino', 'prom-client', 'better-sqlite3', 'pg', 'undici', 'zod', 'yaml'],
  poweredByHeader: false,
  // Unminified by Next: its server minifier's inlining made polling 30 % dearer; scripts/minify-server-chunks.mjs
  // takes out whitespace and comments instead (docs/performance.md, "The built server at 5,000 nodes").
  experimental: { serverMinification: false },
  // Tools the tests build into .cache (olricd, virtualenvs) are never part of the server.
  outputFileTracingExcludes: { '*': ['.cache/**', '.git/**', 'data/**'] },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
