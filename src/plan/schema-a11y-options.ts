// How to scan a page with axe-core: shared by accessibility tests and the ui step `a11y`.
import { Type } from '@sinclair/typebox';
import { strict } from './schema-common.js';

const impact = (description: string) =>
  Type.Union((['minor', 'moderate', 'serious', 'critical'] as const).map((i) => Type.Literal(i)), {
    title: 'minor, moderate, serious or critical',
    description,
  });

const selectors = (description: string) => Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description });

export const A11yAllow = Type.Object(
  {
    rule: Type.String({ minLength: 1, description: 'axe rule id, e.g. `color-contrast`.' }),
    selector: Type.Optional(Type.String({ minLength: 1, description: 'Only the element with this axe target (e.g. `#faint`); default: every element the rule flags.' })),
    reason: Type.String({ minLength: 1, description: 'Why it is accepted (shown in the report), e.g. a ticket number.' }),
  },
  { ...strict, description: 'A known violation that is accepted: reported as passing, with its reason.' },
);

// One field set for both places that scan: the `accessibility` test and (later) a ui step `a11y: { … }`.
export const a11yFields = {
  standard: Type.Optional(
    Type.Union((['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] as const).map((s) => Type.Literal(s)), {
      title: 'wcag2a, wcag2aa, wcag21aa or wcag22aa',
      description: 'WCAG level whose axe rules run (default wcag21aa); each level includes the ones below it.',
    }),
  ),
  bestPractice: Type.Optional(Type.Boolean({ description: 'Also run axe\'s best-practice rules, which no WCAG criterion requires (default false).' })),
  include: Type.Optional(selectors('CSS selectors of the parts to scan (default: the whole page).')),
  exclude: Type.Optional(selectors('CSS selectors of parts to leave out, e.g. third-party widgets.')),
  disableRules: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'axe rule ids not to run, e.g. `region`.' })),
  failOn: Type.Optional(impact('Lowest impact that fails the test (default serious); lesser violations are reported but pass.')),
  allow: Type.Optional(Type.Array(A11yAllow, { description: 'Known violations to accept, each with a reason.' })),
};

export const A11yOptions = Type.Object(a11yFields, { ...strict, description: 'How to scan a page with axe-core.' });
