// The openai provider through the real SDK against a local server speaking OpenAI's wire format: what goes
// over the wire (model, temperature, messages, the image, structured output, the key) and what comes back.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildJudgePrompt } from '../../../src/judge/prompt.js';
import { createOpenAiProvider } from '../../../src/judge/providers/openai.js';
import { startOpenAiServer, type LlmServer } from '../../helpers/llm-server.js';

let server: LlmServer;
beforeAll(async () => {
  server = await startOpenAiServer(() => ({ content: '{"score": 0.9, "reasoning": "Fine.", "criteria": {}}', usage: { prompt_tokens: 321, completion_tokens: 17 } }));
});
afterAll(() => server?.close());

it('sends the prompt as system and user messages with the reply schema, and returns text, model and tokens', async () => {
  const provider = await createOpenAiProvider({ model: 'gpt-4o-mini', apiKey: 'sk-test-123', baseUrl: server.url, maxTokens: 300 });
  const reply = await provider.complete(buildJudgePrompt({ rubric: 'Polite.', content: { kind: 'text', text: 'Hello there.' } }));
  expect(reply).toEqual({ text: '{"score": 0.9, "reasoning": "Fine.", "criteria": {}}', model: 'gpt-4o-mini', usage: { input: 321, output: 17 } });
  const call = server.calls.at(-1)!;
  expect(call.path).toBe('/v1/chat/completions');
  expect(call.headers.authorization).toBe('Bearer sk-test-123');
  expect(call.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0, max_tokens: 300, response_format: { type: 'json_schema', json_schema: { name: 'reply', strict: true } } });
  const messages = call.body.messages as { role: string; content: unknown }[];
  expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
  expect(messages[1].content).toContain('Hello there.');
});

it('sends a screenshot as an image part (a PNG data URL) beside the text', async () => {
  const provider = await createOpenAiProvider({ model: 'gpt-4o', apiKey: 'k', baseUrl: server.url });
  await provider.complete(buildJudgePrompt({ rubric: 'Shows a cart.', content: { kind: 'image', png: Buffer.from([0x89, 0x50, 0x4e, 0x47]) } }));
  const user = (server.calls.at(-1)!.body.messages as { content: { type: string; image_url?: { url: string } }[] }[])[1];
  expect(user.content.map((p) => p.type)).toEqual(['text', 'image_url']);
  expect(user.content[1].image_url!.url).toBe('data:image/png;base64,iVBORw==');
});
