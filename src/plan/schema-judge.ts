// The `judge` assertion: an LLM scores a response against the author's rubric where a plain assertion can't.
import { Type } from '@sinclair/typebox';
import { strict } from './schema-common.js';
import { SelectorRef as Selector } from './schema-selector.js';

export const JudgeCriterion = Type.Object(
  {
    name: Type.String({ minLength: 1, pattern: '^[A-Za-z][A-Za-z0-9_-]*$', description: 'Criterion name, e.g. `polite` (letters, digits, - and _).' }),
    weight: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Relative weight in the score (default 1).' })),
    description: Type.Optional(Type.String({ description: 'What the criterion means, for the model.' })),
  },
  { ...strict, description: 'A named sub-score; the score is the criteria\'s weighted mean.' },
);

// Everything but what is judged, which depends on where the judge is used.
export const judgeFields = {
  rubric: Type.String({ minLength: 1, description: 'What a good answer is, e.g. "Polite, states the 30-day refund window, offers a next step."' }),
  criteria: Type.Optional(Type.Array(JudgeCriterion, { minItems: 1, description: 'Named sub-scores with weights.' })),
  threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Lowest passing score, 0..1 (default 0.7).' })),
  reference: Type.Optional(Type.String({ description: 'A known good answer to compare with.' })),
  samples: Type.Optional(Type.Integer({ minimum: 1, maximum: 9, description: 'Judge this many times and take the median score (for models that waver; default 1).' })),
};

export const JudgeAssertion = Type.Object(
  {
    ...judgeFields,
    on: Type.Optional(Type.String({ description: 'What to judge: a JSONPath into the JSON body, e.g. `$.reply` (default: the whole body).' })),
  },
  { ...strict, description: 'An LLM judge scores the response against the rubric (0..1); the check passes at `threshold`. Skipped, never passed, when no judge is configured.' },
);

export const UiJudgeStep = Type.Object(
  {
    ...judgeFields,
    on: Type.Optional(Type.Union([
      Type.Literal('text', { description: 'The page\'s visible text (default).' }),
      Type.Literal('screenshot', { description: 'A screenshot of the page, sent to the model as an image.' }),
      Type.Object({ selector: Selector }, { ...strict, description: 'The visible text of one element.' }),
    ], { title: 'text, screenshot or { selector }', description: 'What to judge: the page\'s text (default), a screenshot, or an element\'s text.' })),
  },
  { ...strict, description: 'An LLM judge scores the page as it is now against the rubric (0..1). Skipped, never passed, when no judge is configured.' },
);

export const WebSocketJudgeStep = Type.Object(
  {
    ...judgeFields,
    on: Type.Optional(Type.Union([
      Type.Literal('last', { description: 'The message the last `expect` matched (default).' }),
      Type.Literal('matched', { description: 'Every message the expects so far matched, in order: the conversation.' }),
    ], { title: 'last or matched', description: 'Which messages to judge.' })),
  },
  { ...strict, description: 'An LLM judge scores the messages against the rubric (0..1). Skipped, never passed, when no judge is configured.' },
);
