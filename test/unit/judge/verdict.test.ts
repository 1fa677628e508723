// Reading verdicts strictly: a good reply, one in a code fence, criteria weighted by the author, and each
// way a reply can be unusable, said in words a repair prompt can pass back.
import { describe, expect, it } from 'vitest';
import { parseVerdict } from '../../../src/judge/verdict.js';

describe('parseVerdict', () => {
  it('reads score and reasoning, also from a ```json fence', () => {
    expect(parseVerdict('{"score": 0.8, "reasoning": "Polite and correct.", "criteria": {}}')).toEqual({ ok: true, verdict: { score: 0.8, reasoning: 'Polite and correct.', criteria: {} } });
    expect(parseVerdict('Here you go:\n```json\n{"score": 0.5, "reasoning": "ok", "criteria": {}}\n```')).toMatchObject({ ok: true, verdict: { score: 0.5 } });
  });

  it('with criteria, the score is their mean weighted by the plan, whatever overall score the model said', () => {
    const r = parseVerdict('{"score": 0.1, "reasoning": "r", "criteria": {"polite": 1, "accurate": 0.4}}', [{ name: 'polite' }, { name: 'accurate', weight: 2 }]);
    expect(r.ok && r.verdict.score).toBeCloseTo(0.6, 10);
    expect(r.ok && r.verdict.criteria).toEqual({ polite: 1, accurate: 0.4 });
  });

  it.each([
    ['not json', 'the reply is not a JSON object'],
    ['[1, 2]', 'the reply is not a JSON object'],
    ['{"score": 7, "reasoning": "r"}', '"score" must be a number from 0 to 1'],
    ['{"score": "high", "reasoning": "r"}', '"score" must be a number from 0 to 1'],
    ['{"score": 0.5, "reasoning": ""}', '"reasoning" must be a non-empty string'],
    ['{"score": 0.5, "reasoning": "r", "criteria": {}}', '"criteria.polite" must be a number from 0 to 1'],
  ])('%s → %s', (text, problem) => {
    expect(parseVerdict(text, text.includes('criteria') ? [{ name: 'polite' }] : [])).toEqual({ ok: false, problem });
  });
});
