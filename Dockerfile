# HYDRA's image: built in one stage (npm ci with the compilers better-sqlite3 may need, tsc), run in a
# slim one (the compiled dist/, production node_modules, no compiler, no sources, no .env), as the
# unprivileged `node` user, with the database, logs and trade history in the /data volume.
# Build and run it on your machine (README, "Monitoring and deployment"); the project's tests only
# validate compose.yaml (`docker compose config`): no image is pulled or built where they run.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
COPY bin ./bin
RUN npx tsc -p tsconfig.build.json \
 && find dist \( -path '*/test-support/*' -o -name '*.test.js*' -o -name 'test-*.js*' -o -name '*.contract.js*' \) -type f -delete \
 && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HYDRA_DB=/data/hydra.db
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# the HTTP API (dashboard, /api/v1) and the Prometheus metrics, inside the container
EXPOSE 8080 9100
# healthy while the node's API answers /api/v1/health (every service of compose.yaml serves it on 8080)
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/api/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/hydra.js"]
CMD ["demo", "--api-port", "8080", "--api-host", "0.0.0.0", "--metrics-port", "9100", "--metrics-host", "0.0.0.0", "--db", "/data/hydra.db"]
