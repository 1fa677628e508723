// The `gemini` provider: @google/generative-ai's generateContent, with `baseUrl` for a proxy or a local
// stand-in. Loaded only when a plan has a judge to call.
import type { ResponseSchema } from '@google/generative-ai';
import type { JudgePrompt, JudgeProvider, ProviderOptions, ProviderReply } from '../types.js';

/**
 * Gemini takes an OpenAPI-style subset of JSON Schema for `responseSchema`: no `additionalProperties`,
 * no numeric bounds. The bounds are checked when the verdict is parsed anyway.
 */
function toGeminiSchema(schema: unknown): ResponseSchema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'additionalProperties' || k === 'minimum' || k === 'maximum') continue;
      out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, walk(s)])) : walk(v);
    }
    return out;
  };
  return walk(schema) as ResponseSchema;
}

export async function createGeminiProvider(o: ProviderOptions): Promise<JudgeProvider> {
  const { GoogleGenerativeAI } = await import('@google/generative-ai');
  const requestOptions = { timeout: o.timeoutMs ?? 60_000, ...(o.baseUrl === undefined ? {} : { baseUrl: o.baseUrl }) };
  const client = new GoogleGenerativeAI(o.apiKey);
  return {
    name: 'gemini',
    model: o.model,
    async complete(prompt: JudgePrompt, signal?: AbortSignal): Promise<ProviderReply> {
      const model = client.getGenerativeModel({
        model: o.model,
        systemInstruction: { role: 'system', parts: [{ text: prompt.system }] },
        generationConfig: {
          temperature: o.temperature ?? 0,
          ...(o.maxTokens === undefined ? {} : { maxOutputTokens: o.maxTokens }),
          responseMimeType: 'application/json',
          ...(prompt.schema ? { responseSchema: toGeminiSchema(prompt.schema) } : {}),
        },
      }, requestOptions);
      const parts = [{ text: prompt.user.text }, ...(prompt.user.image ? [{ inlineData: { mimeType: 'image/png', data: prompt.user.image.toString('base64') } }] : [])];
      const res = await model.generateContent({ contents: [{ role: 'user', parts }] }, signal ? { signal } : {});
      const usage = res.response.usageMetadata;
      return {
        text: res.response.text(),
        model: o.model,
        usage: { input: usage?.promptTokenCount ?? 0, output: usage?.candidatesTokenCount ?? 0 },
      };
    },
  };
}
