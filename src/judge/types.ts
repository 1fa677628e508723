// What the judge is asked and what it answers, independent of the provider that answers.

/** What is judged: text (a response body, a page's text, WebSocket messages) or an image (a screenshot). */
export type JudgeContent = { kind: 'text'; text: string } | { kind: 'image'; png: Buffer; caption?: string };

export interface JudgeCriterion {
  name: string;
  /** Relative weight in the overall score (default 1). */
  weight?: number;
  description?: string;
}

export interface JudgeRequest {
  /** What a good answer is, in the plan author's words. */
  rubric: string;
  criteria?: JudgeCriterion[];
  /** A known good answer to compare with. */
  reference?: string;
  content: JudgeContent;
}

export interface TokenUsage {
  input: number;
  output: number;
}

/** One model reply, as a provider returns it. */
export interface ProviderReply {
  text: string;
  model: string;
  usage: TokenUsage;
}

/** A chat exchange with a model: one system message and one user message (text, or text and an image). */
export interface JudgePrompt {
  system: string;
  user: { text: string; image?: Buffer };
  /** A JSON schema the reply must follow, for providers with structured output; without one, any JSON object. */
  schema?: Record<string, unknown>;
}

/** What every provider is made from: the model, its key, and how to call it. */
export interface ProviderOptions {
  model: string;
  apiKey: string;
  baseUrl?: string;
  temperature?: number;
  maxTokens?: number;
  timeoutMs?: number;
}

export interface JudgeProvider {
  readonly name: 'openai' | 'gemini';
  readonly model: string;
  complete(prompt: JudgePrompt, signal?: AbortSignal): Promise<ProviderReply>;
}

export interface Verdict {
  /** 0..1: the weighted criteria when there are criteria, else the model's overall score. */
  score: number;
  reasoning: string;
  /** Per-criterion scores, 0..1. */
  criteria: Record<string, number>;
}
