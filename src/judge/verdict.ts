// Reading a model's reply into a Verdict: strict, so a sloppy reply is repaired or reported, never guessed.
import { parseJsonReply } from './json-reply.js';
import type { JudgeCriterion, Verdict } from './types.js';

export type Parsed = { ok: true; verdict: Verdict } | { ok: false; problem: string };

const inRange = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;

/** The JSON object in `text` (a ```json fence around it is tolerated), checked against the expected shape. */
export function parseVerdict(text: string, criteria: JudgeCriterion[] = []): Parsed {
  const data = parseJsonReply(text);
  if (data === undefined || data === null || typeof data !== 'object' || Array.isArray(data)) return { ok: false, problem: 'the reply is not a JSON object' };
  const d = data as { score?: unknown; reasoning?: unknown; criteria?: unknown };
  if (!inRange(d.score)) return { ok: false, problem: '"score" must be a number from 0 to 1' };
  if (typeof d.reasoning !== 'string' || d.reasoning.trim() === '') return { ok: false, problem: '"reasoning" must be a non-empty string' };
  const given = d.criteria !== null && typeof d.criteria === 'object' && !Array.isArray(d.criteria) ? (d.criteria as Record<string, unknown>) : {};
  const scores: Record<string, number> = {};
  for (const c of criteria) {
    const v = given[c.name];
    if (!inRange(v)) return { ok: false, problem: `"criteria.${c.name}" must be a number from 0 to 1` };
    scores[c.name] = v;
  }
  // With criteria, the score is their weighted mean: the author's weights, not the model's arithmetic.
  let score = d.score;
  if (criteria.length > 0) {
    const total = criteria.reduce((sum, c) => sum + (c.weight ?? 1), 0);
    score = total > 0 ? criteria.reduce((sum, c) => sum + (c.weight ?? 1) * scores[c.name], 0) / total : d.score;
  }
  return { ok: true, verdict: { score, reasoning: d.reasoning.trim(), criteria: scores } };
}
