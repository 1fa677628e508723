// The plan language's one source of truth: TypeBox schemas. The TypeScript types (types.ts),
// the validator (validate.ts) and aitest.config.schema.json (scripts/write-schema.ts) all come from here.
import { Type, type TSchema } from '@sinclair/typebox';
import { Duration, duration, ref, sharedId, strict, StringMap, testCommon } from './schema-common.js';
import { BrowserName, BrowserOptions, BrowserOptionsRef, Device } from './schema-browser.js';
import { Budgets, PerformanceTest } from './schema-perf.js';
import { Selector } from './schema-selector.js';
import { UiStep, UiTest } from './schema-ui.js';
import { VisualTest } from './schema-visual.js';
import { AccessibilityTest } from './schema-a11y.js';
import { GraphqlOperation, graphqlExpectFields, graphqlSchemas } from './schema-graphql.js';
import { webSocketSchemas } from './schema-websocket.js';
import { loadSchemas } from './schema-load.js';
import { JudgeAssertion } from './schema-judge.js';

export { JudgeAssertion, JudgeCriterion } from './schema-judge.js';
import { ContractTest } from './schema-contract.js';

export { Selector, UiExpect, UiStep, UiTest } from './schema-ui.js';
export { Budgets, NetworkProfile, PerformanceTest } from './schema-perf.js';
export { BrowserName, BrowserOptions, CustomDevice, Device } from './schema-browser.js';
export { IgnoreRegion, VisualOptions, VisualTest } from './schema-visual.js';
export { A11yAllow, A11yOptions, AccessibilityTest } from './schema-a11y.js';
export { GraphqlErrorsExpectation, GraphqlOperation } from './schema-graphql.js';
export { AcceptedFinding, ContractCheckName, ContractTest, OperationFilter, SchemeCredentials } from './schema-contract.js';

export { Duration } from './schema-common.js';


export const SecretVar = Type.Object(
  {
    env: Type.String({ description: 'Name of the environment variable that holds the value.' }),
    secret: Type.Optional(Type.Boolean({ description: 'Redact this value from every report, log, the store and the judge.' })),
    default: Type.Optional(Type.String({ description: 'Value used when the environment variable is not set.' })),
  },
  { ...strict, description: 'A variable read from the environment, optionally secret.' },
);

export const VarValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), SecretVar, Type.Array(Type.Unknown()), Type.Null()], {
  title: 'text, a number, true/false, a list, or { env: NAME, secret: true }',
  description: 'A plain value, or `{ env: NAME, secret: true }` to read it from the environment.',
});

export const Defaults = Type.Object(
  {
    timeout: Type.Optional(duration('Per-test timeout (default 30s).')),
    retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, description: 'Retries for a failing test (default 0). A test that passes on retry is `flaky`.' })),
    headers: Type.Optional(StringMap('Headers sent with every request.')),
  },
  { ...strict, description: 'Defaults for every test in the plan.' },
);

export const WebServer = Type.Object(
  {
    command: Type.String({ description: 'Shell command that starts the server, e.g. `node server.js --port 4010`.' }),
    url: Type.String({ description: 'URL polled until it answers (any status below 500); then tests start.' }),
    timeout: Type.Optional(duration('How long to wait for `url` to answer (default 60s).')),
    reuseExisting: Type.Optional(Type.Boolean({ description: 'If `url` already answers, use that server instead of starting one.' })),
    env: Type.Optional(StringMap('Extra environment variables for the command.')),
    cwd: Type.Optional(Type.String({ description: 'Working directory of the command (default: the current directory).' })),
  },
  { ...strict, description: 'A server to start before the tests and stop after them.' },
);

