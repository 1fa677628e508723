// The run's judge: one provider and queue per judge configuration, made on first use (the SDK loads only
// then), shared by every test. A judge check without a configured judge is skipped with the reason, and
// the run counts them so it can say so once.
import { createHash } from 'node:crypto';
import type { CheckInput } from '../assertions/types.js';
import type { JudgeAssertionSpec, JudgeSpec } from '../plan/types.js';
import type { UntrustedJudge } from './config.js';
import type { NetPolicy } from '../util/net-policy.js';
import type { Judge, JudgeOutcome } from './judge.js';
import type { JudgeContent, TokenUsage } from './types.js';

// The judge's machinery (its configuration, prompts, providers, the rate-limited queue with p-queue) loads
// with the first judge check: most runs have none, and it is ~15 ms of start-up.
const importMachinery = () => Promise.all([import('./config.js'), import('./providers/index.js'), import('./judge.js'), import('./prices.js'), import('./prompt.js')]);
let machinery: ReturnType<typeof importMachinery> | undefined;
const loadMachinery = () => (machinery ??= importMachinery());

interface JudgeCheckResult {
  check: CheckInput;
  metrics: { name: string; value: number; unit: string }[];
  /** Values the judge configuration brought that must be redacted (its key). */
  secrets: string[];
}

export interface JudgeService {
  check(assertion: JudgeAssertionSpec, content: JudgeContent, plan: JudgeSpec | undefined, signal?: AbortSignal): Promise<JudgeCheckResult>;
  /** Judge checks skipped so far, and why (the first reason). */
  readonly skipped: { count: number; reason?: string };
  /** Tokens used so far, all judges together, and their estimated cost where the model's price is known. */
  readonly usage: TokenUsage & { calls: number; costUsd?: number };
  /** Verdicts reused from the cache so far. */
  readonly cacheHits: number;
  close(): Promise<void>;
}

const DEFAULT_THRESHOLD = 0.7;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Where verdicts are kept between runs (the results database); see store/judge-cache.ts. */
interface VerdictCacheLike {
  get(key: string, ttlMs: number): unknown;
  put(key: string, value: unknown): void;
  close(): void;
}

export interface JudgeServiceOptions {
  /** Opens the verdict cache on first need; undefined (or returning undefined) for none (`--no-judge-cache`). */
  openCache?: () => Promise<VerdictCacheLike | undefined>;
  /** On a remote worker: what plans may read, and its own key only for its own judge (config.ts). */
  untrusted?: UntrustedJudge;
}

interface CachedVerdict {
  score: number;
  reasoning: string;
  criteria: Record<string, number>;
  model: string;
  promptHash: string;
}

