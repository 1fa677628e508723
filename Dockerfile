# aitest for the cluster: `serve` (orchestrator) and `worker`, with Debian's Chromium for browser tests.
# docker build -t aitest:latest .   (examples/kubernetes and examples/docker-compose.yml use this image)
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
WORKDIR /opt/aitest
COPY . .
# npm ci builds (the prepare script needs the dev dependencies), then they go.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev
ENV NODE_ENV=production
ENTRYPOINT ["node", "/opt/aitest/bin/aitest.js"]
