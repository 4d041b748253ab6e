# syntax=docker/dockerfile:1
# Shipgate's production image. Build: docker build -t shipgate .
# Run:   docker run --init -d --name shipgate -p 3000:3000 --env-file /etc/shipgate/env \
#          -v shipgate-data:/app/data -v /etc/shipgate/config:/app/config:ro shipgate
# Without Slack tokens it runs the sandbox (its stand-in and console bind to 127.0.0.1 inside the container).
# test/unit/deploy/dockerfile.test.ts checks every path copied here exists and that CMD is what CI starts;
# test/integration/build/built-artifact.test.ts lays the stages out the way they are written here and runs them.

# Node plus what better-sqlite3 needs to compile when no prebuilt binary fits the platform.
FROM node:20-slim AS toolchain
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# The runtime's node_modules: production dependencies only, no tsx, no esbuild, no compiler in the final image.
FROM toolchain AS deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

# Every dependency, then npm run build: dist/ with the compiled code, the vendored specs and the console bundle.
FROM toolchain AS build
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY tools ./tools
COPY src ./src
COPY commands ./commands
RUN npm run build

FROM node:20-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY --from=build /app/dist ./dist
# The shipgate bin (npx shipgate …), which runs dist/cli.js.
COPY src/bin.js ./src/bin.js
# What an operator edits or ships beside the code: mount their own config/ and templates/ over these.
COPY manifest.yml ./
COPY templates ./templates
COPY config ./config
COPY scripts ./scripts
COPY schema ./schema
# The code stays root-owned and read-only to Shipgate; only data/ (the SQLite database) is written.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME /app/data
EXPOSE 3000
# node is PID 1 and handles SIGTERM itself (stops the scheduler, closes HTTP and the database, exits 0);
# run with --init so deploy steps it started and orphaned are reaped.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