export function createJudgeService(env: Readonly<Record<string, string | undefined>>, o: JudgeServiceOptions = {}): JudgeService {
  const judges = new Map<string, Promise<Judge>>();
  let cache: Promise<VerdictCacheLike | undefined> | undefined;
  const skipped: { count: number; reason?: string } = { count: 0 };
  const usage: TokenUsage & { calls: number; costUsd?: number } = { input: 0, output: 0, calls: 0 };
  let cacheHits = 0;
  return {
    skipped,
    usage,
    get cacheHits() {
      return cacheHits;
    },
    async close() {
      (await cache)?.close();
    },
    async check(assertion, content, plan, signal) {
      const [{ resolveJudge }, { createProvider }, { createJudge }, { estimateCostUsd }, { buildJudgePrompt, promptHash }] = await loadMachinery();
      const resolved = resolveJudge(plan, env, o.untrusted);
      const name = 'judge';
      if (!resolved.ok) {
        skipped.count++;
        skipped.reason ??= resolved.reason;
        return { check: { name, ok: false, skipped: resolved.reason, expected: `score ≥ ${assertion.threshold ?? DEFAULT_THRESHOLD}` }, metrics: [], secrets: [] };
      }
      const config = resolved.config;
      // A plan-chosen judge URL on a worker is one more request the plan makes: the egress policy decides.
      const refused = o.untrusted?.net && plan?.baseUrl !== undefined && config.baseUrl !== undefined ? await refusedJudgeUrl(o.untrusted.net, config.baseUrl) : undefined;
      if (refused) return { check: { name, ok: false, expected: `score ≥ ${assertion.threshold ?? DEFAULT_THRESHOLD}`, message: `judge: ${refused}` }, metrics: [], secrets: config.secrets };
      const key = createHash('sha256').update(JSON.stringify({ ...config, secrets: undefined })).digest('hex');
      let judge = judges.get(key);
      if (!judge) {
        judge = createProvider(config).then((p) => createJudge(p, { concurrency: config.concurrency, ...(config.rpm === undefined ? {} : { rpm: config.rpm }) }));
        judges.set(key, judge);
      }
      const request = {
        rubric: assertion.rubric, content,
        ...(assertion.criteria ? { criteria: assertion.criteria } : {}),
        ...(assertion.reference === undefined ? {} : { reference: assertion.reference }),
      };
      const threshold = assertion.threshold ?? DEFAULT_THRESHOLD;
      const samples = assertion.samples ?? 1;
      // The same question to the same model: the verdict of a run within the TTL, at no cost.
      const cacheKey = createHash('sha256').update(promptHash(config.provider, config.model, buildJudgePrompt(request))).update(`\0${samples}`).digest('hex');
      if (config.cacheTtlMs > 0 && o.openCache) {
        cache ??= o.openCache().catch(() => undefined);
        const hit = (await cache)?.get(cacheKey, config.cacheTtlMs) as CachedVerdict | undefined;
        if (hit) cacheHits++;
        if (hit) return { ...verdictCheck(hit, threshold, true), metrics: [{ name: 'judge_score', value: hit.score, unit: 'ratio' }], secrets: config.secrets };
      }
      const j = await judge;
      const outcomes: JudgeOutcome[] = [];
      for (let i = 0; i < (assertion.samples ?? 1); i++) outcomes.push(await j.judge(request, signal));
      const spent = outcomes.reduce((t, o) => ({ input: t.input + o.usage.input, output: t.output + o.usage.output, calls: t.calls + o.calls }), { input: 0, output: 0, calls: 0 });
      usage.input += spent.input;
      usage.output += spent.output;
      usage.calls += spent.calls;
      const metrics = [
        { name: 'judge_tokens_in', value: spent.input, unit: 'count' },
        { name: 'judge_tokens_out', value: spent.output, unit: 'count' },
        { name: 'judge_calls', value: spent.calls, unit: 'count' },
      ];
      const cost = estimateCostUsd(outcomes[0]?.model ?? config.model, spent.input, spent.output);
      if (cost !== undefined) {
        usage.costUsd = (usage.costUsd ?? 0) + cost;
        metrics.push({ name: 'judge_cost', value: cost, unit: 'usd' });
      }
      const verdicts = outcomes.flatMap((o) => (o.kind === 'verdict' ? [o] : []));
      if (verdicts.length === 0) {
        const failed = outcomes[0] as Extract<JudgeOutcome, { kind: 'error' }>;
        return { check: { name, ok: false, expected: `score ≥ ${threshold}`, actual: failed.raw, message: `judge: ${failed.message}` }, metrics, secrets: config.secrets };
      }
      const score = median(verdicts.map((v) => v.verdict.score));
      // The reasoning shown is that of the sample closest to the median.
      const shown = verdicts.reduce((best, v) => (Math.abs(v.verdict.score - score) < Math.abs(best.verdict.score - score) ? v : best));
      metrics.push({ name: 'judge_score', value: score, unit: 'ratio' });
      for (const [criterion, value] of Object.entries(shown.verdict.criteria)) metrics.push({ name: `judge_criterion_${criterion}`, value, unit: 'ratio' });
      const kept: CachedVerdict = { score, reasoning: shown.verdict.reasoning, criteria: shown.verdict.criteria, model: shown.model, promptHash: shown.promptHash };
      if (config.cacheTtlMs > 0 && cache) (await cache)?.put(cacheKey, kept);
      return { ...verdictCheck(kept, threshold, false), metrics, secrets: config.secrets };
    },
  };
}

/** Why the policy refuses the judge at `baseUrl`, or undefined when it may be reached. */
async function refusedJudgeUrl(net: NetPolicy, baseUrl: string): Promise<string | undefined> {
  let host: string;
  try {
    host = new URL(baseUrl).hostname;
  } catch {
    return `judge.baseUrl ${JSON.stringify(baseUrl)} is not a URL`;
  }
  const { checkHost } = await import('../util/net-guard.js');
  const refused = await checkHost(net, host);
  return refused && `the judge at ${baseUrl} was not asked: ${refused.message}`;
}

function verdictCheck(v: CachedVerdict, threshold: number, cached: boolean): { check: CheckInput } {
  const ok = v.score >= threshold;
  const actual = {
    score: Math.round(v.score * 1000) / 1000, model: v.model, reasoning: v.reasoning,
    ...(Object.keys(v.criteria).length ? { criteria: v.criteria } : {}),
    promptHash: v.promptHash.slice(0, 16),
    // A reused verdict says so.
    ...(cached ? { cached: true } : {}),
  };
  return { check: { name: 'judge', ok, expected: `score ≥ ${threshold}`, actual, ...(ok ? {} : { message: `judge: score ${actual.score} is below ${threshold}: ${v.reasoning}${cached ? ' (cached verdict)' : ''}` }) } };
}
