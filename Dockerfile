# syntax=docker/dockerfile:1
# 一盘棋招商协同机器人 — production image (README "Deploy"). Node LTS on Debian slim, runs as the
# unprivileged `node` user, keeps its data on a volume, and reports health on /healthz.
ARG NODE_IMAGE=node:22-bookworm-slim

# --- build: every dependency (TypeScript types, the Prisma CLI that generates the client), then dist/ ---
FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles its native module when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
RUN npm ci --no-audit --no-fund
COPY src ./src
COPY commands ./commands
# The generated Prisma client, the seeds, the page and the migrations all end up in dist/.
RUN npm run build

# --- runtime dependencies only ---
FROM ${NODE_IMAGE} AS deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# The postinstall step generates the Prisma client with the Prisma CLI, a dev dependency; the client is
# already compiled into dist/, so scripts are skipped and only better-sqlite3's native build is run.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3 && npm cache clean --force

# --- the image ---
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=file:/app/data/bot.db \
    BACKUP_DIR=/app/backups
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY package.json ./
# Code stays root-owned and read-only to the bot; only the data and backup folders are writable.
RUN mkdir -p /app/data/files /app/backups && chown -R node:node /app/data /app/backups
USER node
VOLUME ["/app/data", "/app/backups"]
EXPOSE 3000
# Liveness only: /readyz (database, platform connection) is for load balancers and alerts, since a
# restart does not help a bot that is waiting for DingTalk to come back.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--liftoff-only", "--max-semi-space-size=1", "--optimize-for-size", "--enable-source-maps", "dist/src/main.js"]
