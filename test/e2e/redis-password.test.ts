// A Redis with a password, as the deployment examples run it: serve and worker take its URL from
// AITEST_REDIS_URL (off the command line), never print the password, and a wrong one is one clear
// error (exit 3) instead of ioredis' retries and stack traces.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { useCluster } from '../helpers/cluster.js';
import { startRedis, type RunningRedis } from '../helpers/redis.js';

const PASSWORD = randomBytes(12).toString('hex');
let redis: RunningRedis;
let port: string;
beforeAll(async () => {
  redis = await startRedis(['--requirepass', PASSWORD]);
  port = new URL(redis.url).port;
});
afterAll(() => redis?.stop());
// After Redis's hooks: its processes are stopped first (after-hooks run in reverse), while Redis is there.
const cluster = useCluster();

it('serve and worker connect with the password from AITEST_REDIS_URL and never print it', async () => {
  const cwd = tempDir();
  const env = { AITEST_REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${port}` };
  const serve = await cluster.start(['serve', '--port', '0', '--db', 'orchestrator.db'], /listening on http:\/\/\S+.*/, { cwd, env: { ...env, AITEST_TOKENS: JSON.stringify({ [`admin-${PASSWORD}`]: ['admin'] }) } });
  const worker = await cluster.start(['worker', '--concurrency', '1'], /aitest worker .*/, { cwd, env });
  expect(serve.line).toContain(`redis://:[REDACTED]@127.0.0.1:${port}`);
  expect(worker.line).toContain(`redis://:[REDACTED]@127.0.0.1:${port}`);
  expect(serve.output() + worker.output()).not.toContain(PASSWORD.slice(0, 12));
});

it('a wrong password is one clear error, exit 3, with the fix and without the password or a stack', async () => {
  for (const command of ['worker', 'serve']) {
    const r = await runCliProcess([command, '--port', '0'].slice(0, command === 'serve' ? 3 : 1), {
      cwd: tempDir(), env: { AITEST_REDIS_URL: `redis://:not-${PASSWORD}@127.0.0.1:${port}`, AITEST_TOKENS: JSON.stringify({ [`admin-${PASSWORD}`]: ['admin'] }) },
    });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`error: Redis at redis://:[REDACTED]@127.0.0.1:${port} cannot be used: WRONGPASS`);
    expect(r.stderr).toContain('hint: Put the password Redis was started with');
    expect(r.stderr).not.toContain('Unhandled error event');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr + r.stdout).not.toContain(`not-${PASSWORD}`);
  }
});
