// Estimated cost of judge calls: list prices per million tokens (USD) of common models, as published by
// the vendors in 2025. An estimate to keep an eye on spend, not a bill; a model not listed has no estimate.
const PER_MILLION: Record<string, { input: number; output: number }> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'gemini-1.5-flash': { input: 0.075, output: 0.3 },
  'gemini-1.5-pro': { input: 1.25, output: 5 },
  'gemini-2.0-flash': { input: 0.1, output: 0.4 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5 },
  'gemini-2.5-pro': { input: 1.25, output: 10 },
};

/** USD for `input` and `output` tokens of `model` (a dated name like gpt-4o-mini-2024-07-18 counts as its family), or undefined. */
export function estimateCostUsd(model: string, input: number, output: number): number | undefined {
  const name = Object.keys(PER_MILLION).filter((m) => model === m || model.startsWith(`${m}-`)).sort((a, b) => b.length - a.length)[0];
  if (name === undefined) return undefined;
  const p = PER_MILLION[name];
  return (input * p.input + output * p.output) / 1_000_000;
}
