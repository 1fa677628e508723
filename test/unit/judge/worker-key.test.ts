// On a remote worker the plan is untrusted: the worker's own LLM key goes only to the judge the worker is
// configured for, and a plan's `apiKey: { env }` reads only what the worker exposes.
import { describe, expect, it } from 'vitest';
import { resolveJudge } from '../../../src/judge/config.js';

const WORKER = { OPENAI_API_KEY: 'sk-worker', GEMINI_API_KEY: 'g-worker', AITEST_JUDGE_MODEL: 'gpt-4o' };
const untrusted = { planEnv: { PLAN_KEY: 'sk-exposed' } };

describe('resolveJudge on a remote worker', () => {
  it('a plan-chosen base URL gets no worker key (locally it does); the worker\'s own judge does, whatever model the plan asks for', () => {
    const r = resolveJudge({ baseUrl: 'http://attacker.example/v1' }, WORKER, untrusted);
    expect(r).toMatchObject({ ok: true, config: { baseUrl: 'http://attacker.example/v1', apiKey: 'no-key', secrets: [] } });
    expect(resolveJudge({ baseUrl: 'http://attacker.example/v1' }, WORKER)).toMatchObject({ ok: true, config: { apiKey: 'sk-worker' } });
    expect(resolveJudge({ model: 'gpt-4.1' }, WORKER, untrusted)).toMatchObject({ ok: true, config: { provider: 'openai', apiKey: 'sk-worker', model: 'gpt-4.1' } });
    // The worker's own base URL, named again by the plan, is still its own judge.
    const own = { ...WORKER, AITEST_JUDGE_BASE_URL: 'http://llm.internal/v1' };
    expect(resolveJudge({ baseUrl: 'http://llm.internal/v1' }, own, untrusted)).toMatchObject({ ok: true, config: { apiKey: 'sk-worker' } });
  });

  it('a provider other than the worker\'s gets no worker key (locally it does), and says why', () => {
    expect(resolveJudge({ provider: 'gemini' }, WORKER)).toMatchObject({ ok: true, config: { apiKey: 'g-worker' } });
    expect(resolveJudge({ provider: 'gemini' }, WORKER, untrusted)).toEqual({
      ok: false,
      reason: "the gemini judge has no API key: this worker's own GEMINI_API_KEY goes only to the judge it is configured for, not to a plan's `judge.baseUrl` or `judge.provider`",
    });
  });

  it('a plan key from the environment: only an exposed variable', () => {
    expect(resolveJudge({ baseUrl: 'http://mine.example/v1', apiKey: { env: 'PLAN_KEY' } }, WORKER, untrusted)).toMatchObject({ ok: true, config: { apiKey: 'sk-exposed' } });
    expect(resolveJudge({ provider: 'openai', apiKey: { env: 'OPENAI_API_KEY' } }, WORKER, untrusted)).toMatchObject({ ok: true, config: { apiKey: 'sk-worker' } });
    expect(resolveJudge({ provider: 'gemini', apiKey: { env: 'GEMINI_API_KEY' } }, WORKER, untrusted)).toEqual({
      ok: false, reason: 'the gemini judge has no API key: this worker does not expose GEMINI_API_KEY (`aitest worker --env GEMINI_API_KEY` or AITEST_WORKER_ENV)',
    });
  });
});