export const Judge = Type.Object(
  {
    provider: Type.Optional(Type.Union([Type.Literal('openai'), Type.Literal('gemini')], { description: 'LLM provider: `openai` (any OpenAI-compatible server) or `gemini`.' })),
    model: Type.Optional(Type.String({ description: 'Model name, e.g. `gpt-4o-mini`.' })),
    baseUrl: Type.Optional(Type.String({ description: 'Base URL of an OpenAI-compatible server, e.g. `http://127.0.0.1:11434/v1`.' })),
    apiKey: Type.Optional(Type.Union([Type.String(), SecretVar], { title: 'text or { env: NAME, secret: true }', description: 'API key; prefer `{ env: OPENAI_API_KEY, secret: true }`.' })),
    temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 2, description: 'Sampling temperature (default 0).' })),
    maxTokens: Type.Optional(Type.Integer({ minimum: 1, description: 'Maximum tokens per judge reply.' })),
    timeout: Type.Optional(duration('Timeout per judge call.')),
    concurrency: Type.Optional(Type.Integer({ minimum: 1, description: 'Judge calls in flight at once (default 4).' })),
    rpm: Type.Optional(Type.Integer({ minimum: 1, description: 'Judge calls started per minute at most, e.g. your plan\'s rate limit.' })),
    cache: Type.Optional(Type.Union([
      Type.Boolean(),
      Type.Object({ ttl: duration('How long a verdict is reused (default 1h).') }, { ...strict, description: 'Verdict cache settings.' }),
    ], { title: 'true, false or { ttl }', description: 'Reuse verdicts for the same provider, model, prompt and images (default true, for 1h; `--no-judge-cache` turns it off for a run).' })),
  },
  { ...strict, description: 'The LLM judge (used by judge assertions; see the judge docs).' },
);

// ---------------------------------------------------------------- api tests

export const HttpMethod = Type.Union(
  (['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const).map((m) => Type.Literal(m)),
  { description: 'HTTP method (default GET).' },
);

export const Auth = Type.Union(
  [
    Type.Object({ bearer: Type.String({ description: 'Token sent as `Authorization: Bearer …`.' }) }, { ...strict, description: 'Bearer token auth.' }),
    Type.Object(
      {
        basic: Type.Object(
          { username: Type.String({ description: 'User name.' }), password: Type.String({ description: 'Password.' }) },
          { ...strict, description: 'Credentials sent as `Authorization: Basic …`.' },
        ),
      },
      { ...strict, description: 'HTTP basic auth.' },
    ),
  ],
  { title: '{ bearer: TOKEN } or { basic: { username, password } }', description: '`{ bearer: TOKEN }` or `{ basic: { username, password } }`.' },
);

export const HttpRequest = Type.Object(
  {
    method: Type.Optional(HttpMethod),
    url: Type.String({ description: 'Absolute URL, or a path relative to `baseUrl`.' }),
    headers: Type.Optional(StringMap('Request headers (merged over `defaults.headers`).')),
    query: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), { description: 'Query-string parameters.' })),
    json: Type.Optional(Type.Unknown({ description: 'JSON body; sets `content-type: application/json`.' })),
    form: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), { description: 'URL-encoded form body.' })),
    body: Type.Optional(Type.String({ description: 'Raw body.' })),
    auth: Type.Optional(Auth),
    timeout: Type.Optional(duration('Timeout of this request (default: the test timeout).')),
    followRedirects: Type.Optional(Type.Boolean({ description: 'Follow 3xx redirects (default true).' })),
  },
  { ...strict, $id: sharedId('HttpRequest'), description: 'An HTTP request.' },
);
const HttpRequestRef = ref(HttpRequest);

