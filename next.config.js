/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  // ioredis and pino are server-only packages with optional native pieces: load them from node_modules.
  // prom-client keeps its registries in module state: load it once from node_modules rather than per bundle.
  serverExternalPackages: ['ioredis', 'pino', 'prom-client'],
  poweredByHeader: false,
  // Tools the tests build into .cache (olricd, virtualenvs) are never part of the server.
  outputFileTracingExcludes: { '*': ['.cache/**'] },
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
