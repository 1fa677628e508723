# aitest for the cluster: `serve` (orchestrator) and `worker`, with Debian's Chromium for browser tests.
# docker build -t aitest:latest .   (examples/kubernetes and examples/docker-compose.yml use this image)
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
WORKDIR /opt/aitest
COPY . .
# npm ci builds (the prepare script needs the dev dependencies), then they go. The code stays root's:
# the user aitest runs as can read it, not change it.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev
ENV NODE_ENV=production
# Plans run here come from whoever holds a token: aitest runs as the image's unprivileged `node` user
# (uid 1000). What it writes: /data (the orchestrator's --db), its working folder (.aitest beside a
# default database) and the temporary folder (a worker's bundles).
RUN mkdir -p /data /home/node/aitest/.aitest && chown -R node:node /data /home/node/aitest
USER node
WORKDIR /home/node/aitest
ENTRYPOINT ["node", "/opt/aitest/bin/aitest.js"]