const JsonType = Type.Union((['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const).map((t) => Type.Literal(t)), {
  description: 'JSON type of the value.',
});

export const JsonPathAssertion = Type.Object(
  {
    equals: Type.Optional(Type.Unknown({ description: 'Deep-equals this value.' })),
    notEquals: Type.Optional(Type.Unknown({ description: 'Does not deep-equal this value.' })),
    contains: Type.Optional(Type.Unknown({ description: 'String contains this text, or array contains an element deep-matching this value.' })),
    matches: Type.Optional(Type.String({ description: 'String matches this regular expression (`/re/flags` or a bare pattern).' })),
    exists: Type.Optional(Type.Boolean({ description: 'The path matches something (true) or nothing (false).' })),
    type: Type.Optional(JsonType),
    length: Type.Optional(Type.Integer({ minimum: 0, description: 'Length of the array or string.' })),
    gt: Type.Optional(Type.Number({ description: 'Greater than.' })),
    gte: Type.Optional(Type.Number({ description: 'Greater than or equal.' })),
    lt: Type.Optional(Type.Number({ description: 'Less than.' })),
    lte: Type.Optional(Type.Number({ description: 'Less than or equal.' })),
  },
  { ...strict, $id: sharedId('JsonPathAssertion'), minProperties: 1, description: 'Assertions on the value at a JSONPath.' },
);
const JsonPathAssertionRef = ref(JsonPathAssertion);

export const StatusExpectation = Type.Union(
  [
    Type.Integer({ minimum: 100, maximum: 599, description: 'Exact status code.' }),
    Type.String({ pattern: '^[1-5]xx$', examples: ['2xx'], description: 'A status class such as `2xx`.' }),
    Type.Array(
      Type.Union([Type.Integer({ minimum: 100, maximum: 599 }), Type.String({ pattern: '^[1-5]xx$', examples: ['2xx'] })], {
        title: 'a status code or a class like "2xx"',
      }),
      { minItems: 1, description: 'Any of these codes or classes.' },
    ),
  ],
  { title: 'a status code, a list of status codes or a class like "2xx"', description: 'Expected status: `200`, `[200, 204]` or `2xx`.' },
);

export const BodyExpectation = Type.Union(
  [
    Type.String({ description: 'The body contains this text.' }),
    Type.Object(
      {
        contains: Type.Optional(Type.String({ description: 'The body contains this text.' })),
        notContains: Type.Optional(Type.String({ description: 'The body does not contain this text.' })),
        matches: Type.Optional(Type.String({ description: 'The body matches this regular expression (`/re/flags` or a bare pattern).' })),
      },
      { ...strict, minProperties: 1 },
    ),
  ],
  { title: 'text the body contains, or { contains, notContains, matches }', description: 'Assertions on the raw body text.' },
);

export const HttpExpect = Type.Object(
  {
    status: Type.Optional(StatusExpectation),
    headers: Type.Optional(StringMap('Expected headers: exact value, or `/regex/` to match.')),
    json: Type.Optional(Type.Unknown({ description: 'The JSON body deep-partially matches this value (extra keys allowed).' })),
    jsonPath: Type.Optional(Type.Record(Type.String(), JsonPathAssertionRef, { description: 'JSONPath (e.g. `$.items[0].id`) → assertions.' })),
    body: Type.Optional(BodyExpectation),
    schema: Type.Optional(Type.Unknown({ description: 'JSON Schema the JSON body must validate against (formats supported), or `{ $ref: "openapi.yaml#/components/schemas/User" }` for a schema of an OpenAPI document (relative to the plan).' })),
    openapi: Type.Optional(Type.Object({
      spec: Type.String({ description: 'OpenAPI 2.0/3.x document: a path relative to the plan, or an http(s) URL.' }),
      operationId: Type.String({ description: 'The operation this response answers.' }),
    }, { ...strict, description: 'The response conforms to its operation in an OpenAPI document: documented status, content type, body schema and headers (the contract checks).' })),
    maxDuration: Type.Optional(duration('The response arrives within this time.')),
    judge: Type.Optional(JudgeAssertion),
  },
  { ...strict, $id: sharedId('HttpExpect'), description: 'What the response must look like. Each entry becomes a check with expected and actual values.' },
);
const HttpExpectRef = ref(HttpExpect);

export const Capture = Type.Record(
  Type.String(),
  Type.Union([
    Type.String({ description: 'A JSONPath into the JSON body, e.g. `$.id`.' }),
    Type.Object({ header: Type.String({ description: 'Response header name.' }) }, { ...strict, description: 'A response header.' }),
  ], { title: 'a JSONPath like "$.id" or { header: NAME }' }),
  { $id: sharedId('Capture'), description: 'Values to capture for later steps: name → JSONPath or `{ header: NAME }`. Use as `${{ captures.name }}`.' },
);
const CaptureRef = ref(Capture);

export const ApiStep = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'Step title in reports (default: METHOD url, or `GraphQL query|mutation [operationName]`).' })),
    request: Type.Optional(HttpRequestRef),
    graphql: Type.Optional(GraphqlOperation),
    expect: Type.Optional(Type.Object({ ...HttpExpect.properties, ...graphqlExpectFields }, { ...strict, description: 'What the response must look like; each entry is a check. A `graphql` step checks `data` and `errors` (and `schema` validates `data`); a `request` step checks `json` and `body`.' })),
    capture: Type.Optional(CaptureRef),
    check: Type.Optional(Type.Unknown({ description: 'TypeScript plans only: a function `(response) => void | boolean | string` for a custom assertion.' })),
  },
  { ...strict, description: 'One call in a multi-step api test: an HTTP `request`, or a `graphql` operation.' },
);


