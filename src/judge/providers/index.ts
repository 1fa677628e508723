// The provider a judge configuration names, its SDK loaded on demand.
import type { JudgeConfig } from '../config.js';
import type { JudgeProvider } from '../types.js';

export async function createProvider(c: JudgeConfig): Promise<JudgeProvider> {
  const common = {
    model: c.model, apiKey: c.apiKey, temperature: c.temperature, timeoutMs: c.timeoutMs,
    ...(c.maxTokens === undefined ? {} : { maxTokens: c.maxTokens }),
    ...(c.baseUrl === undefined ? {} : { baseUrl: c.baseUrl }),
  };
  if (c.provider === 'gemini') return (await import('./gemini.js')).createGeminiProvider(common);
  return (await import('./openai.js')).createOpenAiProvider(common);
}
