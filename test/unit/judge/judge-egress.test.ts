// On a remote worker a plan-chosen `judge.baseUrl` is one more request the plan makes: the worker's egress
// policy decides whether the judge there is asked. Against a real OpenAI-format stand-in on 127.0.0.1.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createJudgeService } from '../../../src/judge/service.js';
import { createNetPolicy } from '../../../src/util/net-policy.js';
import { startOpenAiServer, type LlmServer } from '../../helpers/llm-server.js';

let llm: LlmServer;
beforeAll(async () => {
  llm = await startOpenAiServer(() => ({ content: '{"score": 0.9, "reasoning": "Fine.", "criteria": {}}' }));
});
afterAll(() => llm?.close());

const assertion = { rubric: 'Is polite.' };
const content = { kind: 'text' as const, text: 'Thank you!' };

it('a judge URL the policy refuses is not asked, and the check says why', async () => {
  const judge = createJudgeService({}, { untrusted: { planEnv: {}, net: createNetPolicy({ deny: ['127.0.0.1/32'] }) } });
  const r = await judge.check(assertion, content, { baseUrl: llm.url, model: 'm' }, undefined);
  expect(r.check).toMatchObject({ name: 'judge', ok: false });
  expect(r.check.message).toContain(`the judge at ${llm.url} was not asked: 127.0.0.1 is refused by this worker's egress policy`);
  expect(llm.calls).toHaveLength(0);
});

it('the metadata address is refused by default; an allowed judge URL is asked', async () => {
  const judge = createJudgeService({}, { untrusted: { planEnv: {}, net: createNetPolicy() } });
  const refused = await judge.check(assertion, content, { baseUrl: 'http://169.254.169.254/v1', model: 'm' }, undefined);
  expect(refused.check.message).toContain('169.254.169.254 is refused by this worker\'s egress policy');
  const asked = await judge.check(assertion, content, { baseUrl: llm.url, model: 'm' }, undefined);
  expect(asked.check).toMatchObject({ name: 'judge', ok: true });
  expect(llm.calls).toHaveLength(1);
});
