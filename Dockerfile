# syntax=docker/dockerfile:1
# One image for the API, the worker and the migrate command (see infra/README.md).

FROM node:20.20-bookworm-slim AS build
RUN npm install --global pnpm@12.21.0
WORKDIR /src
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm run build \
 # The API and the worker, each with its production dependencies only (neither depends on the other).
 && pnpm --filter=@conduct/api deploy --prod --config.inject-workspace-packages=true /out/app \
 && pnpm --filter=@conduct/worker deploy --prod --config.inject-workspace-packages=true /out/worker

FROM node:20.20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    METRICS_PORT=9464
WORKDIR /app
COPY --from=build --chown=root:root /out/app /app
COPY --from=build --chown=root:root /out/worker /worker
# The image's files belong to root; the process runs as the unprivileged `node` user (uid 1000).
USER 1000:1000
EXPOSE 4000 9464 9465
# The API. Worker: node /worker/dist/main.js; migrate: node dist/cli/migrate.js.
CMD ["node", "dist/main.js"]
