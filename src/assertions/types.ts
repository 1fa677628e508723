// Shapes shared by every assertion: what is checked, what a check reports, and the caches assertions use.

/** One check result, as an executor records it with `ctx.check` (same shape as the executor contract's CheckInput). */
export interface CheckInput {
  name: string;
  ok: boolean;
  expected?: unknown;
  actual?: unknown;
  message?: string;
  /** Why it did not run; `ok` is then false, and the test neither passes nor fails because of it. */
  skipped?: string;
}

/**
 * What assertions look at. An HTTP response fits it as is; a GraphQL response or a WebSocket message
 * fills what it has. `json` is `undefined` when the body is not JSON (JSON never parses to undefined).
 */
export interface ResponseSubject {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
  readonly json: unknown;
  readonly durationMs?: number;
}

/** Per-worker memo of compiled things, so the hot path never recompiles a regex, schema or JSONPath. */
export interface AssertionCache {
  /** `/re/flags` or a bare pattern; throws a plan error for an invalid pattern. */
  regex(source: string): RegExp;
  /** A compiled JSON Schema validator; throws a plan error for an invalid schema. */
  schema(schema: unknown): SchemaValidator;
  /** A compiled JSONPath query. */
  path(path: string): CompiledPath;
}

export interface SchemaValidator {
  /** Plain-words problems (`/email must match format "email"`); empty when valid. */
  (value: unknown): string[];
}

export interface PathResult {
  /** Values found, in document order. */
  values: unknown[];
  /** True when the path names at most one place (`$.items[0].id`), so its value is `values[0]`, not the list. */
  definite: boolean;
}

export type CompiledPath = (json: unknown) => PathResult;

/** An assertion: the subject plus its expectation in, checks out. Never throws for a failed expectation. */
export type Assertion<E> = (subject: ResponseSubject, expected: E, cache: AssertionCache) => CheckInput[];
