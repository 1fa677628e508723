// The judge: a request becomes a prompt, the provider answers within a concurrency and rate limit, a reply
// that does not parse gets one repair round, and 429s, 5xx and timeouts are retried with exponential
// backoff and jitter, waiting as long as the server's Retry-After says when it says so.
import PQueue from 'p-queue';
import { buildJudgePrompt, promptHash, repairPrompt } from './prompt.js';
import type { JudgePrompt, JudgeProvider, JudgeRequest, ProviderReply, TokenUsage, Verdict } from './types.js';
import { parseVerdict } from './verdict.js';

export interface JudgeOptions {
  /** Calls in flight at once (default 4). */
  concurrency?: number;
  /** Calls started per minute at most (default: no limit). */
  rpm?: number;
  /** Retries after a 429, a 5xx or a timeout (default 4). */
  retries?: number;
  /** First backoff in ms, doubled each retry, with jitter (default 500). */
  backoffMs?: number;
  /** How the judge waits (tests pass a recording one). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export type JudgeOutcome =
  | { kind: 'verdict'; verdict: Verdict; model: string; usage: TokenUsage; calls: number; promptHash: string }
  /** The model answered, but not with a usable verdict even after the repair round. */
  | { kind: 'error'; message: string; raw?: string; model: string; usage: TokenUsage; calls: number; promptHash: string };

export interface Judge {
  readonly provider: JudgeProvider;
  judge(request: JudgeRequest, signal?: AbortSignal): Promise<JudgeOutcome>;
}

interface HttpishError {
  status?: number;
  headers?: Headers | Record<string, string | undefined>;
  name?: string;
  code?: string;
}

function header(e: HttpishError, name: string): string | undefined {
  const h = e.headers;
  if (!h) return undefined;
  if (typeof (h as Headers).get === 'function') return (h as Headers).get(name) ?? undefined;
  return (h as Record<string, string | undefined>)[name];
}

/** Worth another try: rate limited, the server failing, or no answer in time. */
function retryable(e: unknown): boolean {
  const err = e as HttpishError;
  if (typeof err.status === 'number') return err.status === 429 || err.status === 408 || err.status >= 500;
  return /timeout|timed out/i.test(String(err.name ?? '')) || err.code === 'ETIMEDOUT' || err.code === 'ECONNRESET';
}

/** How long the server asked us to wait, in ms (Retry-After in seconds or as a date; retry-after-ms). */
export function retryAfterMs(e: unknown, now = Date.now()): number | undefined {
  const err = e as HttpishError;
  const ms = header(err, 'retry-after-ms');
  if (ms !== undefined && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const after = header(err, 'retry-after');
  if (after === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(after)) return Math.max(0, Number(after) * 1000);
  const at = Date.parse(after);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Answers through a concurrency and rate limit, retrying 429s, 5xx and timeouts (see createJudge). */
export interface Asker {
  ask(prompt: JudgePrompt, signal: AbortSignal | undefined, usage: TokenUsage, counter: { calls: number }): Promise<ProviderReply>;
}

export function createAsker(provider: JudgeProvider, o: JudgeOptions = {}): Asker {
  const queue = new PQueue({
    concurrency: o.concurrency ?? 4,
    ...(o.rpm ? { intervalCap: o.rpm, interval: 60_000 } : {}),
  });
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = o.random ?? Math.random;
  const retries = o.retries ?? 4;
  const backoff = o.backoffMs ?? 500;
  return {
    /** One answer from the model, retried through the queue; every attempt counts against the rate limit. */
    async ask(prompt, signal, usage, counter) {
      for (let attempt = 0; ; attempt++) {
        try {
          counter.calls++;
          const reply = await queue.add(() => provider.complete(prompt, signal));
          usage.input += reply.usage.input;
          usage.output += reply.usage.output;
          return reply;
        } catch (e) {
          if (attempt >= retries || !retryable(e) || signal?.aborted) throw e;
          // The server's word when it gives one; else exponential, with full jitter so clients spread out.
          const wait = retryAfterMs(e) ?? backoff * 2 ** attempt * (0.5 + random() / 2);
          await sleep(wait);
        }
      }
    },
  };
}

export function createJudge(provider: JudgeProvider, o: JudgeOptions = {}): Judge {
  const { ask } = createAsker(provider, o);

  return {
    provider,
    async judge(request, signal) {
      const prompt = buildJudgePrompt(request);
      const hash = promptHash(provider.name, provider.model, prompt);
      const usage: TokenUsage = { input: 0, output: 0 };
      const counter = { calls: 0 };
      const first = await ask(prompt, signal, usage, counter);
      let parsed = parseVerdict(first.text, request.criteria);
      let raw = first.text;
      if (!parsed.ok) {
        const second = await ask(repairPrompt(prompt, first.text, parsed.problem), signal, usage, counter);
        raw = second.text;
        parsed = parseVerdict(second.text, request.criteria);
      }
      if (parsed.ok) return { kind: 'verdict', verdict: parsed.verdict, model: first.model, usage, calls: counter.calls, promptHash: hash };
      return { kind: 'error', message: `the judge's reply is not a verdict (${parsed.problem}), even after asking again`, raw, model: first.model, usage, calls: counter.calls, promptHash: hash };
    },
  };
}
