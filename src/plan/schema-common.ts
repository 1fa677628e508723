// Pieces every part of the plan schema shares: strict objects, durations, string maps, the fields of any test.
import { Type } from '@sinclair/typebox';

export const strict = { additionalProperties: false } as const;

// A function, not one schema spread with a new description: spreading a TypeBox schema makes a type that
// declaration emit can't name (TS4023).
export const duration = (description: string) =>
  Type.Union(
    [
      Type.Integer({ minimum: 0, description: 'Milliseconds.' }),
      Type.String({ pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h)\\s*$', examples: ['30s', '500ms', '2m'], description: 'A duration such as `500ms`, `30s`, `2m` or `1h`.' }),
    ],
    // `title` is the short noun phrase validation messages use ("must be …"); descriptions are editor help.
    { title: 'a duration like "30s", "500ms" or "2m", or a number of milliseconds', description },
  );

export const StringMap = (description: string) => Type.Record(Type.String(), Type.String(), { description });

// Fields every test has, whatever its type.
export const testCommon = {
  name: Type.String({ minLength: 1, description: 'Test name, unique within the plan.' }),
  tags: Type.Optional(Type.Array(Type.String(), { description: 'Tags for `--tag` filtering.' })),
  skip: Type.Optional(Type.Union([Type.Boolean(), Type.String()], { title: 'true, false or a reason', description: '`true` or a reason: the test is reported as skipped.' })),
  only: Type.Optional(Type.Boolean({ description: 'Run only tests marked `only` (refused under CI unless --allow-only).' })),
  timeout: Type.Optional(duration('Timeout of this test (default: defaults.timeout or 30s).')),
  retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, description: 'Retries if it fails.' })),
  requirement: Type.Optional(Type.String({ minLength: 1, description: 'The requirement this test covers (its id or heading), e.g. as `aitest generate` writes it.' })),
};
