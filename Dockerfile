# Clusterscope container: multi-stage, Next standalone output, non-root, health check.
# Build:  docker build -t clusterscope .
# Run:    docker run -p 3000:3000 -v $PWD/cluster.yaml:/config/cluster.yaml:ro -e CLUSTER_CONFIG=/config/cluster.yaml clusterscope
# (without CLUSTER_CONFIG it serves the built-in demo cluster)

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim AS builder
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runner
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    CLUSTERSCOPE_DATA_DIR=/data \
    KEEP_ALIVE_TIMEOUT=65000
RUN groupadd --system --gid 1001 nodejs \
 && useradd --system --uid 1001 --gid nodejs --no-create-home nextjs \
 && mkdir -p /data && chown nextjs:nodejs /data
COPY --from=builder --chown=nextjs:nodejs /app/.next/standalone ./
COPY --from=builder --chown=nextjs:nodejs /app/.next/static ./.next/static
COPY --from=builder --chown=nextjs:nodejs /app/public ./public
USER nextjs
EXPOSE 3000
# Mount the cluster config read-only and point CLUSTER_CONFIG at it, e.g. /config/cluster.yaml.
VOLUME ["/config"]
# History (SQLite, docs/storage.md) lives here: mount a volume so it survives the container being replaced.
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Heap flags and malloc arenas as scripts/server-command.mjs gives them to `npm start` and the benches (docs/performance.md, "Steady state").
ENV MALLOC_ARENA_MAX=2
CMD ["node", "--max-semi-space-size=8", "--no-allocation-site-pretenuring", "--no-page-promotion", "--heap-growing-percent=35", "server.js"]
