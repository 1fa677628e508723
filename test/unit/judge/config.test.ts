// Which judge a run gets from the plan and the environment, and the reason when it gets none.
import { describe, expect, it } from 'vitest';
import { resolveJudge } from '../../../src/judge/config.js';

describe('resolveJudge', () => {
  it('takes the plan block, the key from the variable it names, and marks the key secret', () => {
    const r = resolveJudge({ provider: 'openai', model: 'gpt-4o', apiKey: { env: 'MY_KEY', secret: true }, timeout: '20s', rpm: 60 }, { MY_KEY: 'sk-abc' });
    expect(r).toEqual({ ok: true, config: { provider: 'openai', model: 'gpt-4o', apiKey: 'sk-abc', temperature: 0, timeoutMs: 20_000, concurrency: 4, rpm: 60, cacheTtlMs: 3_600_000, secrets: ['sk-abc'] } });
  });

  it('fills from the environment: provider, model, base URL and the vendor key', () => {
    expect(resolveJudge(undefined, { AITEST_JUDGE_PROVIDER: 'gemini', GEMINI_API_KEY: 'g', AITEST_JUDGE_MODEL: 'gemini-2.0-flash' }))
      .toMatchObject({ ok: true, config: { provider: 'gemini', model: 'gemini-2.0-flash', apiKey: 'g' } });
    expect(resolveJudge(undefined, { OPENAI_API_KEY: 'sk' })).toMatchObject({ ok: true, config: { provider: 'openai', model: 'gpt-4o-mini' } });
  });

  it('a local OpenAI-compatible server needs no key', () => {
    const r = resolveJudge({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1' }, {});
    expect(r).toMatchObject({ ok: true, config: { provider: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', secrets: [] } });
  });

  it('says why there is no judge: none configured, a vendor without its key, an unknown provider', () => {
    expect(resolveJudge(undefined, {})).toEqual({ ok: false, reason: expect.stringMatching(/^no judge is configured/) });
    expect(resolveJudge({ provider: 'openai' }, {})).toEqual({ ok: false, reason: 'the openai judge has no API key: OPENAI_API_KEY is not set' });
    expect(resolveJudge({ provider: 'gemini', apiKey: { env: 'G_KEY' } }, {})).toEqual({ ok: false, reason: 'the gemini judge has no API key: G_KEY is not set' });
    expect(resolveJudge(undefined, { AITEST_JUDGE_PROVIDER: 'claude' })).toEqual({ ok: false, reason: 'unknown judge provider "claude" (AITEST_JUDGE_PROVIDER): use openai or gemini' });
  });
});
