// The run's judge: one provider and queue per judge configuration, made on first use (the SDK loads only
// then), shared by every test. A judge check without a configured judge is skipped with the reason, and
// the run counts them so it can say so once.
import { createHash } from 'node:crypto';
import type { CheckInput } from '../assertions/types.js';
import type { JudgeAssertionSpec, JudgeSpec } from '../plan/types.js';
import { resolveJudge, type JudgeConfig } from './config.js';
import { createJudge, type Judge, type JudgeOutcome } from './judge.js';
import type { JudgeContent, TokenUsage } from './types.js';

export interface JudgeCheckResult {
  check: CheckInput;
  metrics: { name: string; value: number; unit: string }[];
  /** Values the judge configuration brought that must be redacted (its key). */
  secrets: string[];
}

export interface JudgeService {
  check(assertion: JudgeAssertionSpec, content: JudgeContent, plan: JudgeSpec | undefined, signal?: AbortSignal): Promise<JudgeCheckResult>;
  /** Judge checks skipped so far, and why (the first reason). */
  readonly skipped: { count: number; reason?: string };
  /** Tokens used so far, all judges together. */
  readonly usage: TokenUsage & { calls: number };
}

const DEFAULT_THRESHOLD = 0.7;

async function providerFor(c: JudgeConfig) {
  const common = { model: c.model, apiKey: c.apiKey, temperature: c.temperature, timeoutMs: c.timeoutMs, ...(c.maxTokens === undefined ? {} : { maxTokens: c.maxTokens }), ...(c.baseUrl === undefined ? {} : { baseUrl: c.baseUrl }) };
  if (c.provider === 'gemini') return (await import('./providers/gemini.js')).createGeminiProvider(common);
  return (await import('./providers/openai.js')).createOpenAiProvider(common);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function createJudgeService(env: Readonly<Record<string, string | undefined>>): JudgeService {
  const judges = new Map<string, Promise<Judge>>();
  const skipped: { count: number; reason?: string } = { count: 0 };
  const usage = { input: 0, output: 0, calls: 0 };
  return {
    skipped,
    usage,
    async check(assertion, content, plan, signal) {
      const resolved = resolveJudge(plan, env);
      const name = 'judge';
      if (!resolved.ok) {
        skipped.count++;
        skipped.reason ??= resolved.reason;
        return { check: { name, ok: false, skipped: resolved.reason, expected: `score ≥ ${assertion.threshold ?? DEFAULT_THRESHOLD}` }, metrics: [], secrets: [] };
      }
      const config = resolved.config;
      const key = createHash('sha256').update(JSON.stringify({ ...config, secrets: undefined })).digest('hex');
      let judge = judges.get(key);
      if (!judge) {
        judge = providerFor(config).then((p) => createJudge(p, { concurrency: config.concurrency, ...(config.rpm === undefined ? {} : { rpm: config.rpm }) }));
        judges.set(key, judge);
      }
      const j = await judge;
      const request = {
        rubric: assertion.rubric, content,
        ...(assertion.criteria ? { criteria: assertion.criteria } : {}),
        ...(assertion.reference === undefined ? {} : { reference: assertion.reference }),
      };
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
      const threshold = assertion.threshold ?? DEFAULT_THRESHOLD;
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
      const ok = score >= threshold;
      const actual = { score: Math.round(score * 1000) / 1000, model: shown.model, reasoning: shown.verdict.reasoning, ...(Object.keys(shown.verdict.criteria).length ? { criteria: shown.verdict.criteria } : {}), promptHash: shown.promptHash.slice(0, 16) };
      return {
        check: { name, ok, expected: `score ≥ ${threshold}`, actual, ...(ok ? {} : { message: `judge: score ${actual.score} is below ${threshold}: ${shown.verdict.reasoning}` }) },
        metrics,
        secrets: config.secrets,
      };
    },
  };
}
