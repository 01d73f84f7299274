# ---- build: compile the TypeScript sources to dist/ ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci applies patches/ (postinstall: patch-package).
COPY patches ./patches
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY schema ./schema
COPY seeds ./seeds
RUN npm run build

# ---- runtime: production dependencies, compiled code and the files read at run time ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# Read from disk relative to /app: MIGRATIONS_DIR (./schema/migrations, including meta/_journal.json),
# SEED_ARTICLES_DIR (./seeds/articles) and schema/schema.graphql (dist/src/cli/schema.js check).
COPY schema/migrations ./schema/migrations
COPY schema/schema.graphql ./schema/schema.graphql
COPY seeds/articles ./seeds/articles

# The embedded PGlite database lives in a volume owned by the unprivileged user; the
# application files stay root-owned and read-only to it.
RUN mkdir -p /app/data && chown node:node /app/data
ENV PORT=4000 \
    PGLITE_DIR=/app/data \
    MIGRATIONS_DIR=/app/schema/migrations \
    SEED_ARTICLES_DIR=/app/seeds/articles
VOLUME ["/app/data"]
USER node
EXPOSE 4000
CMD ["node", "dist/src/server.js"]