export const ApiTest = Type.Object(
  {
    ...testCommon,
    type: Type.Literal('api', { description: 'A REST/HTTP test.' }),
    request: Type.Optional(HttpRequestRef),
    expect: Type.Optional(HttpExpectRef),
    capture: Type.Optional(CaptureRef),
    check: Type.Optional(ApiStep.properties.check),
    steps: Type.Optional(Type.Array(ApiStep, { minItems: 1, description: 'Requests run in order, sharing captures.' })),
  },
  { ...strict, description: 'An api test: one `request` with `expect`, or a list of `steps`.' },
);

export const { GraphqlExpect, GraphqlTest } = graphqlSchemas(HttpExpect.properties, CaptureRef);

export const { WebSocketExpect, WebSocketStep, WebSocketTest } = webSocketSchemas(JsonPathAssertionRef);

export const { LoadStep, LoadTest } = loadSchemas(HttpRequestRef, HttpExpectRef, CaptureRef);

/** Test schemas by type. A new executor adds its body here. */
export const testSchemas = {
  api: ApiTest,
  ui: UiTest,
  visual: VisualTest,
  accessibility: AccessibilityTest,
  performance: PerformanceTest,
  websocket: WebSocketTest,
  graphql: GraphqlTest,
  contract: ContractTest,
  load: LoadTest,
} satisfies Record<string, TSchema>;


/**
 * Schemas used in many places (each made with `$id: sharedId(…)` and used through `ref`): the generated files
 * hold each once, as a definition of the editor schema and as one compiled validator. Every `ref` target is here.
 */
export const sharedSchemas: TSchema[] = [Duration, Selector, UiStep, BrowserOptions, Budgets, HttpRequest, JsonPathAssertion, HttpExpect, Capture];

export const Test = Type.Union(Object.values(testSchemas), { description: 'A test; `type` says which kind.' });

export const Plan = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'JSON schema reference for editors.' })),
    name: Type.String({ minLength: 1, description: 'Plan name, shown in reports and used to group history.' }),
    baseUrl: Type.Optional(Type.String({ description: 'Base URL that relative request URLs resolve against.' })),
    // additionalProperties: false makes a bad variable name an error instead of silently allowed.
    vars: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), VarValue, { additionalProperties: false, description: 'Variables, used as `${{ vars.name }}`. `seed` seeds the faker generators.' })),
    defaults: Type.Optional(Defaults),
    webServer: Type.Optional(WebServer),
    browsers: Type.Optional(Type.Array(BrowserName, { minItems: 1, uniqueItems: true, description: 'Browsers the browser tests run in (default: chromium). Each browser × device is a project.' })),
    devices: Type.Optional(Type.Array(Device, { minItems: 1, description: 'Devices the browser tests emulate, e.g. `[Desktop Chrome, iPhone 13]`.' })),
    browser: Type.Optional(BrowserOptionsRef),
    judge: Type.Optional(Judge),
    assessment: Type.Optional(Type.Object({
      weights: Type.Optional(Type.Object({
        functionality: Type.Optional(Type.Number({ minimum: 0, description: 'Pass rate of all tests (default 0.25).' })),
        ui: Type.Optional(Type.Number({ minimum: 0, description: 'Pass rate of ui and visual tests (default 0.3).' })),
        performance: Type.Optional(Type.Number({ minimum: 0, description: 'Budgets and thresholds met by performance and load tests (default 0.25).' })),
        accessibility: Type.Optional(Type.Number({ minimum: 0, description: 'Accessibility violations weighted by impact (default 0.2).' })),
      }, { ...strict, description: 'Relative weights; criteria with no tests drop out and the rest are renormalised.' })),
    }, { ...strict, description: 'How the run\'s quality score is weighted.' })),
    tests: Type.Array(Test, { description: 'The tests.' }),
  },
  { ...strict, $id: 'https://aitest.dev/aitest.config.schema.json', title: 'aitest plan', description: 'An aitest plan: one file, every kind of check.' },
);
