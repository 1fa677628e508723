// The `judge` assertion: an LLM scores a response against the author's rubric where a plain assertion can't.
import { Type } from '@sinclair/typebox';
import { strict } from './schema-common.js';

export const JudgeCriterion = Type.Object(
  {
    name: Type.String({ minLength: 1, pattern: '^[A-Za-z][A-Za-z0-9_-]*$', description: 'Criterion name, e.g. `polite` (letters, digits, - and _).' }),
    weight: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Relative weight in the score (default 1).' })),
    description: Type.Optional(Type.String({ description: 'What the criterion means, for the model.' })),
  },
  { ...strict, description: 'A named sub-score; the score is the criteria\'s weighted mean.' },
);

export const JudgeAssertion = Type.Object(
  {
    rubric: Type.String({ minLength: 1, description: 'What a good answer is, e.g. "Polite, states the 30-day refund window, offers a next step."' }),
    on: Type.Optional(Type.String({ description: 'What to judge: a JSONPath into the JSON body, e.g. `$.reply` (default: the whole body).' })),
    criteria: Type.Optional(Type.Array(JudgeCriterion, { minItems: 1, description: 'Named sub-scores with weights.' })),
    threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Lowest passing score, 0..1 (default 0.7).' })),
    reference: Type.Optional(Type.String({ description: 'A known good answer to compare with.' })),
    samples: Type.Optional(Type.Integer({ minimum: 1, maximum: 9, description: 'Judge this many times and take the median score (for models that waver; default 1).' })),
  },
  { ...strict, description: 'An LLM judge scores the response against the rubric (0..1); the check passes at `threshold`. Skipped, never passed, when no judge is configured.' },
);
