// Which orchestrator owns a run: a Redis key holding the replica's id, kept alive while it runs. Only the
// owner records the run's results; a run whose owner stopped renewing (killed, restarted, cut off) is
// taken over by whichever orchestrator on the same Redis and store claims it first.
import type { Redis } from 'ioredis';

export const ownerKey = (runId: string): string => `aitest:owner:${runId}`;

// Renews our lease, or takes it again when it lapsed and nobody else took it (Redis restarted, say).
const RENEW = `
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export interface Leases {
  readonly replica: string;
  readonly ttlMs: number;
  /** Takes the run if nobody holds it. */
  claim(runId: string): Promise<boolean>;
  /** Keeps ours alive; returns the runs another orchestrator holds now. */
  renew(runIds: string[]): Promise<string[]>;
  release(runId: string): Promise<void>;
}

export function createLeases(redis: Redis, replica: string, ttlMs: number): Leases {
  return {
    replica,
    ttlMs,
    claim: async (runId) => (await redis.set(ownerKey(runId), replica, 'PX', ttlMs, 'NX')) === 'OK',
    async renew(runIds) {
      const lost: string[] = [];
      for (const runId of runIds) {
        if (Number(await redis.eval(RENEW, 1, ownerKey(runId), replica, ttlMs)) === 0) lost.push(runId);
      }
      return lost;
    },
    release: async (runId) => void (await redis.eval(RELEASE, 1, ownerKey(runId), replica)),
  };
}
