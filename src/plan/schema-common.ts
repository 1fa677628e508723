// Pieces every part of the plan schema shares: strict objects, durations, string maps, the fields of any test,
// and `ref`, which is how a schema used in many places is written once.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const strict = { additionalProperties: false } as const;

const SHARED = 'aitest:';

/** The `$id` of a shared schema: the generated files define it once (a definition, one compiled validator) and refer to it. */
export const sharedId = (name: string): string => `${SHARED}${name}`;

/** The name of a shared schema from its `$id` or `$ref`; undefined for anything else. */
export const sharedName = (id: unknown): string | undefined => (typeof id === 'string' && id.startsWith(SHARED) ? id.slice(SHARED.length) : undefined);

/**
 * A reference to a shared schema (one made with `$id: sharedId(…)`), typed as the schema itself. `description`
 * is the help editors show at this place (default: the shared schema's own).
 */
export const ref = <T extends TSchema>(schema: T, description: string = schema.description ?? '') =>
  Type.Unsafe<Static<T>>(Type.Ref(schema.$id ?? '', { description }));

export const Duration = Type.Union(
  [
    Type.Integer({ minimum: 0, description: 'Milliseconds.' }),
    Type.String({ pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h)\\s*$', examples: ['30s', '500ms', '2m'], description: 'A duration such as `500ms`, `30s`, `2m` or `1h`.' }),
  ],
  // `title` is the short noun phrase validation messages use ("must be …"); descriptions are editor help.
  { $id: sharedId('Duration'), title: 'a duration like "30s", "500ms" or "2m", or a number of milliseconds', description: 'A duration: `500ms`, `30s`, `2m`, or a number of milliseconds.' },
);

/** A duration field, described for its place. */
export const duration = (description: string) => ref(Duration, description);

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
