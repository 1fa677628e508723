// The `openai` provider: the official SDK with `baseURL`, so any OpenAI-compatible server works (Ollama,
// vLLM, LM Studio, llama.cpp's server, Azure OpenAI). Loaded only when a plan has a judge to call.
import type { JudgePrompt, JudgeProvider, ProviderOptions, ProviderReply } from '../types.js';

export async function createOpenAiProvider(o: ProviderOptions): Promise<JudgeProvider> {
  const { default: OpenAI } = await import('openai');
  // Retries are the judge's own (backoff honouring Retry-After, shared by every provider), not the SDK's.
  const client = new OpenAI({ apiKey: o.apiKey, baseURL: o.baseUrl, timeout: o.timeoutMs ?? 60_000, maxRetries: 0 });
  return {
    name: 'openai',
    model: o.model,
    async complete(prompt: JudgePrompt, signal?: AbortSignal): Promise<ProviderReply> {
      const text = prompt.user.text;
      const content = prompt.user.image
        ? [
          { type: 'text' as const, text },
          { type: 'image_url' as const, image_url: { url: `data:image/png;base64,${prompt.user.image.toString('base64')}` } },
        ]
        : text;
      const res = await client.chat.completions.create({
        model: o.model,
        temperature: o.temperature ?? 0,
        ...(o.maxTokens === undefined ? {} : { max_tokens: o.maxTokens }),
        messages: [{ role: 'system', content: prompt.system }, { role: 'user', content }],
        response_format: prompt.schema ? { type: 'json_schema', json_schema: { name: 'reply', schema: prompt.schema, strict: true } } : { type: 'json_object' },
      }, signal ? { signal } : {});
      return {
        text: res.choices[0]?.message?.content ?? '',
        model: res.model ?? o.model,
        usage: { input: res.usage?.prompt_tokens ?? 0, output: res.usage?.completion_tokens ?? 0 },
      };
    },
  };
}
