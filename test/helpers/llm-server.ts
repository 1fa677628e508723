// A local stand-in for an LLM vendor: an HTTP server on 127.0.0.1 speaking OpenAI's chat-completions wire
// format, scripted per test (a canned verdict, malformed text, a 429 with Retry-After, a 500, a slow reply),
// used through the real SDK via `baseURL`. It records every call so tests can see what was sent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LlmCall {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  at: number;
}

export interface ScriptedReply {
  status?: number;
  /** The assistant message's text (a 200 reply); ignored when `raw` is set. */
  content?: string;
  /** A body sent as is, for error replies. */
  raw?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

export interface LlmServer {
  /** Base URL for the SDK, ending in /v1. */
  url: string;
  calls: LlmCall[];
  close(): Promise<void>;
}

/** A server that records each call and answers it as `script` says, in the body `render` makes. */
async function startScripted(script: (call: LlmCall, index: number) => ScriptedReply, render: (call: LlmCall, r: ScriptedReply, n: number) => unknown, base: string): Promise<LlmServer> {
  const calls: LlmCall[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      const call: LlmCall = { path: req.url ?? '', headers: req.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, at: Date.now() };
      calls.push(call);
      const r = script(call, calls.length - 1);
      const send = (): void => {
        res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers });
        res.end(JSON.stringify(r.raw !== undefined ? r.raw : render(call, r, calls.length)));
      };
      if (r.delayMs) setTimeout(send, r.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${base}`,
    calls,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const tokens = (r: ScriptedReply) => ({ input: r.usage?.prompt_tokens ?? 100, output: r.usage?.completion_tokens ?? 20 });

/** OpenAI's chat-completions format; `url` is the SDK's baseURL (ending in /v1). */
export function startOpenAiServer(script: (call: LlmCall, index: number) => ScriptedReply): Promise<LlmServer> {
  return startScripted(script, (call, r, n) => {
    const t = tokens(r);
    return {
      id: `chatcmpl-${n}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: call.body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: r.content ?? '' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: t.input, completion_tokens: t.output, total_tokens: t.input + t.output },
    };
  }, '/v1');
}

/** Gemini's generateContent format; `url` is the SDK's baseUrl (it adds /v1beta/models/…). */
export function startGeminiServer(script: (call: LlmCall, index: number) => ScriptedReply): Promise<LlmServer> {
  return startScripted(script, (_call, r) => {
    const t = tokens(r);
    return {
      candidates: [{ content: { role: 'model', parts: [{ text: r.content ?? '' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: t.input, candidatesTokenCount: t.output, totalTokenCount: t.input + t.output },
    };
  }, '');
}
